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
./mvnw -B --no-transfer-progress verify
echo "test.sh: deployment checks (deploy/test)"
cd deploy/test && exec node --test --test-concurrency=1 ./*.test.mjs
