"""Payments consumer: charges the customer once an order.placed event arrives."""
import json
import logging

from confluent_kafka import Consumer

from billing import charge_payment

log = logging.getLogger("payments")

consumer = Consumer(
    {
        "bootstrap.servers": "kafka:9092",
        "group.id": "payments",
        "enable.auto.commit": False,
    }
)
consumer.subscribe(["orders.placed"])

while True:
    msg = consumer.poll(1.0)
    if msg is None or msg.error():
        continue
    order = json.loads(msg.value())
    consumer.commit(message=msg, asynchronous=False)  # marks the order as handled
    charge_payment(order["order_id"], order["amount_cents"])  # charges the card
    log.info("charged order %s", order["order_id"])
