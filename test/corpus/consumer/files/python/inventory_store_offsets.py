"""Inventory consumer with manual offset storage (enable.auto.offset.store=false)."""
from confluent_kafka import Consumer

from stock import reserve

consumer = Consumer(
    {
        "group.id": "inventory",
        "enable.auto.offset.store": False,
    }
)
consumer.subscribe(["orders.placed"])

while True:
    msg = consumer.poll(0.5)
    if msg is None:
        continue
    reserve(msg.value())
    consumer.store_offsets(message=msg)
