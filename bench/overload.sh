#!/usr/bin/env bash
# A replica offered more than it can route: 4 KB frames at OVER_RATE (default 15,000/s, about three
# times what one replica routes here) with the benchmark's per-socket limits lifted, then RECOVER_RATE
# (2,000/s) to show the replica still serves. Reports each step, how many frames the server refused
# with `unavailable`, the most the inbound queues held (gauge signaling_inbound_queued_chars) and the
# replica's largest resident set while overloaded.
#   bench/overload.sh             (OVER_RATE, RECOVER_RATE, DURATION=20, PAIRS=40, HEAP=512m override)
# Results: bench/results/overload-*.txt; written up in docs/reliability.md ("Overload").
set -euo pipefail
cd "$(dirname "$0")/.."
OVER_RATE=${OVER_RATE:-15000}
RECOVER_RATE=${RECOVER_RATE:-2000}
DURATION=${DURATION:-20}
PAIRS=${PAIRS:-40}
HEAP=${HEAP:-512m}
OUT=bench/results/overload-$(date -u +%Y%m%dT%H%M%SZ).txt
RUN=.run/bench-overload
mkdir -p bench/results "$RUN"
source bench/lib.sh

one_replica "$RUN" bench-overload -- -Xmx"$HEAP"

gen=(taskset -c 1 java -Xmx1g -cp "$CP" io.cybernetcall.bench.SignalingBench target=cybernet
  url=http://127.0.0.1:8092 auth-url=http://127.0.0.1:8091 pairs="$PAIRS" size=4096
  half-step=false server-pid="$signaling_pid" redis-pid="$redis_pid")
# While overloaded: the largest RSS and queued characters, sampled every 0.5 s.
watch_replica() {
  local rss queued max_rss=0 max_queued=0
  while kill -0 "$signaling_pid" 2>/dev/null && [[ ! -e $RUN/stop-watch ]]; do
    rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$signaling_pid/status")
    queued=$(curl -sf -m 2 http://127.0.0.1:8092/q/metrics | awk '/^signaling_inbound_queued_chars / {printf "%d", $2}') || true
    ((rss > max_rss)) && max_rss=$rss
    ((${queued:-0} > max_queued)) && max_queued=${queued:-0}
    sleep 0.5
  done
  echo "largest RSS ${max_rss} KiB, most queued ${max_queued} characters"
}

"${gen[@]}" warmup=20 rates=2000 duration=5 >/dev/null 2>&1
rm -f "$RUN/stop-watch"
watch_replica >"$RUN/watch.txt" &
watch_pid=$!
timeout 300 "${gen[@]}" warmup=0 rates="$OVER_RATE" duration="$DURATION" >"$RUN/over.txt" 2>/dev/null || true
touch "$RUN/stop-watch"
wait "$watch_pid"
serving=$(curl -sf -m 5 -o /dev/null http://127.0.0.1:8092/q/health/ready && echo yes || echo no)
timeout 120 "${gen[@]}" warmup=0 rates="$RECOVER_RATE" duration=10 >"$RUN/recover.txt" 2>/dev/null || true

{
  echo "# Overload $(date -u +%FT%TZ) on $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), signaling-service -Xmx$HEAP"
  echo "## $OVER_RATE msgs/s of 4 KB, $PAIRS pairs, per-socket limits lifted"
  grep '^rate' "$RUN/over.txt" || echo "(no step result: the generator failed)"
  echo "replica while overloaded: $(cat "$RUN/watch.txt"); ready afterwards: $serving"
  echo "## then $RECOVER_RATE msgs/s"
  grep '^rate' "$RUN/recover.txt" || echo "(no step result)"
  echo "## out-of-memory errors in the replica's log: $(grep -c OutOfMemoryError "$RUN/signaling.log" || true)"
} | tee "$OUT"
echo "results: $OUT"
