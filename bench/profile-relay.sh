#!/usr/bin/env bash
# Where a relayed frame's CPU goes, at one rate (200 B ICE candidates, one signaling replica, one
# Redis): signaling-service's CPU per thread (/proc), a JFR profile of its Java code
# (RelayProfile), and Redis's commands and their time per frame (INFO commandstats).
#   bench/profile-relay.sh        (RATE=5000, DURATION=20, PAIRS=40, WARMUP=40 override)
# Results: bench/results/profile-*.txt; written up in docs/benchmarks.md ("Where a frame's CPU goes").
set -euo pipefail
cd "$(dirname "$0")/.."
RATE=${RATE:-5000}
DURATION=${DURATION:-20}
PAIRS=${PAIRS:-40}
WARMUP=${WARMUP:-40}
OUT=bench/results/profile-$(date -u +%Y%m%dT%H%M%SZ).txt
RUN=.run/bench-profile
mkdir -p bench/results "$RUN"
source bench/lib.sh

# DebugNonSafepoints: samples name the method that ran, not the nearest safepoint's.
one_replica "$RUN" bench-profile -- -Xmx512m -XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints

gen() {
  taskset -c 1 java -Xmx1g -cp "$CP" io.cybernetcall.bench.SignalingBench target=cybernet \
    url=http://127.0.0.1:8092 auth-url=http://127.0.0.1:8091 pairs="$PAIRS" size=200 \
    half-step=false server-pid="$signaling_pid" redis-pid="$redis_pid" "$@"
}
thread_ticks() { # "ticks name" per thread of the service, digits in names folded
  for task in /proc/"$signaling_pid"/task/*; do
    local stat fields
    stat=$(cat "$task/stat" 2>/dev/null) || continue
    read -ra fields <<<"${stat##*) }"
    echo "$((fields[11] + fields[12])) $(tr -d '0-9' <"$task/comm" | tr ' ' '_')"
  done | awk '{t[$2] += $1} END {for (n in t) print n, t[n]}' | sort
}

gen warmup="$WARMUP" rates=2000 duration=5 >/dev/null 2>&1
thread_ticks >"$RUN/threads-before"
redis_before=$(ticks "$redis_pid")
redis-cli config resetstat >/dev/null
jcmd "$signaling_pid" JFR.start name=relay settings="$PWD/bench/relay-profile.jfc" >/dev/null
# Measured: the step's 2 s lead-in plus DURATION s at RATE, after a 2 s lead-in at RATE (warmup=0).
gen warmup=0 warmup-rate="$RATE" rates="$RATE" duration="$DURATION" >"$RUN/gen.txt" 2>/dev/null
jcmd "$signaling_pid" JFR.dump name=relay filename="$PWD/$RUN/relay.jfr" >/dev/null
jcmd "$signaling_pid" JFR.stop name=relay >/dev/null
thread_ticks >"$RUN/threads-after"
redis_ticks=$(($(ticks "$redis_pid") - redis_before))
frames=$((RATE * (DURATION + 4)))

{
  echo "# Relay profile $(date -u +%FT%TZ) on $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs))"
  echo "rate=$RATE/s duration=${DURATION}s pairs=$PAIRS frames in the window: $frames"
  grep -v '^warm-up' "$RUN/gen.txt"
  echo "## signaling-service CPU per thread over the window (µs per frame)"
  join -a 2 -e 0 -o 0,1.2,2.2 "$RUN/threads-before" "$RUN/threads-after" |
    awk -v f="$frames" '{d = $3 - $2; total += d; if (d > 0) printf "%8.1f  %s\n", d * 10000 / f, $1}
      END {printf "%8.1f  all threads\n", total * 10000 / f}' | sort -rn
  echo "## Redis: CPU per frame $(echo "$redis_ticks * 10000 / $frames" | bc -l | xargs printf '%.1f') µs; commands per frame and their time"
  redis-cli info commandstats | tr -d '\r' | awk -F'[:,=]' -v f="$frames" \
    '/^cmdstat_/ {sub("cmdstat_", "", $1); printf "%8.3f calls/frame  %7.1f µs/frame  %7.2f µs/call  %s\n", $3 / f, $5 / f, $7, $1}' |
    sort -k3 -rn
  echo "## Java execution samples (JFR, 1 ms), signaling-service"
  java -cp "$CP" io.cybernetcall.bench.RelayProfile "$RUN/relay.jfr" frames=25
} | tee "$OUT"
echo "results: $OUT"
