#!/usr/bin/env bash
# Signaling benchmark: our signaling-service vs peerjs-server, same workload shape, one run.
# Servers are pinned to CPU 0, the load generator to CPU 1 (taskset). Results: bench/results/.
#
#   bench/signaling.sh            (RATES, PAIRS, DURATION, IDLE, WARMUP override the defaults;
#                                  CLUSTER=0 skips the Redis Cluster section; ONLY=200B runs the
#                                  200 B single-node sections alone; SIGNALING_JAR runs another build
#                                  of signaling-service, OUT names the result file: see
#                                  bench/what-if-no-redis.sh)
set -euo pipefail
cd "$(dirname "$0")/.."

RATES=${RATES:-2000,5000,10000,12500,15000,20000,30000,40000}
PAIRS=${PAIRS:-40}
DURATION=${DURATION:-10}
IDLE=${IDLE:-2000}
# Seconds at 2,000 msg/s before anything is recorded. On a slow core the JIT was still compiling
# the hot path (C2 at half the core) 80 s after start: 20 s measured the compiler, not the relay.
WARMUP=${WARMUP:-60}
OUT=${OUT:-bench/results/signaling-$(date -u +%Y%m%dT%H%M%SZ).txt}
SIGNALING_JAR=${SIGNALING_JAR:-signaling-service/target/quarkus-app/quarkus-run.jar}
ONLY=${ONLY:-all}
RUN=.run/bench
mkdir -p bench/results "$RUN"
source bench/lib.sh

scripts/ensure-infra.sh
# Redis is not pinned (2 cores: it shares them); its CPU time per message is reported beside the server's.
bench_redis
build_bench
(cd bench/peerjs && npm install --no-audit --no-fund --silent >/dev/null)

pids=()
# Also what a section started in the output pipeline's subshell, which the EXIT trap does not
# cover when a failing step ends that subshell early (their pids are in $RUN/*.pid).
cleanup() {
  kill "${pids[@]}" $(cat "$RUN"/*.pid 2>/dev/null) 2>/dev/null || true
  rm -f "$RUN"/*.pid
  wait 2>/dev/null || true
}
trap cleanup EXIT

start_auth "$RUN"
pids+=("$auth_pid")

start_signaling() { # port replica-id
  port_free "$1"
  env "${bench_env[@]}" QUARKUS_HTTP_PORT=$1 SIGNALING_REPLICA_ID=$2 \
    taskset -c 0 java -Xmx512m -jar "$SIGNALING_JAR" >"$RUN/$2.log" 2>&1 &
  pids+=($!)
  echo $! >"$RUN/$2.pid"
  wait_ready "http://127.0.0.1:$1/q/health/ready"
}
start_signaling 8092 bench-a
signaling_pid=${pids[-1]}
taskset -c 0 node bench/peerjs/node_modules/peer/dist/bin/peerjs.js --port 9000 >"$RUN/peerjs.log" 2>&1 &
pids+=($!)
peerjs_pid=$!
for _ in $(seq 1 40); do curl -s -o /dev/null http://127.0.0.1:9000/ && break; sleep 0.5; done

# The same relay, one signaling replica and auth-service on a three-master Redis Cluster with a
# replica each (its own ports and data), with the CPU of each Redis node reported per master.
cluster_section() {
  export REDIS_CLUSTER_BASE_PORT=7300 REDIS_CLUSTER_DIR=$RUN/redis-cluster
  scripts/redis-cluster.sh stop >/dev/null
  scripts/redis-cluster.sh start >/dev/null
  local seeds node_pids=() masters port
  seeds=$(scripts/redis-cluster.sh env | sed -n 's/^REDIS_URL=//p')
  for port in $(seq 7300 7305); do node_pids+=("$(cat "$REDIS_CLUSTER_DIR/$port/redis.pid")"); done
  # Masters that own slots: right after the cluster is made, a node's view may still list a
  # replica as a master, with no slots (2026-12-04 17:02 run).
  mapfile -t masters < <(redis-cli -p 7300 cluster nodes | awk '$3 ~ /master/ && NF >= 9 {split($2, a, "[:@]"); print a[2]}' | sort)
  env QUARKUS_HTTP_PORT=8096 AUTH_ISSUER=http://127.0.0.1:8096 AUTH_SIGNING_DEV_KEY_DIR="$PWD/$RUN/keys" \
    REDIS_URL="$seeds" REDIS_CLIENT_TYPE=cluster \
    taskset -c 1 java -jar auth-service/target/quarkus-app/quarkus-run.jar >"$RUN/auth-cluster.log" 2>&1 &
  local cluster_auth=$!
  echo "$cluster_auth" >"$RUN/auth-cluster.pid"
  wait_ready http://127.0.0.1:8096/q/health/ready
  env "${bench_env[@]}" AUTH_SERVER_URL=http://127.0.0.1:8096 SIGNALING_AUTH_URL=http://127.0.0.1:8096 \
    REDIS_URL="$seeds" REDIS_CLIENT_TYPE=cluster QUARKUS_HTTP_PORT=8097 SIGNALING_REPLICA_ID=bench-c \
    taskset -c 0 java -Xmx512m -jar "$SIGNALING_JAR" >"$RUN/bench-c.log" 2>&1 &
  local cluster_signaling=$!
  echo "$cluster_signaling" >"$RUN/bench-c.pid"
  wait_ready http://127.0.0.1:8097/q/health/ready
  local before=() after=() i
  for port in "${masters[@]}"; do before+=("$(ticks "$(cat "$REDIS_CLUSTER_DIR/$port/redis.pid")")"); done
  echo "## 200 B, single node on a Redis Cluster (3 masters, 3 replicas; Redis CPU: all six nodes)"
  gen target=cybernet url=http://127.0.0.1:8097 auth-url=http://127.0.0.1:8096 pairs="$PAIRS" size=200 rates="$RATES" duration="$DURATION" server-pid="$cluster_signaling" redis-pid="$(IFS=,; echo "${node_pids[*]}")"
  for port in "${masters[@]}"; do after+=("$(ticks "$(cat "$REDIS_CLUSTER_DIR/$port/redis.pid")")"); done
  local total=0
  for i in "${!masters[@]}"; do total=$((total + after[i] - before[i])); done
  echo "## Redis Cluster: each master's share of the masters' CPU over the whole section"
  for i in "${!masters[@]}"; do
    echo "master ${masters[i]}: $(( (after[i] - before[i]) * 1000 / (total > 0 ? total : 1) ))‰ ($((after[i] - before[i])) ticks)"
  done
  # This runs in the output pipeline's subshell, which the EXIT trap does not cover.
  kill "$cluster_signaling" "$cluster_auth" 2>/dev/null || true
  wait "$cluster_signaling" "$cluster_auth" 2>/dev/null || true
  scripts/redis-cluster.sh stop >/dev/null
}

gen() { taskset -c 1 java -Xmx1g -cp "$CP" io.cybernetcall.bench.SignalingBench warmup="$WARMUP" redis-pid="$redis_pid" "$@"; }
{
  echo "# Signaling benchmark $(date -u +%FT%TZ) on $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs))"
  echo "## 200 B, single node: Cybernet Call${VARIANT:+ ($VARIANT)}"
  gen target=cybernet url=http://127.0.0.1:8092 auth-url=http://127.0.0.1:8091 pairs="$PAIRS" size=200 rates="$RATES" duration="$DURATION" idle="$IDLE" server-pid="$signaling_pid"
  echo "## 200 B, single node: peerjs-server 1.0.2"
  gen target=peerjs url=http://127.0.0.1:9000 pairs="$PAIRS" size=200 rates="$RATES" duration="$DURATION" idle="$IDLE" server-pid="$peerjs_pid"
  [[ $ONLY == 200B ]] && exit 0
  echo "## 4 KB, single node: Cybernet Call"
  gen target=cybernet url=http://127.0.0.1:8092 auth-url=http://127.0.0.1:8091 pairs="$PAIRS" size=4096 rates="$RATES" duration="$DURATION" server-pid="$signaling_pid"
  echo "## 4 KB, single node: peerjs-server 1.0.2"
  gen target=peerjs url=http://127.0.0.1:9000 pairs="$PAIRS" size=4096 rates="$RATES" duration="$DURATION" server-pid="$peerjs_pid"
  start_signaling 8093 bench-b
  echo "## 200 B, cross-replica (sender on replica A, receiver on replica B, both on CPU 0)"
  gen target=cybernet url=http://127.0.0.1:8092 receiver-url=http://127.0.0.1:8093 auth-url=http://127.0.0.1:8091 pairs="$PAIRS" size=200 rates="$RATES" duration="$DURATION" server-pid="$signaling_pid,${pids[-1]}"
  # Started in this pipeline's subshell, which the EXIT trap does not cover.
  kill "${pids[-1]}" 2>/dev/null || true
  if [[ ${CLUSTER:-1} == 1 ]]; then cluster_section; fi
} 2>/dev/null | tee "$OUT"
echo "results: $OUT"
