#!/usr/bin/env bash
# What one Redis round trip per relayed frame costs Redis, whatever the script does: lone requests
# (each in its own write, as the relay sends a frame's routing call when nothing else is in flight)
# at fixed rates to a private redis-server, for PING, a script that does nothing, and route-batch.lua
# routing one sealed 200 B ICE candidate (642 characters of envelope and ciphertext) to a recipient on a WebSocket (the relay benchmark's frame).
# Reports the Redis process's CPU per request. Results: docs/benchmarks.md ("The floor").
#   bench/redis-round-trip.sh                 (RATES=5000,10000,17500 STEP_SECONDS=10 PORT=6393)
set -euo pipefail
cd "$(dirname "$0")/.."
RATES=${RATES:-5000,10000,17500}
STEP_SECONDS=${STEP_SECONDS:-10}
PORT=${PORT:-6393}
source bench/lib.sh
private_redis "$PORT"
pid=$private_redis_pid

noop=$(redis-cli -p "$PORT" script load 'return 1')
route=$(redis-cli -p "$PORT" script load "$(routing_script)")
tag='{signal-0.x}'
bob=7d1f3a52-9c1e-4a8e-9a57-5b1c2a0e4f10
alice=0b6e2c8d-3f4a-4d5e-8f9a-1b2c3d4e5f60
key() { echo "cybernet:sig:$tag:$1:$bob"; }
redis-cli -p "$PORT" hset "$(key calls)" c1 "$alice" >/dev/null
redis-cli -p "$PORT" hset "$(key sessions)" phone replica-1 >/dev/null
frame='"type":"candidate","id":"5f0c1e2d-7a8b-4c9d-8e1f-2a3b4c5d6e7f","from":{"userId":"'$alice'","sessionId":"s1"},"callId":"c1","sealed":{"v":1,"ct":"'$(printf 'x%.0s' $(seq 642))'"}}'

route_call=(EVALSHA "$route" 6 "$(key seq)" "$(key inbox)" "cybernet:events:signal:$tag" "$(key sessions)" \
    "$(key calls)" "$(key durable)" 1 "$bob" "$frame" 1000 600 100000 \
    3c2b1a09-8f7e-4d6c-9b5a-4e3d2c1b0a99 "$alice" 2026-12-05T09:00:00Z check c1 '' '' 21600 \
    http-long-poll)
# The routing call must succeed, or the figures would be those of an error reply.
[ "$(redis-cli -p "$PORT" "${route_call[@]}" | head -1)" = ok ] || { echo "route-batch.lua refused the frame" >&2; exit 1; }

echo "redis-round-trip: lone requests, ${STEP_SECONDS} s per step, redis $(redis-server --version | awk '{print $3}'), $(date -u +%FT%TZ), $(lscpu | sed -n 's/^Model name: *//p')"
for rate in ${RATES//,/ }; do
  run() { taskset -c 1 node bench/redis-round-trip.mjs "$PORT" "$rate" "$STEP_SECONDS" "$pid" "$@"; }
  run PING
  run EVALSHA "$noop" 0
  run "${route_call[@]}"
done
