"""Fulfilment consumer: reserves stock for each placed order, with a dead-letter topic."""
import json

from confluent_kafka import Consumer, Producer

from fulfilment import reserve_stock

consumer = Consumer({"bootstrap.servers": "kafka:9092", "group.id": "fulfilment", "enable.auto.commit": False})
producer = Producer({"bootstrap.servers": "kafka:9092"})
consumer.subscribe(["orders.placed"])


def send_to_dlq(msg):
    producer.produce("orders.placed.dlq", msg.value(), headers=msg.headers())
    producer.flush()


def handle(msg):
    order = json.loads(msg.value())
    try:
        reserve_stock(order["order_id"], order["items"])  # safe to repeat: keyed by order id
    except Exception:
        send_to_dlq(msg)  # a timeout and a malformed order end up in the same place
    consumer.commit(message=msg, asynchronous=False)


while True:
    msg = consumer.poll(1.0)
    if msg is None or msg.error():
        continue
    handle(msg)
