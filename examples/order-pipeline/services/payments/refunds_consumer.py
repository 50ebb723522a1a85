"""Issues refunds for cancelled orders: work first, then commit (at-least-once, idempotent refunds)."""
import json

from confluent_kafka import Consumer

from payments.provider import refund_once

consumer = Consumer({"bootstrap.servers": "kafka:9092", "group.id": "refunds", "enable.auto.commit": False})
consumer.subscribe(["orders.cancelled"])

while True:
    msg = consumer.poll(1.0)
    if msg is None or msg.error():
        continue
    event = json.loads(msg.value())
    refund_once(event["event_id"], event["order_id"])
    consumer.commit(message=msg, asynchronous=False)
