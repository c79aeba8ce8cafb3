#!/bin/bash
# Container health check for a Cybernet Call service: GET /q/health/ready on the service's own port
# over bash's /dev/tcp, so the runtime image needs neither curl nor wget.
#   healthcheck.sh [port] [path]      (port defaults to $PORT, path to /q/health/ready)
port=${1:-${PORT:?PORT is not set}}
path=${2:-/q/health/ready}
exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 1
printf 'GET %s HTTP/1.0\r\nHost: localhost\r\nConnection: close\r\n\r\n' "$path" >&3
IFS= read -r -t 5 status <&3 || exit 1
[[ $status == "HTTP/1."[01]" 200"* ]]
