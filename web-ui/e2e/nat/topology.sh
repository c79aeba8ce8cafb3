#!/usr/bin/env bash
# A small internet in network namespaces, for the cross-NAT browser test (needs root):
#
#   host ── veth ──┐
#   203.0.113.254  │      cn-wan: bridge 203.0.113.1/24 ("public"; coturn listens here)
#                  ├── cn-nat1: 203.0.113.11 ─ NAT ─ 10.201.1.1 ── cn-home1: 10.201.1.2 (a browser)
#                  └── cn-nat2: 203.0.113.12 ─ NAT ─ 10.201.2.1 ── cn-home2: 10.201.2.2 (a browser)
#
# 203.0.113.0/24 is TEST-NET-3 (documentation; routed nowhere). Each NAT masquerades its LAN behind
# its wan address and admits from the wan only replies (ESTABLISHED,RELATED), like a home router:
# "cone" maps a LAN socket to one public port whatever the destination (endpoint-independent mapping)
# and lets in only what answers a packet sent out (address- and port-dependent filtering).
#   topology.sh up                         build it, both NATs endpoint-independent ("cone")
#   topology.sh nat <1|2> cone|symmetric   symmetric: a new public port per destination (--random-fully)
#   topology.sh down                       remove everything (also what a crashed run left behind)
set -euo pipefail

WAN=cn-wan
HOST_IF=cn-host

nsx() { ip netns exec "$@"; }

down() {
  for ns in cn-home1 cn-home2 cn-nat1 cn-nat2 "$WAN"; do
    # A namespace outlives `ip netns del` while a process runs in it (a browser or coturn that a
    # crashed run left): end those first.
    ip netns pids "$ns" 2>/dev/null | xargs -r kill -9 2>/dev/null || true
    ip netns del "$ns" 2>/dev/null || true
  done
  ip link del "$HOST_IF" 2>/dev/null || true
}

nat_rules() { # n, mode
  local ns=cn-nat$1 random=()
  [[ $2 == symmetric ]] && random=(--random-fully)
  nsx "$ns" iptables -t nat -F POSTROUTING
  nsx "$ns" iptables -t nat -A POSTROUTING -o wan -j MASQUERADE "${random[@]}"
  # Forget the UDP mappings (media, STUN, TURN) so new ones follow the new mode. TCP is kept: a
  # flushed TCP entry is re-created mid-stream with a new (random, when symmetric) public port, so the
  # browser's WebSocket through this NAT would die silently and miss the next call's ring.
  nsx "$ns" conntrack -D -p udp >/dev/null 2>&1 || true
}

up() {
  down
  ip netns add "$WAN"
  nsx "$WAN" ip link set lo up
  nsx "$WAN" ip link add br0 type bridge
  nsx "$WAN" ip addr add 203.0.113.1/24 dev br0
  nsx "$WAN" ip link set br0 up

  # This machine (where the services run) joins the wan as 203.0.113.254.
  ip link add "$HOST_IF" type veth peer name host-port
  ip link set host-port netns "$WAN"
  nsx "$WAN" ip link set host-port master br0 up
  ip addr add 203.0.113.254/24 dev "$HOST_IF"
  ip link set "$HOST_IF" up

  for n in 1 2; do
    local nat=cn-nat$n home=cn-home$n
    ip netns add "$nat"
    ip netns add "$home"
    nsx "$nat" ip link set lo up
    nsx "$home" ip link set lo up
    # wan leg
    ip link add "wan$n-port" netns "$WAN" type veth peer name wan netns "$nat"
    nsx "$WAN" ip link set "wan$n-port" master br0 up
    nsx "$nat" ip addr add "203.0.113.1$n/24" dev wan
    nsx "$nat" ip link set wan up
    # lan leg
    ip link add lan netns "$nat" type veth peer name eth0 netns "$home"
    nsx "$nat" ip addr add "10.201.$n.1/24" dev lan
    nsx "$nat" ip link set lan up
    nsx "$home" ip addr add "10.201.$n.2/24" dev eth0
    nsx "$home" ip link set eth0 up
    nsx "$home" ip route add default via "10.201.$n.1"
    # the router
    nsx "$nat" sysctl -qw net.ipv4.ip_forward=1
    nsx "$nat" iptables -P FORWARD DROP
    nsx "$nat" iptables -A FORWARD -i lan -o wan -j ACCEPT
    nsx "$nat" iptables -A FORWARD -i wan -o lan -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
    # Unsolicited packets to the router itself are dropped silently, as home routers do. Accepting
    # them (and answering "port unreachable") would record a connection that takes the public port a
    # LAN host's mapping needs, so the mapping would change and hole punching fail.
    nsx "$nat" iptables -A INPUT -i wan -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
    nsx "$nat" iptables -A INPUT -i wan -j DROP
    nat_rules "$n" cone
  done
}

case ${1:-} in
  up) up ;;
  down) down ;;
  nat) nat_rules "${2:?which NAT: 1 or 2}" "${3:?cone or symmetric}" ;;
  *) echo "usage: $0 up | nat <1|2> cone|symmetric | down" >&2; exit 2 ;;
esac
