#!/usr/bin/env bash
# What if a relayed frame made no Redis call: the 200 B relay of bench/signaling.sh against a
# signaling-service with bench/what-if/no-redis-per-frame.patch applied, and peerjs-server, in the
# same run. The patch numbers frames and keeps the replay buffer in the replica's memory, reads a
# recipient's sessions from Redis once, and leaves out the durable copy and the open-call check:
# the best case of moving sequence and replay out of Redis, for a decision on issue 20, not a build
# to ship (it loses what a replica held when it dies). Results: docs/benchmarks.md ("What if").
#   bench/what-if-no-redis.sh     (RATES, PAIRS, DURATION, IDLE, WARMUP as for bench/signaling.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
tree=.run/what-if
git worktree remove --force "$tree" 2>/dev/null || rm -rf "$tree"
git worktree prune
git worktree add -q --detach "$tree" HEAD
trap 'git worktree remove --force "$tree" 2>/dev/null || true' EXIT
git -C "$tree" apply "$PWD/bench/what-if/no-redis-per-frame.patch"
(cd "$tree" && ./mvnw -q -B --no-transfer-progress package -DskipTests -Dspotless.check.skip=true \
  -pl signaling-service -am)
SIGNALING_JAR=$tree/signaling-service/target/quarkus-app/quarkus-run.jar ONLY=200B \
  VARIANT="no Redis call per frame: bench/what-if/no-redis-per-frame.patch" \
  OUT=bench/results/what-if-no-redis-$(date -u +%Y%m%dT%H%M%SZ).txt bench/signaling.sh
