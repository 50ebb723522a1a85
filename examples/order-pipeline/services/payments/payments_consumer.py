"""Charges the customer when an order is placed.

Reads `orders.placed` (routed by Debezium's outbox EventRouter, keyed by order id) and charges
the card through the payment provider.
"""
import json
import logging
import signal

import psycopg
from confluent_kafka import Consumer, KafkaException

from payments.provider import charge_card

log = logging.getLogger("payments")
running = True


def stop(*_args) -> None:
    global running
    running = False


def already_charged(conn: psycopg.Connection, event_id: str) -> bool:
    """Records the event in the inbox; False when another delivery recorded it first."""
    cur = conn.execute(
        "INSERT INTO processed_events (event_id, consumer) VALUES (%s, 'payments') "
        "ON CONFLICT (event_id) DO NOTHING",
        (event_id,),
    )
    return cur.rowcount == 0


def main() -> None:
    conn = psycopg.connect("dbname=payments")
    consumer = Consumer(
        {
            "bootstrap.servers": "kafka:9092",
            "group.id": "payments",
            "enable.auto.commit": False,
            "auto.offset.reset": "earliest",
        }
    )
    consumer.subscribe(["orders.placed"])
    signal.signal(signal.SIGTERM, stop)
    try:
        while running:
            msg = consumer.poll(1.0)
            if msg is None:
                continue
            if msg.error():
                raise KafkaException(msg.error())
            event = json.loads(msg.value())
            if already_charged(conn, event["event_id"]):
                consumer.commit(message=msg, asynchronous=False)
                continue
            # acknowledge quickly so a slow provider does not stall the partition
            consumer.commit(message=msg, asynchronous=False)
            charge_card(
                order_id=event["order_id"],
                amount_cents=event["total_cents"],
                idempotency_key=event["event_id"],
            )
            log.info("charged order %s", event["order_id"])
    finally:
        consumer.close()


if __name__ == "__main__":
    main()
