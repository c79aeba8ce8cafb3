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
if [[ -z $(scripts/keycloak.sh status) ]]; then
  scripts/keycloak.sh start
  trap "$PWD/scripts/keycloak.sh stop" EXIT
fi
./mvnw -B --no-transfer-progress verify
echo "test.sh: deployment checks (deploy/test)"
cd deploy/test && node --test --test-concurrency=1 ./*.test.mjs
