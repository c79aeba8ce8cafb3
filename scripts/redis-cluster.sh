#!/usr/bin/env bash
# A real Redis Cluster on loopback for development and the cluster tests (issue 20): three masters
# and one replica each, Debian's redis-server in cluster mode, created with
# `redis-cli --cluster create`. Nothing shared with the single Redis on 6379.
#   scripts/redis-cluster.sh start    starts it (idempotent) and waits until every slot is served
#   scripts/redis-cluster.sh stop     stops the nodes this script started and forgets their data
#   scripts/redis-cluster.sh status   prints the nodes (CLUSTER NODES) when it is up
#   scripts/redis-cluster.sh env      prints the settings a service reads to use it (REDIS_CLIENT_TYPE,
#                                     REDIS_URL with every node as a seed)
#   scripts/redis-cluster.sh failover PORT
#                                     promotes the replica of the master on PORT (CLUSTER FAILOVER
#                                     on the replica) and waits until every node sees it serve that master's slots
# Settings (environment): REDIS_CLUSTER_BASE_PORT (7100: masters 7100-7102, replicas 7103-7105),
# REDIS_CLUSTER_DIR (.run/redis-cluster).
set -euo pipefail
cd "$(dirname "$0")/.."

BASE=${REDIS_CLUSTER_BASE_PORT:-7100}
DIR=${REDIS_CLUSTER_DIR:-.run/redis-cluster}
MASTERS=3
NODES=$((MASTERS * 2))

die() { printf 'redis-cluster.sh: %s\n' "$*" >&2; exit 1; }
say() { printf 'redis-cluster.sh: %s\n' "$*"; }
ports() { seq "$BASE" $((BASE + NODES - 1)); }
cli() { redis-cli -h 127.0.0.1 -p "$1" "${@:2}"; }
up() { cli "$1" ping 2>/dev/null | grep -q PONG; }
state_ok() { cli "$BASE" cluster info 2>/dev/null | grep -q '^cluster_state:ok'; }

start_node() {
  local port=$1 dir="$DIR/$1"
  mkdir -p "$dir"
  up "$port" && return
  # Persistence as a deployment would run it (AOF), so a promoted replica holds what was acknowledged.
  redis-server --port "$port" --bind 127.0.0.1 --daemonize yes --dir "$PWD/$dir" \
    --cluster-enabled yes --cluster-config-file nodes.conf --cluster-node-timeout 2000 \
    --appendonly yes --save '' --logfile "$PWD/$dir/redis.log" --pidfile "$PWD/$dir/redis.pid" \
    || die "redis-server on $port did not start (see $dir/redis.log)"
  for _ in $(seq 50); do up "$port" && return; sleep 0.1; done
  die "redis-server on $port does not answer"
}

wait_ok() {
  for _ in $(seq 100); do
    state_ok && return
    sleep 0.2
  done
  die "the cluster on $BASE did not reach cluster_state:ok"
}

start() {
  command -v redis-server >/dev/null || die "redis-server is not installed (scripts/ensure-infra.sh installs it)"
  for port in $(ports); do start_node "$port"; done
  if ! state_ok; then
    local known
    known=$(cli "$BASE" cluster info | sed -n 's/^cluster_known_nodes:\([0-9]*\).*/\1/p')
    if [[ ${known:-1} -lt $NODES ]]; then
      say "creating the cluster on ports $BASE-$((BASE + NODES - 1))"
      # shellcheck disable=SC2046
      redis-cli --cluster create $(for port in $(ports); do printf '127.0.0.1:%s ' "$port"; done) \
        --cluster-replicas 1 --cluster-yes >"$DIR/create.log" 2>&1 \
        || die "redis-cli --cluster create failed (see $DIR/create.log)"
    fi
  fi
  wait_ok
  say "ready: $MASTERS masters, $MASTERS replicas, seed 127.0.0.1:$BASE"
}

stop() {
  for port in $(ports); do
    if up "$port"; then cli "$port" shutdown nosave >/dev/null 2>&1 || true; fi
  done
  rm -rf "$DIR"
  say "stopped"
}

failover() {
  local master=$1 id replica
  id=$(cli "$master" cluster myid) || die "no node on $master"
  replica=$(cli "$master" cluster nodes | awk -v id="$id" '$4 == id && $3 ~ /slave/ { split($2, a, "[:@]"); print a[2]; exit }')
  [[ -n $replica ]] || die "the master on $master has no replica"
  cli "$replica" cluster failover >/dev/null
  for _ in $(seq 100); do
    cli "$replica" role | head -1 | grep -q master && all_see_master "$replica" && {
      wait_ok; say "127.0.0.1:$replica now serves the slots of $master"; return; }
    sleep 0.1
  done
  die "the replica on $replica did not take over"
}

# Whether every node's view (gossip reaches them one by one) already names the node on $1 a master:
# a client asking any node for the slot map then gets the new owner.
all_see_master() {
  local port
  for port in $(ports); do
    cli "$port" cluster nodes 2>/dev/null | awk -v p="127.0.0.1:$1@" 'index($2, p) == 1 && $3 ~ /master/ { found = 1 } END { exit !found }' || return 1
  done
}

case ${1:-} in
  start) start ;;
  stop) stop ;;
  status) state_ok && cli "$BASE" cluster nodes || { echo "not running"; exit 1; } ;;
  env)
    # What a service reads to use this cluster (docs/operations.md#redis), as shell assignments.
    printf 'REDIS_CLIENT_TYPE=cluster\n'
    printf 'REDIS_URL=%s\n' "$(for port in $(ports); do printf 'redis://127.0.0.1:%s,' "$port"; done | sed 's/,$//')" ;;
  failover) [[ -n ${2:-} ]] || die "failover needs the port of a master"; failover "$2" ;;
  *) die "usage: $0 start|stop|status|env|failover PORT" ;;
esac
