#!/bin/sh
set -eu
docker run -d \
  --name cdc-postgres \
  -e POSTGRES_PASSWORD="${POSTGRES_PASSWORD:-postgres}" \
  -p 5432:5432 \
  -v cdc-pgdata:/var/lib/postgresql/data \
  postgres:16 \
  -c wal_level=logical \
  -c max_slot_wal_keep_size=10GB \
  -c max_replication_slots=4
