"""Payment consumer: charges an order once its `order.placed` event arrives."""
import json
import logging

from confluent_kafka import Consumer

from billing import charge_payment

log = logging.getLogger(__name__)


def main() -> None:
    consumer = Consumer(
        {
            "bootstrap.servers": "kafka:9092",
            "group.id": "payments",
            "enable.auto.commit": False,
        }
    )
    consumer.subscribe(["orders.placed"])
    try:
        while True:
            msg = consumer.poll(1.0)
            if msg is None:
                continue
            if msg.error():
                log.error("consumer error: %s", msg.error())
                continue
            event = json.loads(msg.value())
            consumer.commit(message=msg, asynchronous=False)
            charge_payment(event["order_id"], event["amount_cents"])
            log.info("charged order %s", event["order_id"])
    finally:
        consumer.close()


if __name__ == "__main__":
    main()
