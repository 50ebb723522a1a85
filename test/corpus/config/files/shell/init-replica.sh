#!/bin/bash
# Runs from /docker-entrypoint-initdb.d on the reporting replica.
set -e

pg_ctl -D "$PGDATA" -m fast -w stop
pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -c wal_level=logical -c max_replication_slots=4" -w start

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<-EOSQL
  CREATE PUBLICATION reporting FOR ALL TABLES;
EOSQL
