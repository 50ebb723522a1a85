"""Payment consumer, at-least-once: charge, then commit. Charges are idempotent per event id."""
import json

from confluent_kafka import Consumer

from billing import charge_payment_once


def run(consumer: Consumer) -> None:
    consumer.subscribe(["orders.placed"])
    while True:
        msg = consumer.poll(1.0)
        if msg is None or msg.error():
            continue
        event = json.loads(msg.value())
        charge_payment_once(event["event_id"], event["order_id"], event["amount_cents"])
        consumer.commit(message=msg, asynchronous=False)
