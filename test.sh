#!/usr/bin/env bash
# Runs every test of Cybernet Call against real PostgreSQL and Redis on this machine.
# Usage: ./test.sh [extra Maven arguments]      e.g. ./test.sh -pl auth-service -am
set -euo pipefail
cd "$(dirname "$0")"

flags=(--browser-tests)
# CI (and anyone who asks) may install what is missing (PostgreSQL, Redis, Chromium, coturn) from
# Debian packages.
[[ "${CI:-}" == "true" || "${CYBERNET_INSTALL_DEPS:-}" == "1" ]] && flags+=(--install)
scripts/ensure-infra.sh "${flags[@]}"

export DB_PASSWORD=${DB_PASSWORD:-${CYBERNET_DB_PASSWORD:-cybernet-dev}}
exec ./mvnw -B --no-transfer-progress verify "$@"
