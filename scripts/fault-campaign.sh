#!/usr/bin/env bash
# The fault-injection campaign (docs/reliability.md): the packaged services as processes, a private
# Redis with AOF and a private PostgreSQL cluster (so killing them hurts nothing else), real traffic,
# one fault at a time, each repeated. Needs root (PostgreSQL runs as the postgres user).
#
#   scripts/fault-campaign.sh [runs=10] [faults=all|redis-kill9,postgres-stop,...]
#   scripts/fault-campaign.sh soak [sockets=500] [minutes=30]      (the soak instead)
#
# Faults: redis-kill9 postgres-stop kill9-auth kill9-signaling-a kill9-signal-store
#         kill9-notification smtp-away partition-signaling-b
# The report lands in fault-campaign/target/fault-campaign.md and on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."

die() { echo "fault-campaign: $*" >&2; exit 1; }
[[ $(id -u) -eq 0 ]] || die "run as root: PostgreSQL is started as the postgres user"
command -v redis-server >/dev/null || die "redis-server is missing (scripts/ensure-infra.sh --install)"
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[[ -x $pg_bin/initdb ]] || die "PostgreSQL's initdb is missing (apt-get install postgresql)"

./mvnw -q -B -DskipTests package \
  -pl auth-service,signaling-service,signal-store-service,notification-service,fault-campaign -am

work=$(mktemp -d /tmp/cybernet-faults.XXXXXX)
chmod 755 "$work"
cleanup() {
  pkill -f "redis-server.*--port 6391" 2>/dev/null || true
  [[ -d $work/pg/data ]] && runuser -u postgres -- "$pg_bin/pg_ctl" -D "$work/pg/data" -m immediate stop >/dev/null 2>&1 || true
}
trap cleanup EXIT
main=io.cybernetcall.faults.FaultCampaign report=fault-campaign/target/fault-campaign.md
if [[ ${1:-} == soak ]]; then
  shift
  main=io.cybernetcall.faults.Soak report=fault-campaign/target/soak.md
fi
java -cp "fault-campaign/target/classes:$(cat fault-campaign/target/classpath.txt)" \
  "$main" root=. work="$work" pg-bin="$pg_bin" report="$report" "$@"
