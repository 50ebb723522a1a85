"""Ledger projector: keeps the read model of account balances up to date."""
import json
import logging

import psycopg
from kafka import KafkaConsumer

log = logging.getLogger(__name__)


def project(conn: psycopg.Connection, event: dict) -> None:
    with conn.transaction():
        conn.execute(
            "INSERT INTO processed_events (event_id) VALUES (%s) ON CONFLICT DO NOTHING",
            (event["event_id"],),
        )
        conn.execute(
            "UPDATE balances SET cents = cents + %s WHERE account_id = %s",
            (event["delta_cents"], event["account_id"]),
        )


def main() -> None:
    consumer = KafkaConsumer(
        "ledger.entries",
        bootstrap_servers=["kafka:9092"],
        group_id="balance-projector",
        value_deserializer=json.loads,
    )
    with psycopg.connect("postgresql://ledger@db/ledger") as conn:
        for record in consumer:
            project(conn, record.value)
            log.debug("projected offset %s", record.offset)


if __name__ == "__main__":
    main()
