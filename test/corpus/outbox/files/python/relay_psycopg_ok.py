"""Outbox relay with row locks, safe to run in several replicas."""
import time

import psycopg
from confluent_kafka import KafkaException, Producer

CLAIM = """
    SELECT id, aggregateid, type, payload
    FROM outbox
    WHERE published_at IS NULL
    ORDER BY created_at
    LIMIT 100
    FOR UPDATE SKIP LOCKED
"""


def delivery_failed(err, msg):
    if err is not None:
        raise KafkaException(err)


def relay(conn: psycopg.Connection, producer: Producer) -> int:
    with conn.transaction():
        rows = conn.execute(CLAIM).fetchall()
        if not rows:
            return 0
        for event_id, order_id, event_type, payload in rows:
            producer.produce("orders", key=order_id, value=payload, headers={"id": str(event_id)}, on_delivery=delivery_failed)
        remaining = producer.flush(30)
        if remaining:
            raise RuntimeError(f"{remaining} messages not delivered")
        conn.execute(
            "UPDATE outbox SET published_at = now() WHERE id = ANY(%s)",
            ([r[0] for r in rows],),
        )
    return len(rows)


def main(dsn: str) -> None:
    producer = Producer({"bootstrap.servers": "kafka:9092", "enable.idempotence": True, "acks": "all"})
    with psycopg.connect(dsn) as conn:
        while True:
            if relay(conn, producer) == 0:
                time.sleep(1)
