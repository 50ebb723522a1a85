"""Polling outbox relay, for deployments without Debezium.

Claims a batch of unsent rows, marks them sent, then publishes them.
"""
import psycopg
from confluent_kafka import Producer

producer = Producer({"bootstrap.servers": "kafka:9092", "enable.idempotence": True})


def relay_batch(conn: psycopg.Connection) -> int:
    with conn.transaction():
        rows = conn.execute(
            "SELECT id, aggregate_type, aggregate_id, payload FROM outbox"
            " WHERE sent_at IS NULL ORDER BY created_at LIMIT 100 FOR UPDATE SKIP LOCKED"
        ).fetchall()
        for row in rows:
            conn.execute("UPDATE outbox SET sent_at = now() WHERE id = %s", (row[0],))
    for event_id, aggregate_type, aggregate_id, payload in rows:
        producer.produce(
            f"{aggregate_type}.events",
            key=str(aggregate_id),
            value=payload,
            headers={"id": str(event_id)},
        )
    producer.flush()
    return len(rows)
