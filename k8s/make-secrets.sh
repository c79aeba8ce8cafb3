#!/usr/bin/env bash
# Writes the Secrets an overlay generates into k8s/overlays/<overlay>/secrets/ (ignored by git).
#
#   k8s/make-secrets.sh dev     every value random, a first token-signing key, and a self-signed
#                               certificate for localhost
#   k8s/make-secrets.sh prod    random values for what Cybernet Call alone uses (TURN secret,
#                               unsubscribe key, admin token) and a first token-signing key; the
#                               credentials of your PostgreSQL, Redis and SMTP come from the
#                               environment: AUTH_DB_PASSWORD, SIGNAL_STORE_DB_PASSWORD,
#                               NOTIFICATION_DB_PASSWORD, REDIS_URL (redis://:password@host:6379 or
#                               rediss://…), SMTP_PASSWORD, and SSO_CLIENT_SECRET with single
#                               sign-on (docs/operations.md, "Bring your own identity provider")
#
# Existing files are kept (re-running never rotates a secret by accident); delete one to make it anew.
# Needs openssl.
set -euo pipefail
overlay=${1:-}
[[ $overlay == dev || $overlay == prod ]] || { echo "usage: $0 dev|prod" >&2; exit 2; }
dir="$(cd "$(dirname "$0")" && pwd)/overlays/$overlay/secrets"
mkdir -p "$dir"
umask 077

random() { openssl rand -hex 32; }
write() { # file, then KEY=VALUE lines; an existing file is kept
  local file=$dir/$1
  shift
  [[ -e $file ]] && return 0
  printf '%s\n' "$@" >"$file"
  echo "make-secrets: wrote ${file#"$PWD"/}"
}
required() { # name of an environment variable that must be set for prod
  [[ -n ${!1:-} ]] || { echo "make-secrets: set $1 (see the comment at the top of $0)" >&2; exit 1; }
  printf '%s' "${!1}"
}

turn=$(random)
write turn.env "static-auth-secret=$turn"
write notification-secrets.env "unsubscribe-secret=$(random)" "admin-token=$(random)" \
  "smtp-password=$([[ $overlay == dev ]] || required SMTP_PASSWORD)"

if [[ $overlay == dev ]]; then
  redis_password=$(random)
  write postgres.env "superuser-password=$(random)"
  write auth-service-db.env "password=$(random)"
  write signal-store-db.env "password=$(random)"
  write notification-db.env "password=$(random)"
  write redis.env "password=$redis_password" "url=redis://:$redis_password@redis:6379"
  if [[ ! -e $dir/tls.crt ]]; then
    openssl req -x509 -newkey rsa:2048 -nodes -days 365 -subj /CN=localhost \
      -addext subjectAltName=DNS:localhost -keyout "$dir/tls.key" -out "$dir/tls.crt" 2>/dev/null
    echo "make-secrets: wrote a self-signed certificate for localhost"
  fi
else
  write auth-service-db.env "password=$(required AUTH_DB_PASSWORD)"
  write signal-store-db.env "password=$(required SIGNAL_STORE_DB_PASSWORD)"
  write notification-db.env "password=$(required NOTIFICATION_DB_PASSWORD)"
  write redis.env "url=$(required REDIS_URL)"
  # Only with single sign-on (config/*.env: AUTH_SSO_ENABLED, WEB_UI_SSO_ENABLED); empty otherwise.
  write sso-client.env "client-secret=${SSO_CLIENT_SECRET:-}"
fi

mkdir -p "$dir/signing-keys"
if [[ ! -e $dir/signing-keys/kid-1.pem ]]; then
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$dir/signing-keys/kid-1.pem" 2>/dev/null
  printf 'kid-1' >"$dir/signing-keys/active-kid"
  echo "make-secrets: wrote the first token-signing key (kid-1)"
fi
