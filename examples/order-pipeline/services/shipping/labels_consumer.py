"""Prints shipping labels for paid orders; anything that fails is parked on the dead-letter topic."""
import json

from confluent_kafka import Consumer, Producer

from shipping.labels import print_label

consumer = Consumer({"bootstrap.servers": "kafka:9092", "group.id": "labels", "enable.auto.commit": False})
producer = Producer({"bootstrap.servers": "kafka:9092"})
consumer.subscribe(["orders.paid"])


def handle(msg) -> None:
    try:
        print_label(json.loads(msg.value()))
    except Exception:
        producer.produce("orders.paid.dlq", msg.value(), key=msg.key())
        producer.flush()
    consumer.commit(message=msg, asynchronous=False)


while True:
    message = consumer.poll(1.0)
    if message is not None and not message.error():
        handle(message)
