#!/usr/bin/env bash
# Runs every test of Cybernet Call against real PostgreSQL and Redis on this machine.
# Usage: ./test.sh [extra Maven arguments]      e.g. ./test.sh -pl auth-service -am
set -euo pipefail
cd "$(dirname "$0")"

install_flag=()
# CI (and anyone who asks) may install missing PostgreSQL/Redis from Debian packages.
[[ "${CI:-}" == "true" || "${CYBERNET_INSTALL_DEPS:-}" == "1" ]] && install_flag=(--install)
scripts/ensure-infra.sh "${install_flag[@]}"

export DB_PASSWORD=${DB_PASSWORD:-${CYBERNET_DB_PASSWORD:-cybernet-dev}}
exec ./mvnw -B --no-transfer-progress verify "$@"
