import json
import uuid

import psycopg


def place_order(conn: psycopg.Connection, customer_id: str, total_cents: int) -> str:
    order_id = f"ord_{uuid.uuid4().hex[:8]}"
    with conn.transaction():
        conn.execute(
            "INSERT INTO orders (id, customer_id, status, total_cents) VALUES (%s, %s, 'placed', %s)",
            (order_id, customer_id, total_cents),
        )
        conn.execute(
            "INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload) VALUES (%s, 'order', %s, 'order.placed', %s)",
            (uuid.uuid4(), order_id, json.dumps({"order_id": order_id, "total_cents": total_cents})),
        )
    return order_id
