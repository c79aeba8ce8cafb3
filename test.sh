#!/usr/bin/env bash
# Runs every test of Cybernet Call against real PostgreSQL and Redis on this machine: the Maven build
# (unit, integration and browser suites, the cross-NAT calls), then the deployment checks of
# deploy/test (Kubernetes overlays and compose against their schemas and invariants, the pod start-up
# check), which read the services that build packaged.
# Usage: ./test.sh [extra Maven arguments]      e.g. ./test.sh -pl auth-service -am
#        (with extra arguments only that Maven build runs)
set -euo pipefail
cd "$(dirname "$0")"

flags=(--browser-tests)
# CI (and anyone who asks) may install what is missing (PostgreSQL, Redis, Chromium, coturn, the
# network and sandbox tools) from Debian packages.
[[ "${CI:-}" == "true" || "${CYBERNET_INSTALL_DEPS:-}" == "1" ]] && flags+=(--install)
scripts/ensure-infra.sh "${flags[@]}"

export DB_PASSWORD=${DB_PASSWORD:-${CYBERNET_DB_PASSWORD:-cybernet-dev}}
if (($#)); then
  exec ./mvnw -B --no-transfer-progress verify "$@"
fi
# The single sign-on tests need a real Keycloak (scripts/keycloak.sh: fetched through Maven once,
# cached). Started once here for all of them, instead of once per test JVM, and stopped at the end.
stop_at_exit=()
trap 'for command in "${stop_at_exit[@]}"; do $command || true; done' EXIT
if [[ -z $(scripts/keycloak.sh status) ]]; then
  scripts/keycloak.sh start
  stop_at_exit+=("$PWD/scripts/keycloak.sh stop")
fi
# install, not only verify: the Redis Cluster pass below builds two modules on what this one built.
./mvnw -B --no-transfer-progress install
# The signaling and signal-store suites again, against a real three-master Redis Cluster with a
# replica each (scripts/redis-cluster.sh), the services and tests switched to it by configuration
# alone; TwoReplicasIT adds a master failover during traffic there.
echo "test.sh: the signaling and signal-store suites against a Redis Cluster"
scripts/redis-cluster.sh stop >/dev/null
scripts/redis-cluster.sh start
stop_at_exit+=("$PWD/scripts/redis-cluster.sh stop")
CYBERNET_TEST_REDIS_CLUSTER=$(scripts/redis-cluster.sh env | sed -n 's/^REDIS_URL=//p') \
  REDIS_CLIENT_TYPE=cluster \
  ./mvnw -B --no-transfer-progress verify -pl signaling-service,signal-store-service
echo "test.sh: deployment checks (deploy/test)"
cd deploy/test && node --test --test-concurrency=1 ./*.test.mjs
