#!/usr/bin/env bash
set -euo pipefail
CONNECT_URL="${CONNECT_URL:-http://localhost:8083}"

until curl -fs "$CONNECT_URL/connectors" >/dev/null; do
  echo "waiting for Kafka Connect..."
  sleep 2
done

curl -fsS -X PUT "$CONNECT_URL/connectors/orders-outbox/config" \
  -H 'Content-Type: application/json' \
  -d @- <<'JSON'
{
  "connector.class": "io.debezium.connector.postgresql.PostgresConnector",
  "database.hostname": "postgres",
  "database.dbname": "orders",
  "topic.prefix": "orders",
  "table.include.list": "public.outbox",
  "heartbeat.interval.ms": "10000"
}
JSON
