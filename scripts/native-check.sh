#!/usr/bin/env bash
# Would every service build as a GraalVM native image? Runs the native-image builder's real analysis,
# class-initialisation and compilation phases over each service (everything but the final link, whose
# JDK static libraries no reachable registry ships) with ../shared/tools/native-check.
#
#   scripts/native-check.sh                 every service, one after the other (~40 min on 2 cores)
#   scripts/native-check.sh auth-service    one service
#
# Run it before any change to dependencies or to what is initialised at build time; write the result
# lines into docs/operations.md ("Native images"). Needs a JDK 25 under /usr/lib/jvm (or NC_JDK) and
# ~6 GB of free memory. Exit code: 0 when every service passes.
set -uo pipefail
cd "$(dirname "$0")/.."

TOOL=${NATIVE_CHECK_TOOL:-../shared/tools/native-check/native-check.sh}
[[ -x $TOOL ]] || { echo "native-check: $TOOL not found (set NATIVE_CHECK_TOOL)" >&2; exit 2; }
services=("$@")
((${#services[@]})) || services=(auth-service signaling-service signal-store-service notification-service web-ui)

mkdir -p target
summary=target/native-check-summary.txt
: >"$summary"
failed=0
for service in "${services[@]}"; do
  line=$("$TOOL" "$service" 2>"target/native-check-$service.err")
  rc=$?
  [[ -n $line ]] || line=$(grep 'native-check: FAIL' "target/native-check-$service.err" | tail -n 1)
  echo "$(date -u +%FT%TZ) rc=$rc $line" | tee -a "$summary"
  if ((rc != 0)); then
    failed=1
    cat "target/native-check-$service.err" >&2
  fi
done
exit $failed
