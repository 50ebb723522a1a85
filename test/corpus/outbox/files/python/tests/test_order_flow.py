import json

import pytest
from confluent_kafka import Producer


@pytest.fixture
def producer():
    return Producer({"bootstrap.servers": "localhost:9092"})


def test_shipping_consumer_ships_paid_orders(db, producer, shipping_worker):
    db.execute("INSERT INTO orders (id, customer_id, status, total_cents) VALUES ('ord_t1', 'cust_t', 'paid', 100)")
    db.commit()
    producer.produce("outbox.event.order", key="ord_t1", value=json.dumps({"order_id": "ord_t1", "type": "order.paid"}))
    producer.flush()
    shipping_worker.run_until_idle()
    assert db.execute("SELECT status FROM shipments WHERE order_id = 'ord_t1'").fetchone()[0] == "pending"
