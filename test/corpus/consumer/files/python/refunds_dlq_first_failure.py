"""Refunds consumer: issues a refund for every cancelled order.

Failed refunds are parked on a dead-letter topic for the support team.
"""
import json
import logging
import os

from confluent_kafka import Consumer, Producer

from payments.gateway import RefundGateway

log = logging.getLogger("refunds")

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP", "kafka:9092")
DLQ_TOPIC = "orders.cancelled.dlq"


def main() -> None:
    consumer = Consumer(
        {
            "bootstrap.servers": BOOTSTRAP,
            "group.id": "refunds",
            "enable.auto.commit": False,
            "auto.offset.reset": "earliest",
        }
    )
    producer = Producer({"bootstrap.servers": BOOTSTRAP, "acks": "all"})
    gateway = RefundGateway.from_env()
    consumer.subscribe(["orders.cancelled"])
    try:
        while True:
            msg = consumer.poll(1.0)
            if msg is None:
                continue
            if msg.error():
                log.error("consumer error: %s", msg.error())
                continue
            event = json.loads(msg.value())
            try:
                gateway.refund(event["payment_id"], event["amount_cents"], idempotency_key=event["event_id"])
            except Exception:
                log.exception("refund failed for order %s", event["order_id"])
                producer.produce(DLQ_TOPIC, key=msg.key(), value=msg.value(), headers=msg.headers())
                producer.flush(5)
            consumer.commit(message=msg, asynchronous=False)
    finally:
        consumer.close()


if __name__ == "__main__":
    main()
