#!/usr/bin/env bash
# Wraps the official entrypoint so the image starts with logical decoding enabled.
set -Eeo pipefail

if [ "${1:0:1}" = '-' ]; then
  set -- postgres "$@"
fi

if [ "$1" = 'postgres' ]; then
  shift
  exec docker-entrypoint.sh postgres -c wal_level=logical -c max_wal_senders=10 -c max_replication_slots=10 "$@"
fi

exec "$@"
