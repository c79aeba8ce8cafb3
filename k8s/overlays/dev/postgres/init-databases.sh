#!/bin/sh
# First start of the dev PostgreSQL: one role and database per service, each with its own password
# from the dev Secrets (k8s/make-secrets.sh). Runs once, from /docker-entrypoint-initdb.d.
set -eu
create() {
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    -v role="$1" -v password="$2" <<'SQL'
select format('create role %I login password %L', :'role', :'password') \gexec
select format('create database %I owner %I', :'role', :'role') \gexec
SQL
}
create cybernet_auth "$AUTH_DB_PASSWORD"
create cybernet_signal_store "$SIGNAL_STORE_DB_PASSWORD"
create cybernet_notification "$NOTIFICATION_DB_PASSWORD"
