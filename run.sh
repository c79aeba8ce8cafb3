#!/usr/bin/env bash
# Starts the Cybernet Call stack locally against this machine's PostgreSQL and Redis:
# builds what is missing or stale, starts every service, waits until each is ready, prints the
# URLs, and stops everything on Ctrl-C. Logs and development keys live in .run/.
#   ./run.sh          on a fresh Debian/Ubuntu machine, offers to install PostgreSQL, Redis and coturn
#   ./run.sh --yes    installs what is missing without asking
#   ./run.sh --sso    also signs people in through a local Keycloak (scripts/keycloak.sh: realm
#                     deploy/keycloak/cybernet-realm.json, users carol, dave, … with the password
#                     `scripts/keycloak.sh env` prints); password sign-in stays beside it
set -euo pipefail
cd "$(dirname "$0")"

RUN_DIR=.run
# name:port — later services are added here.
SERVICES=(auth-service:8081 signaling-service:8082 signal-store-service:8083 notification-service:8084 web-ui:8080)
# Development SMTP catcher with a web inbox: every email the stack sends ends up there.
MAIL_SMTP_PORT=2525
MAIL_WEB_PORT=8025

die() { printf 'run.sh: %s\n' "$*" >&2; exit 1; }

infra=(--ask --turn)
sso=false
for arg in "$@"; do
  case $arg in
    --yes | -y) infra=(--install --turn) ;;
    --sso) sso=true ;;
    *) die "unknown option $arg (usage: ./run.sh [--yes] [--sso])" ;;
  esac
done
scripts/ensure-infra.sh "${infra[@]}" || die "see above; ./run.sh --yes installs what is missing (PostgreSQL, Redis, coturn) from Debian packages"
command -v curl >/dev/null || die "curl is needed to check readiness: apt-get install curl"

mkdir -p "$RUN_DIR/logs" "$RUN_DIR/keys"
export DB_PASSWORD=${DB_PASSWORD:-${CYBERNET_DB_PASSWORD:-cybernet-dev}}
export AUTH_SIGNING_DEV_KEY_DIR=${AUTH_SIGNING_DEV_KEY_DIR:-$PWD/$RUN_DIR/keys}

stale=()
for entry in "${SERVICES[@]}"; do
  name=${entry%%:*}
  jar=$name/target/quarkus-app/quarkus-run.jar
  if [[ ! -f $jar ]] || [[ -n $(find "$name/src" contracts/src pom.xml "$name/pom.xml" -newer "$jar" -print -quit) ]]; then
    stale+=("$name")
  fi
done
if [[ ! -d dev-mailbox/target/lib ]] || [[ -n $(find dev-mailbox/src dev-mailbox/pom.xml -newer dev-mailbox/target/lib -print -quit) ]]; then
  stale+=(dev-mailbox)
fi
if ((${#stale[@]})); then
  echo "run.sh: building ${stale[*]} (first build downloads dependencies; a few minutes)"
  modules=$(IFS=,; echo "${stale[*]}")
  ./mvnw -q -B --no-transfer-progress package -DskipTests -Dspotless.check.skip=true -Dexec.skip=true -pl "$modules" -am \
    || die "build failed: see the Maven output above"
fi

pids=()
stop_all() {
  trap - INT TERM EXIT
  if ((${#pids[@]})); then
    echo
    echo "run.sh: stopping"
    kill "${pids[@]}" 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
  fi
}
trap stop_all EXIT
trap 'stop_all; exit 0' INT TERM

for port in $MAIL_SMTP_PORT $MAIL_WEB_PORT; do
  if (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; then
    die "port $port (for dev-mailbox) is already in use: stop whatever listens there (ss -ltnp 'sport = :$port')"
  fi
done
java -cp "dev-mailbox/target/classes:dev-mailbox/target/lib/*" io.cybernetcall.devmailbox.DevMailbox \
  "$MAIL_SMTP_PORT" "$MAIL_WEB_PORT" >"$RUN_DIR/logs/dev-mailbox.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 60); do curl -sf -o /dev/null "http://127.0.0.1:$MAIL_WEB_PORT/health" && break; sleep 0.5; done
curl -sf -o /dev/null "http://127.0.0.1:$MAIL_WEB_PORT/health" || die "dev-mailbox did not start: see $RUN_DIR/logs/dev-mailbox.log"

# Local TURN relay (coturn, when installed): relay-only mode and the status panel's "relayed" path
# then work locally. Loopback peers are allowed only here, for two browsers on this machine.
TURN_PORT=3478
turn_note="not installed (apt-get install coturn) — relay-only calls cannot connect"
if command -v turnserver >/dev/null; then
  if [[ -n $(ss -Hlun "sport = :$TURN_PORT" 2>/dev/null) ]]; then
    turn_note="port $TURN_PORT/udp is taken: not started"
  else
    [[ -s $RUN_DIR/turn-secret ]] || head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$RUN_DIR/turn-secret"
    cat >"$RUN_DIR/turnserver.conf" <<CONF
listening-ip=127.0.0.1
relay-ip=127.0.0.1
listening-port=$TURN_PORT
min-port=49160
max-port=49400
use-auth-secret
static-auth-secret=$(cat "$RUN_DIR/turn-secret")
realm=cybernet.local
allow-loopback-peers
no-tls
no-dtls
no-cli
fingerprint
log-file=stdout
CONF
    turnserver -c "$RUN_DIR/turnserver.conf" >"$RUN_DIR/logs/turnserver.log" 2>&1 &
    pids+=($!)
    # One setting: stun: and turn: (UDP and TCP) URLs follow from it.
    export SIGNALING_ICE_SERVER="127.0.0.1:$TURN_PORT" \
      SIGNALING_ICE_TURN_SECRET="$(cat "$RUN_DIR/turn-secret")"
    turn_note="turn:127.0.0.1:$TURN_PORT (coturn, ephemeral credentials)"
  fi
fi
sso_note="off (./run.sh --sso signs in through a local Keycloak)"
if $sso; then
  # Keycloak keeps running after Ctrl-C (it takes ~45 s to start): scripts/keycloak.sh stop ends it.
  CYBERNET_PUBLIC_URL=http://localhost:8080 scripts/keycloak.sh start || die "Keycloak did not start (see above)"
  eval "$(scripts/keycloak.sh env | grep -E '^(CYBERNET_SSO_ISSUER|CYBERNET_SSO_CLIENT_ID|CYBERNET_SSO_CLIENT_SECRET|CYBERNET_SSO_USER_PASSWORD)=' | sed 's/^/export /')"
  export AUTH_SSO_ENABLED=true AUTH_SSO_ISSUER="$CYBERNET_SSO_ISSUER" AUTH_SSO_PROVIDER_NAME=Keycloak \
    AUTH_SSO_CLIENT_ID="$CYBERNET_SSO_CLIENT_ID" AUTH_SSO_CLIENT_SECRET="$CYBERNET_SSO_CLIENT_SECRET" \
    WEB_UI_SSO_ENABLED=true WEB_UI_SSO_ISSUER="$CYBERNET_SSO_ISSUER" \
    WEB_UI_SSO_CLIENT_ID="$CYBERNET_SSO_CLIENT_ID" WEB_UI_SSO_CLIENT_SECRET="$CYBERNET_SSO_CLIENT_SECRET"
  sso_note="Keycloak $CYBERNET_SSO_ISSUER (users carol, dave, erin, frank, grace, heidi; password $CYBERNET_SSO_USER_PASSWORD; admin console http://localhost:8180/admin, scripts/keycloak.sh env)"
fi
mailbox_pids=${#pids[@]}
# A developer's machine: the app may be opened by any of its local names (127.0.0.1, its host name,
# its LAN address), not only http://localhost:8080.
export WEB_UI_ALLOW_LOCAL_ORIGINS=${WEB_UI_ALLOW_LOCAL_ORIGINS:-true} \
  SIGNALING_ALLOW_LOCAL_ORIGINS=${SIGNALING_ALLOW_LOCAL_ORIGINS:-true}

for entry in "${SERVICES[@]}"; do
  name=${entry%%:*}
  port=${entry##*:}
  if curl -s -o /dev/null "http://127.0.0.1:$port/"; then
    die "port $port (for $name) is already in use: stop whatever listens there (ss -ltnp 'sport = :$port')"
  fi
  QUARKUS_HTTP_PORT=$port AUTH_SERVER_URL=http://localhost:8081 SIGNALING_AUTH_URL=http://localhost:8081 \
    SMTP_HOST=127.0.0.1 SMTP_PORT=$MAIL_SMTP_PORT \
    java -jar "$name/target/quarkus-app/quarkus-run.jar" >"$RUN_DIR/logs/$name.log" 2>&1 &
  pids+=($!)
done

for i in "${!SERVICES[@]}"; do
  name=${SERVICES[$i]%%:*}
  port=${SERVICES[$i]##*:}
  pid=${pids[$((i + mailbox_pids))]}
  for _ in $(seq 1 120); do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 30 "$RUN_DIR/logs/$name.log" >&2
      die "$name exited during start-up (log above, full log in $RUN_DIR/logs/$name.log)"
    fi
    curl -sf -o /dev/null "http://127.0.0.1:$port/q/health/ready" && break
    sleep 0.5
  done
  curl -sf -o /dev/null "http://127.0.0.1:$port/q/health/ready" \
    || die "$name did not become ready: see $RUN_DIR/logs/$name.log"
done

cat <<TXT

Cybernet Call is running (Ctrl-C stops it).
  the app             http://localhost:8080   open it in two browsers (or a private window), sign up twice,
                                              add each other, then call, chat and send files
                      (/api/... and /ws/... are routed to the services below)
  auth-service        http://localhost:8081   (OpenAPI: http://localhost:8081/q/openapi, health: /q/health)
  OIDC discovery      http://localhost:8081/.well-known/openid-configuration
  JWKS                http://localhost:8081/.well-known/jwks.json
  signaling-service   ws://localhost:8082/ws/signal  (HTTP send: POST http://localhost:8082/api/signals)
  signal-store        http://localhost:8083/api/inbox  (long-poll: ?after=<seq>&wait=25)
  try it              java -cp test-support/target/classes scripts/SignalingDemo.java     (two WebSocket clients)
                      java -cp test-support/target/classes scripts/SignalingDemo.java --long-poll  (one without a WebSocket)
  notification-service http://localhost:8084/api/notifications/preferences
  mail inbox          http://localhost:8025  (every email sent, e.g. the verification link after registering)
  TURN relay          $turn_note
  single sign-on      $sso_note
  logs                $RUN_DIR/logs/
TXT

wait -n "${pids[@]}" || true
die "a service stopped unexpectedly: see $RUN_DIR/logs/"
