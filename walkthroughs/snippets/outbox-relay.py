"""Outbox relay: polls rows that have not been sent yet and hands them to Kafka."""
import time

import psycopg
from confluent_kafka import Producer

producer = Producer({"bootstrap.servers": "kafka:9092", "enable.idempotence": True})


def relay_batch(conn: psycopg.Connection, batch_size: int = 100) -> int:
    rows = conn.execute(
        "SELECT id, aggregateid, type, payload FROM outbox WHERE sent = false ORDER BY created_at LIMIT %s",
        (batch_size,),
    ).fetchall()
    for event_id, order_id, event_type, payload in rows:
        conn.execute("UPDATE outbox SET sent = true WHERE id = %s", (event_id,))
        conn.commit()
        producer.produce("orders", key=order_id, value=payload, headers={"id": str(event_id), "type": event_type})
        producer.flush()
    return len(rows)


if __name__ == "__main__":
    with psycopg.connect("dbname=shop") as connection:
        while True:
            if relay_batch(connection) == 0:
                time.sleep(1)
