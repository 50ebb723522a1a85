import json
import uuid

from confluent_kafka import Producer
from flask import Flask, jsonify, request

from app.db import get_connection

app = Flask(__name__)
producer = Producer({"bootstrap.servers": "kafka:9092"})


def create_order(conn, customer_id: str, lines: list) -> dict:
    order_id = f"ord_{uuid.uuid4().hex[:8]}"
    total = sum(line["qty"] * line["unit_cents"] for line in lines)
    with conn.cursor() as cur:
        cur.execute(
            "INSERT INTO orders (id, customer_id, status, total_cents) VALUES (%s, %s, 'placed', %s)",
            (order_id, customer_id, total),
        )
        for line in lines:
            cur.execute(
                "INSERT INTO order_lines (order_id, sku, qty, unit_cents) VALUES (%s, %s, %s, %s)",
                (order_id, line["sku"], line["qty"], line["unit_cents"]),
            )
    conn.commit()
    event = {"order_id": order_id, "customer_id": customer_id, "total_cents": total}
    producer.produce("orders", key=order_id, value=json.dumps(event))
    producer.poll(0)
    return event


@app.post("/orders")
def post_order():
    body = request.get_json()
    with get_connection() as conn:
        order = create_order(conn, body["customer_id"], body["lines"])
    return jsonify(order), 201
