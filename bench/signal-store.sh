#!/usr/bin/env bash
# Fallback benchmark: long-poll delivery latency vs the seed's 1.5 s fixed-interval polling (same
# run, same signals), and sustained inbox polls per core of signal-store-service.
# signal-store-service is pinned to CPU 0; auth-service, signaling-service and the load generator
# to CPU 1 (PostgreSQL and Redis are not pinned). Results: bench/results/.
#
#   bench/signal-store.sh     (MODES, PAIRS, RATE, DURATION, USERS, CONCURRENCY override the defaults)
set -euo pipefail
cd "$(dirname "$0")/.."

PAIRS=${PAIRS:-40}
RATE=${RATE:-200}
DURATION=${DURATION:-30}
USERS=${USERS:-100}
CONCURRENCY=${CONCURRENCY:-64}
OUT=bench/results/signal-store-$(date -u +%Y%m%dT%H%M%SZ).txt
RUN=.run/bench
mkdir -p bench/results "$RUN"

scripts/ensure-infra.sh
export DB_PASSWORD=${DB_PASSWORD:-cybernet-dev}
./mvnw -q -B --no-transfer-progress package -DskipTests -Dspotless.check.skip=true \
  -pl auth-service,signaling-service,signal-store-service,test-support,signaling-bench -am
CP="signaling-bench/target/signaling-bench-0.1.0-SNAPSHOT.jar:test-support/target/classes:$(ls ~/.m2/repository/org/hdrhistogram/HdrHistogram/2.2.2/HdrHistogram-2.2.2.jar)"

pids=()
cleanup() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap cleanup EXIT
wait_ready() { for _ in $(seq 1 120); do curl -sf -o /dev/null "$1" && return 0; sleep 0.5; done; echo "not ready: $1" >&2; exit 1; }

common=(AUTH_SERVER_URL=http://127.0.0.1:8091 SIGNALING_AUTH_URL=http://127.0.0.1:8091 QUARKUS_LOG_LEVEL=WARN)
env QUARKUS_HTTP_PORT=8091 AUTH_ISSUER=http://127.0.0.1:8091 AUTH_SIGNING_DEV_KEY_DIR="$PWD/$RUN/keys" \
  taskset -c 1 java -jar auth-service/target/quarkus-app/quarkus-run.jar >"$RUN/auth.log" 2>&1 &
pids+=($!)
wait_ready http://127.0.0.1:8091/q/health/ready
# Benchmark-only: the HTTP sender's per-user frame limit would otherwise be what we measure.
env "${common[@]}" QUARKUS_HTTP_PORT=8092 SIGNALING_LIMITS_FRAMES_PER_SECOND=1000000 \
  SIGNALING_LIMITS_FRAME_BURST=1000000 \
  taskset -c 1 java -Xmx512m -jar signaling-service/target/quarkus-app/quarkus-run.jar >"$RUN/signaling.log" 2>&1 &
pids+=($!)
wait_ready http://127.0.0.1:8092/q/health/ready
# Benchmark-only: the per-user inbox request limit (20/s) would otherwise be what we measure.
env "${common[@]}" QUARKUS_HTTP_PORT=8094 SIGNAL_STORE_INBOX_REQUESTS_PER_SECOND=1000000 \
  taskset -c 0 java -Xmx512m -jar signal-store-service/target/quarkus-app/quarkus-run.jar >"$RUN/signal-store.log" 2>&1 &
pids+=($!)
store_pid=$!
wait_ready http://127.0.0.1:8094/q/health/ready

gen() {
  taskset -c 1 java -Xmx1g -cp "$CP" io.cybernetcall.bench.InboxBench auth-url=http://127.0.0.1:8091 \
    signaling-url=http://127.0.0.1:8092 store-url=http://127.0.0.1:8094 "$@"
}
MODES=${MODES:-latency,throughput}
{
  echo "# Signal-store benchmark $(date -u +%FT%TZ) on $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs))"
  if [[ $MODES == *latency* ]]; then
    echo "## Fallback delivery latency: long-poll vs the seed's fixed 1.5 s polling, same run"
    gen mode=latency pairs="$PAIRS" rate="$RATE" duration="$DURATION" interval-ms=1500
  fi
  if [[ $MODES == *throughput* ]]; then
    echo "## Sustained polls (store pinned to one core)"
    gen mode=throughput users="$USERS" concurrency="$CONCURRENCY" duration="$DURATION" store-pid="$store_pid"
  fi
} 2>/dev/null | tee "$OUT"
echo "results: $OUT"
