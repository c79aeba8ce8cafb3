#!/usr/bin/env bash
# Live heap per idle authenticated socket, and which classes hold it: auth-service and one
# signaling-service on the benchmark's Redis database, IDLE sockets opened by SignalingBench and
# held, `jmap -histo:live` of signaling-service before they open and while they are idle.
#   bench/idle-memory.sh          (IDLE=2000 and TOP=25 override; extra signaling-service settings
#                                  as SIGNALING_ENV="NAME=value ...", to compare a change)
# Results: bench/results/idle-memory-*.txt; written up in docs/benchmarks.md ("Idle memory").
set -euo pipefail
cd "$(dirname "$0")/.."
IDLE=${IDLE:-2000}
TOP=${TOP:-25}
OUT=bench/results/idle-memory-$(date -u +%Y%m%dT%H%M%SZ).txt
RUN=.run/bench-idle
mkdir -p bench/results "$RUN"
source bench/lib.sh

# shellcheck disable=SC2086 # SIGNALING_ENV is a list of NAME=value words
one_replica "$RUN" bench-idle ${SIGNALING_ENV:-} -- -Xmx512m

histo() { # class bytes instances, live objects only (jmap forces a full collection first)
  jmap -histo:live "$signaling_pid" | awk '$1 ~ /^[0-9]+:$/ {print $4, $3, $2}' | sort
}

# A short relay first, so what every socket's first frame loads is there before the reading.
taskset -c 1 java -Xmx1g -cp "$CP" io.cybernetcall.bench.SignalingBench target=cybernet \
  url=http://127.0.0.1:8092 auth-url=http://127.0.0.1:8091 pairs=4 size=200 rates=500 duration=3 \
  warmup=3 half-step=false >/dev/null 2>&1
histo >"$RUN/before"
hold=60
taskset -c 1 java -Xmx1g -cp "$CP" io.cybernetcall.bench.SignalingBench target=cybernet \
  url=http://127.0.0.1:8092 auth-url=http://127.0.0.1:8091 pairs=1 rates=100 duration=1 warmup=0 \
  half-step=false idle="$IDLE" idle-hold="$hold" \
  server-pid="$signaling_pid" >"$RUN/gen.txt" 2>&1 &
gen_pid=$!
pids+=("$gen_pid")
# Wait until the sockets are open: the live WebSocket objects stop growing (a full collection
# each time, so the closed sockets of the relay above are not counted).
sockets() { jmap -histo:live "$signaling_pid" | awk '$4 == "io.vertx.core.http.impl.ServerWebSocketImpl" {n = $2} END {print n + 0}'; }
last=-1
for _ in $(seq 1 50); do
  sleep 2
  now=$(sockets)
  ((now >= IDLE * 9 / 10 && now == last)) && break
  last=$now
done
histo >"$RUN/after"
wait "$gen_pid" || true
open=$(awk '$1 == "io.vertx.core.http.impl.ServerWebSocketImpl" {print $3}' "$RUN/after")

{
  echo "# Idle memory $(date -u +%FT%TZ) on $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs))"
  echo "signaling-service settings beyond the benchmark's: ${SIGNALING_ENV:-none}"
  grep '^idle connections' "$RUN/gen.txt" || true
  join -a 1 -a 2 -e 0 -o 0,1.2,2.2,1.3,2.3 "$RUN/before" "$RUN/after" |
    awk -v n="$open" '
      {d = $3 - $2; total += d; if (d > 0) {print d / n, ($5 - $4) / n, $1}}
      END {printf "TOTAL %.1f KiB of live heap per socket over %d open sockets\n", total / n / 1024, n > "/dev/stderr"}' \
      2>"$RUN/total" | sort -rn |
    awk -v top="$TOP" 'BEGIN {print "## classes that grew, bytes and instances per socket"}
      NR <= top {printf "%8.0f B  %6.2f  %s\n", $1, $2, $3}'
  sed 's/^TOTAL /## /' "$RUN/total"
} | tee "$OUT"
echo "results: $OUT"
