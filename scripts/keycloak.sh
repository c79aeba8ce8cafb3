#!/usr/bin/env bash
# A real Keycloak for development and the SSO tests: the distribution comes from Maven Central
# (org.keycloak:keycloak-quarkus-dist, a zip) through the project's Maven wrapper, is unpacked once
# into a cache, and runs in dev mode (H2) with the committed realms of deploy/keycloak imported.
#   scripts/keycloak.sh start   starts it (idempotent) and waits until it is ready
#   scripts/keycloak.sh stop    stops the one this script started
#   scripts/keycloak.sh env     prints the settings the tests and run.sh read (issuer, client, secrets)
#   scripts/keycloak.sh status  prints the issuer when one is ready on the port, nothing otherwise
# Settings (environment): KEYCLOAK_PORT (8180), KEYCLOAK_MANAGEMENT_PORT (9100),
# CYBERNET_PUBLIC_URL (http://localhost:8080: where the realm's client redirects and sends
# back-channel logouts), KEYCLOAK_CACHE (~/.cache/cybernet-call). Secrets (the client secret, the
# test users' password, the admin's) are generated on first start into .run/keycloak/secrets.env,
# never committed. Keycloak 26 needs Java 21 or newer: a Temurin 25 JDK is used when present.
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION=26.7.3
PORT=${KEYCLOAK_PORT:-8180}
MANAGEMENT_PORT=${KEYCLOAK_MANAGEMENT_PORT:-9100}
CACHE=${KEYCLOAK_CACHE:-$HOME/.cache/cybernet-call}
HOME_DIR=$CACHE/keycloak-$VERSION
STATE=.run/keycloak
SECRETS=$STATE/secrets.env
PID_FILE=$STATE/keycloak.pid

die() { printf 'keycloak.sh: %s\n' "$*" >&2; exit 1; }

java_home() {
  for candidate in "${KEYCLOAK_JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64 "${JAVA_HOME:-}"; do
    [[ -n $candidate && -x $candidate/bin/java ]] || continue
    major=$("$candidate/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
    ((${major%%.*} >= 21)) && { echo "$candidate"; return; }
  done
  die "Keycloak $VERSION needs Java 21 or newer: set KEYCLOAK_JAVA_HOME"
}

install() {
  [[ -x $HOME_DIR/bin/kc.sh ]] && return
  mkdir -p "$CACHE"
  echo "keycloak.sh: fetching Keycloak $VERSION through Maven (about 170 MiB, once)"
  ./mvnw -q -B --no-transfer-progress dependency:copy \
    -Dartifact=org.keycloak:keycloak-quarkus-dist:$VERSION:zip -DoutputDirectory="$CACHE" \
    || die "could not fetch org.keycloak:keycloak-quarkus-dist:$VERSION:zip from Maven"
  rm -rf "$HOME_DIR.partial" && mkdir -p "$HOME_DIR.partial"
  (cd "$HOME_DIR.partial" && unzip -q "$CACHE/keycloak-quarkus-dist-$VERSION.zip")
  mv "$HOME_DIR.partial/keycloak-$VERSION" "$HOME_DIR" && rm -rf "$HOME_DIR.partial" "$CACHE/keycloak-quarkus-dist-$VERSION.zip"
}

secrets() {
  mkdir -p "$STATE"
  if [[ ! -f $SECRETS ]]; then
    umask 077
    {
      echo "CYBERNET_SSO_CLIENT_SECRET=$(head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
      echo "CYBERNET_SSO_USER_PASSWORD=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
      echo "KC_BOOTSTRAP_ADMIN_PASSWORD=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
    } >"$SECRETS"
  fi
  set -a; . "$SECRETS"; set +a
}

ready() { curl -sf -o /dev/null "http://127.0.0.1:$MANAGEMENT_PORT/health/ready"; }

start() {
  command -v unzip >/dev/null || die "unzip is needed: apt-get install unzip"
  install
  secrets
  if ready; then echo "keycloak.sh: already running at http://localhost:$PORT"; return; fi
  mkdir -p "$HOME_DIR/data/import"
  rm -f "$HOME_DIR"/data/import/*.json
  cp deploy/keycloak/*-realm.json "$HOME_DIR/data/import/"
  # Dev mode keeps its H2 files in data/h2: a fresh start imports the committed realms again.
  rm -rf "$HOME_DIR/data/h2"
  export CYBERNET_PUBLIC_URL=${CYBERNET_PUBLIC_URL:-http://localhost:8080}
  export KC_BOOTSTRAP_ADMIN_USERNAME=admin
  JAVA_HOME=$(java_home) setsid "$HOME_DIR/bin/kc.sh" start-dev --import-realm \
    --http-port "$PORT" --http-management-port "$MANAGEMENT_PORT" --health-enabled=true \
    --hostname "http://localhost:$PORT" >"$STATE/keycloak.log" 2>&1 &
  echo $! >"$PID_FILE"
  for _ in $(seq 1 240); do
    ready && { echo "keycloak.sh: ready at http://localhost:$PORT (realm cybernet; log $STATE/keycloak.log)"; return; }
    kill -0 "$(cat "$PID_FILE")" 2>/dev/null || die "Keycloak exited: see $STATE/keycloak.log"
    sleep 0.5
  done
  die "Keycloak was not ready within 120 s: see $STATE/keycloak.log"
}

stop() {
  [[ -f $PID_FILE ]] || return 0
  local pid; pid=$(cat "$PID_FILE")
  kill -- -"$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  rm -f "$PID_FILE"
}

case ${1:-} in
  start) start ;;
  stop) stop ;;
  status) if ready; then echo "http://localhost:$PORT/realms/cybernet"; fi ;;
  env)
    secrets
    echo "CYBERNET_SSO_ISSUER=http://localhost:$PORT/realms/cybernet"
    echo "CYBERNET_SSO_OTHER_ISSUER=http://localhost:$PORT/realms/elsewhere"
    echo "CYBERNET_SSO_CLIENT_ID=cybernet-web"
    echo "CYBERNET_SSO_TEST_CLIENT_ID=cybernet-test-login"
    grep -v KC_BOOTSTRAP "$SECRETS"
    # The tests disable a user through the admin API (the master realm's admin).
    echo "KEYCLOAK_ADMIN_PASSWORD=$KC_BOOTSTRAP_ADMIN_PASSWORD"
    ;;
  *) die "usage: scripts/keycloak.sh start|stop|env" ;;
esac
