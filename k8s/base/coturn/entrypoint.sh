#!/bin/sh
# Starts coturn with the shared policy (turnserver.conf) plus what varies per deployment, read from the
# environment. The generated configuration (it holds the secret) is written with mode 0600 to a
# writable scratch folder, so the secret never appears in a process listing.
#
#   TURN_SECRET           required: coturn's static-auth-secret, the same value signaling-service has
#                         as SIGNALING_ICE_TURN_SECRET (from a Secret; ≥ 32 random characters)
#   TURN_REALM            realm (default: cybernet-call)
#   TURN_EXTERNAL_IP      public address the relay is reached at, when coturn sits behind 1:1 NAT
#                         (cloud VMs: "public/private"); unset when the host has the public address
#   TURN_LISTENING_IP     address to listen and relay on (default: all)
#   TURN_TLS_CERT, TURN_TLS_KEY
#                         PEM files; when the certificate exists, TURN over TLS listens on 5349
#                         (default: /certs/tls.crt and /certs/tls.key, a Kubernetes TLS Secret)
#   TURN_ALLOWED_PEER_IP  tests only: comma-separated ranges relayed to despite the policy's denials
#   TURN_POLICY_FILE      the policy (default: /etc/cybernet/turnserver.conf)
#   TURN_RUN_DIR          scratch folder (default: /tmp)
set -eu

: "${TURN_SECRET:?TURN_SECRET is required (coturn static-auth-secret)}"
if [ "${#TURN_SECRET}" -lt 32 ]; then
  echo "entrypoint: TURN_SECRET must be at least 32 characters" >&2
  exit 64
fi
policy=${TURN_POLICY_FILE:-/etc/cybernet/turnserver.conf}
run_dir=${TURN_RUN_DIR:-/tmp}
cert=${TURN_TLS_CERT:-/certs/tls.crt}
key=${TURN_TLS_KEY:-/certs/tls.key}
conf=$run_dir/turnserver.conf

umask 077
{
  cat "$policy"
  echo
  echo "# --- from the environment (entrypoint.sh)"
  echo "static-auth-secret=$TURN_SECRET"
  echo "realm=${TURN_REALM:-cybernet-call}"
  echo "pidfile=$run_dir/turnserver.pid"
  if [ -n "${TURN_EXTERNAL_IP:-}" ]; then echo "external-ip=$TURN_EXTERNAL_IP"; fi
  if [ -n "${TURN_LISTENING_IP:-}" ]; then
    echo "listening-ip=$TURN_LISTENING_IP"
    echo "relay-ip=$TURN_LISTENING_IP"
  fi
  if [ -f "$cert" ] && [ -f "$key" ]; then
    echo "cert=$cert"
    echo "pkey=$key"
    echo "no-tlsv1"
    echo "no-tlsv1_1"
  else
    echo "no-tls"
    echo "no-dtls"
  fi
  if [ -n "${TURN_ALLOWED_PEER_IP:-}" ]; then
    echo "$TURN_ALLOWED_PEER_IP" | tr ',' '\n' | while read -r range; do
      [ -n "$range" ] && echo "allowed-peer-ip=$range"
    done
  fi
} >"$conf"

exec turnserver -c "$conf"
