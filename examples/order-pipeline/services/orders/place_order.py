"""Order API: places an order and tells the rest of the company about it."""
import json
import uuid

import psycopg
from confluent_kafka import Producer

producer = Producer({"bootstrap.servers": "kafka:9092", "enable.idempotence": True})


def place_order(conn: psycopg.Connection, customer_id: str, total_cents: int) -> str:
    order_id = f"ord_{uuid.uuid4().hex[:8]}"
    with conn.transaction():
        conn.execute(
            "INSERT INTO orders (id, customer_id, status, total_cents) VALUES (%s, %s, 'placed', %s)",
            (order_id, customer_id, total_cents),
        )
    producer.produce(
        "orders.placed",
        key=order_id,
        value=json.dumps({"order_id": order_id, "total_cents": total_cents}),
    )
    producer.flush()
    return order_id
