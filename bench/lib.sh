# Shared by the benchmark scripts (sourced): readiness, CPU ticks, the services' benchmark setup.

# Benchmark-only limits: the per-socket frame limit and per-user cap would otherwise be what we
# measure. Everything else is the production configuration.
bench_env=(SIGNALING_LIMITS_FRAMES_PER_SECOND=10000000 SIGNALING_LIMITS_FRAME_BURST=10000000
  SIGNALING_MAX_CONNECTIONS_PER_USER=1000000 AUTH_SERVER_URL=http://127.0.0.1:8091
  SIGNALING_AUTH_URL=http://127.0.0.1:8091 QUARKUS_LOG_LEVEL=WARN)

wait_ready() { for _ in $(seq 1 120); do curl -sf -o /dev/null "$1" && return 0; sleep 0.5; done; echo "not ready: $1" >&2; exit 1; }

# A server left over from an earlier run would answer the readiness check in place of the new one.
port_free() { if ss -ltn "sport = :$1" | grep -q LISTEN; then echo "port $1 is taken" >&2; exit 1; fi; }

ticks() { # total utime+stime of the given pids, in clock ticks
  local total=0 pid fields
  for pid in "$@"; do
    read -ra fields < <(sed 's/.*) //' "/proc/$pid/stat")
    total=$((total + fields[11] + fields[12]))
  done
  echo "$total"
}

bench_redis() { # the benchmark's own Redis database, emptied; the Redis's pid in redis_pid
  # Emptied first, so every run starts from the same state: the signal stream left by earlier runs
  # would otherwise hold up to a million entries (~1 GB).
  export REDIS_URL=redis://127.0.0.1:6379/8
  redis-cli -n 8 flushdb >/dev/null
  redis_pid=$(redis-cli info server | awk -F: '/^process_id/ {print $2}' | tr -d '\r')
}

build_bench() { # packages the services and the generator; sets CP to the generator's class path
  export DB_PASSWORD=${DB_PASSWORD:-cybernet-dev}
  ./mvnw -q -B --no-transfer-progress package -DskipTests -Dspotless.check.skip=true \
    -pl auth-service,signaling-service,test-support,signaling-bench -am
  CP="signaling-bench/target/signaling-bench-0.1.0-SNAPSHOT.jar:test-support/target/classes:$(ls ~/.m2/repository/org/hdrhistogram/HdrHistogram/2.2.2/HdrHistogram-2.2.2.jar)"
}

start_auth() { # run-dir: auth-service on 8091, CPU 1, its pid in auth_pid
  port_free 8091
  env QUARKUS_HTTP_PORT=8091 AUTH_ISSUER=http://127.0.0.1:8091 AUTH_SIGNING_DEV_KEY_DIR="$PWD/$1/keys" \
    taskset -c 1 java -jar auth-service/target/quarkus-app/quarkus-run.jar >"$1/auth.log" 2>&1 &
  auth_pid=$!
  wait_ready http://127.0.0.1:8091/q/health/ready
}

# auth-service and one signaling-service (port 8092, CPU 0, its pid in signaling_pid) on the
# benchmark's Redis, freshly built, both stopped when the script exits. Arguments: the run directory,
# the replica id, the replica's extra NAME=value settings, then "--" and its java options.
one_replica() {
  local run=$1 replica=$2
  shift 2
  local settings=()
  while (($#)) && [[ $1 != -- ]]; do settings+=("$1"); shift; done
  (($#)) && shift
  scripts/ensure-infra.sh
  bench_redis
  build_bench
  pids=()
  trap 'kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true' EXIT
  start_auth "$run"
  pids+=("$auth_pid")
  port_free 8092
  env "${bench_env[@]}" "${settings[@]}" QUARKUS_HTTP_PORT=8092 SIGNALING_REPLICA_ID="$replica" \
    taskset -c 0 java "$@" -jar signaling-service/target/quarkus-app/quarkus-run.jar >"$run/signaling.log" 2>&1 &
  signaling_pid=$!
  pids+=("$signaling_pid")
  wait_ready http://127.0.0.1:8092/q/health/ready
}

private_redis() { # port: a throwaway redis-server on loopback, stopped and removed on exit; its
  # directory in private_dir, its pid in private_redis_pid
  private_dir=$(mktemp -d)
  redis-server --port "$1" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
    --dir "$private_dir" --pidfile "$private_dir/redis.pid" --logfile "$private_dir/redis.log"
  # shellcheck disable=SC2064 # the port and directory are fixed now
  trap "redis-cli -p '$1' shutdown nosave >/dev/null 2>&1 || true; rm -rf '$private_dir'" EXIT
  for _ in $(seq 50); do redis-cli -p "$1" ping >/dev/null 2>&1 && break; sleep 0.1; done
  private_redis_pid=$(cat "$private_dir/redis.pid")
}

routing_script() { # the routing script as Redis runs it (route-batch.lua and what it needs)
  local lua=signaling-service/src/main/resources/lua
  cat platform/src/main/resources/lua/platform/append-event.lua "$lua/signaling/route.lua" \
    "$lua/signaling/route-batch.lua"
}
