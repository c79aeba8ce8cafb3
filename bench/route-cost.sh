#!/usr/bin/env bash
# Redis time per routed ICE candidate, with and without its durable copy: route-batch.lua (one
# frame per call) on a private redis-server, N calls each, Redis's own usec_per_call for EVALSHA.
#   bench/route-cost.sh            (N=20000, port 6391)
# Results: docs/benchmarks.md ("Durable copy").
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-20000}
PORT=${PORT:-6391}
source bench/lib.sh
private_redis "$PORT"
sha=$(redis-cli -p "$PORT" script load "$(routing_script)")
tag='{signal-0.x}'
bob=$(python3 -c 'import uuid; print(uuid.uuid4())')
alice=$(python3 -c 'import uuid; print(uuid.uuid4())')
key() { echo "cybernet:sig:$tag:$1:$bob"; }
redis-cli -p "$PORT" hset "$(key calls)" c1 "$alice" >/dev/null

pipe() {
  python3 - "$sha" "$N" "$bob" "$alice" "$(key seq)" "$(key inbox)" "cybernet:events:signal:$tag" \
    "$(key sessions)" "$(key calls)" "$(key durable)" <<'PY' | redis-cli -p "$PORT" --pipe >/dev/null
import sys, uuid
sha, n, bob, alice, *keys = sys.argv[1:]
sealed = '{"v":1,"ct":"' + 'x' * 200 + '"}'
out = sys.stdout.buffer
for i in range(int(n)):
    frame = ('"type":"candidate","id":"%s","from":{"userId":"%s","sessionId":"s1"},'
             '"callId":"c1","sealed":%s}') % (uuid.uuid4(), alice, sealed)
    args = ['EVALSHA', sha, '6', *keys, '1', bob, frame, '1000', '600', '100000',
            str(uuid.uuid4()), alice, '2026-12-03T12:00:00Z', 'check', 'c1', '', '', '21600',
            'http-long-poll']
    out.write(b'*%d\r\n' % len(args))
    for a in args:
        b = a.encode()
        out.write(b'$%d\r\n%s\r\n' % (len(b), b))
PY
}

measure() {
  redis-cli -p "$PORT" config resetstat >/dev/null
  local cpu0 cpu1
  cpu0=$(redis-cli -p "$PORT" info cpu | awk -F: '/^used_cpu_(sys|user):/ {s+=$2} END {print s}')
  pipe
  cpu1=$(redis-cli -p "$PORT" info cpu | awk -F: '/^used_cpu_(sys|user):/ {s+=$2} END {print s}')
  local usec
  usec=$(redis-cli -p "$PORT" info commandstats | awk -F'[,=]' '/^cmdstat_evalsha:/ {print $6}')
  printf '%-48s %8s µs/call in Redis  %6.1f µs CPU/call (process)  stream length %s\n' "$1" "$usec" \
    "$(echo "($cpu1 - $cpu0) * 1000000 / $N" | bc -l)" \
    "$(redis-cli -p "$PORT" xlen "cybernet:events:signal:$tag")"
}

echo "route-cost: $N candidates per case, redis $(redis-server --version | awk '{print $3}'), $(date -u +%FT%TZ)"
redis-cli -p "$PORT" hset "$(key sessions)" phone replica-1 >/dev/null
measure "recipient on a WebSocket (replay buffer only)"
redis-cli -p "$PORT" hset "$(key sessions)" long-poll http-long-poll >/dev/null
measure "recipient also long-polling (durable copy)"
