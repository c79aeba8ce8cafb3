#!/usr/bin/env bash
# Makes sure what Cybernet Call needs locally is there: Java 17+, PostgreSQL and Redis on loopback,
# and each service's database and role. Idempotent; used by ./run.sh, ./test.sh and .ci/run.
#
#   scripts/ensure-infra.sh            check, start what is installed but stopped, create databases
#   scripts/ensure-infra.sh --install  also install PostgreSQL/Redis from Debian packages if absent
#   scripts/ensure-infra.sh --ask      the same, but ask first (on a terminal; without one, say what
#                                      is missing and stop)
#   scripts/ensure-infra.sh --turn     also coturn (./run.sh starts a local TURN server with it)
#   scripts/ensure-infra.sh --browser-tests [--install]
#                                      also what the browser and deployment tests need: Chromium,
#                                      coturn, iproute2/iptables/conntrack (network namespaces and
#                                      NAT), bubblewrap (pod sandbox), kubectl (kustomize), openssl,
#                                      unzip, curl (Debian packages), and the npm packages of
#                                      web-ui (client lint and unit tests), web-ui/e2e and
#                                      deploy/test (npm ci)
#
# Environment: PGHOST/PGPORT (127.0.0.1/5432), REDIS_HOST/REDIS_PORT (127.0.0.1/6379),
# CYBERNET_DB_PASSWORD (password given to the service roles; local development only).
set -euo pipefail

INSTALL=false
ASK=false
TURN=false
BROWSER_TESTS=false
for arg in "$@"; do
  case $arg in
    --install) INSTALL=true ;;
    --ask) ASK=true ;;
    --turn) TURN=true ;;
    --browser-tests) BROWSER_TESTS=true ;;
    *) printf 'ensure-infra: unknown option %s\n' "$arg" >&2; exit 2 ;;
  esac
done

PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5432}
REDIS_HOST=${REDIS_HOST:-127.0.0.1}
REDIS_PORT=${REDIS_PORT:-6379}
DB_PASSWORD=${CYBERNET_DB_PASSWORD:-cybernet-dev}
# One database per service, plus one for its tests. Later services add theirs here.
DATABASES=(cybernet_auth:cybernet_auth cybernet_auth_test:cybernet_auth cybernet_auth_conformance:cybernet_auth cybernet_auth_signaling:cybernet_auth cybernet_auth_store:cybernet_auth cybernet_signal_store:cybernet_signal_store cybernet_signal_store_test:cybernet_signal_store cybernet_signal_store_it:cybernet_signal_store cybernet_auth_notification:cybernet_auth cybernet_auth_webui:cybernet_auth cybernet_auth_webui_sso:cybernet_auth cybernet_notification:cybernet_notification cybernet_notification_test:cybernet_notification cybernet_auth_e2e:cybernet_auth cybernet_signal_store_e2e:cybernet_signal_store cybernet_notification_e2e:cybernet_notification)

say() { printf 'ensure-infra: %s\n' "$*" >&2; }
die() { printf 'ensure-infra: %s\n' "$*" >&2; exit 1; }

apt_install() {
  local again="scripts/ensure-infra.sh --install"
  $BROWSER_TESTS && again="scripts/ensure-infra.sh --browser-tests --install"
  if ! $INSTALL; then
    if $ASK && [[ -t 0 ]]; then
      local answer
      read -r -p "ensure-infra: $* not installed. Install from Debian packages now (apt-get)? [Y/n] " answer
      [[ -z $answer || $answer == [Yy]* ]] || die "not installed: $*. Install it yourself (apt-get install $*) and start again"
    else
      die "$1 is not installed. Install it (apt-get install $*) or run: $again"
    fi
  fi
  local sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || die "installing $* needs root: run as root, or install sudo"
    sudo=(sudo)
  fi
  say "installing $* from Debian packages"
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

check_java() {
  command -v java >/dev/null || die "no java on PATH: install a JDK 17 or newer (apt-get install openjdk-17-jdk-headless)"
  local major
  major=$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
  [[ ${major%%.*} -ge 17 ]] || die "java $major found, Cybernet Call needs 17 or newer: set JAVA_HOME/PATH to a newer JDK"
}

pg_up() { pg_isready -q -h "$PGHOST" -p "$PGPORT" 2>/dev/null; }

ensure_postgres() {
  if ! command -v pg_isready >/dev/null || ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
    if [[ "$PGHOST" == 127.0.0.1 || "$PGHOST" == localhost ]] && ! pg_up; then
      apt_install postgresql postgresql-client
    fi
  fi
  if ! pg_up && ls /etc/postgresql/*/main >/dev/null 2>&1; then
    local version
    version=$(ls /etc/postgresql | sort -V | tail -n 1)
    say "starting PostgreSQL $version"
    pg_ctlcluster --skip-systemctl-redirect "$version" main start >/dev/null 2>&1 || true
  fi
  for _ in $(seq 1 30); do pg_up && return 0; sleep 1; done
  die "PostgreSQL is not reachable on $PGHOST:$PGPORT: start it (pg_ctlcluster <version> main start) or set PGHOST/PGPORT"
}

# Runs SQL as a superuser: over TCP when the server trusts loopback, else as the postgres OS user.
psql_admin() {
  if psql -h "$PGHOST" -p "$PGPORT" -U postgres -d postgres -Atqc 'select 1' >/dev/null 2>&1; then
    psql -h "$PGHOST" -p "$PGPORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -Atq "$@"
  elif [[ $(id -u) -eq 0 ]] && id postgres >/dev/null 2>&1; then
    runuser -u postgres -- psql -p "$PGPORT" -d postgres -v ON_ERROR_STOP=1 -Atq "$@"
  else
    die "cannot connect to PostgreSQL as a superuser to create databases: run as root or allow 'postgres' on $PGHOST"
  fi
}

ensure_databases() {
  local entry db role
  for entry in "${DATABASES[@]}"; do
    db=${entry%%:*}
    role=${entry##*:}
    if [[ -z $(psql_admin -c "select 1 from pg_roles where rolname = '$role'") ]]; then
      say "creating role $role"
      psql_admin -c "create role $role login password '$DB_PASSWORD'"
    fi
    if [[ -z $(psql_admin -c "select 1 from pg_database where datname = '$db'") ]]; then
      say "creating database $db"
      psql_admin -c "create database $db owner $role"
    fi
  done
}

redis_up() { redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG; }

ensure_redis() {
  if ! command -v redis-cli >/dev/null; then
    apt_install redis-server redis-tools
  fi
  if ! redis_up && [[ "$REDIS_HOST" == 127.0.0.1 ]]; then
    command -v redis-server >/dev/null || apt_install redis-server
    say "starting Redis on $REDIS_HOST:$REDIS_PORT"
    mkdir -p /tmp/cybernet-redis
    redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no \
      --dir /tmp/cybernet-redis --logfile /tmp/cybernet-redis/redis.log >/dev/null
  fi
  for _ in $(seq 1 20); do redis_up && return 0; sleep 0.5; done
  die "Redis is not reachable on $REDIS_HOST:$REDIS_PORT: start it (redis-server --daemonize yes) or set REDIS_HOST/REDIS_PORT"
}

# Browser and deployment tests: Debian's Chromium (never a test tool's own browser download), coturn
# (relay scenarios), the network tools of the cross-NAT test and the pod check, kubectl for kustomize,
# and the pinned npm packages of web-ui/e2e and deploy/test.
ensure_browser_tests() {
  local missing=()
  command -v chromium >/dev/null || missing+=(chromium fonts-liberation)
  command -v turnserver >/dev/null || missing+=(coturn)
  command -v node >/dev/null || missing+=(nodejs npm)
  command -v ip >/dev/null || missing+=(iproute2)
  command -v iptables >/dev/null || missing+=(iptables)
  command -v conntrack >/dev/null || missing+=(conntrack)
  command -v bwrap >/dev/null || missing+=(bubblewrap)
  command -v setpriv >/dev/null || missing+=(util-linux)
  command -v openssl >/dev/null || missing+=(openssl)
  command -v unzip >/dev/null || missing+=(unzip)
  command -v curl >/dev/null || missing+=(curl)
  command -v redis-server >/dev/null || missing+=(redis-server)
  # kubectl: Debian's kubernetes-client is too old for kustomize's components; the machines this
  # project runs on carry a current kubectl, else install one (e.g. from your distribution's
  # Kubernetes repository).
  command -v kubectl >/dev/null || missing+=(kubectl)
  ((${#missing[@]} == 0)) || apt_install "${missing[@]}"
  local root dir
  root="$(cd "$(dirname "$0")/.." && pwd)"
  for dir in "$root/web-ui" "$root/web-ui/e2e" "$root/deploy/test"; do
    if [[ ! -d $dir/node_modules ]] || [[ $dir/package-lock.json -nt $dir/node_modules/.package-lock.json ]]; then
      say "installing npm packages (npm ci in ${dir#"$root"/})"
      (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error) || die "npm ci in $dir failed"
    fi
  done
}

check_java
ensure_postgres
ensure_databases
ensure_redis
if $TURN && ! command -v turnserver >/dev/null; then
  apt_install coturn
fi
if $BROWSER_TESTS; then
  ensure_browser_tests
fi
say "ready: PostgreSQL $PGHOST:$PGPORT, Redis $REDIS_HOST:$REDIS_PORT"
