"""Settlement writer: records each settled payment in the ledger database."""
import json
import logging
import signal

from confluent_kafka import Consumer
from sqlalchemy import create_engine
from sqlalchemy.orm import sessionmaker

from ledger.models import Settlement

log = logging.getLogger(__name__)
engine = create_engine("postgresql+psycopg://ledger@db/ledger", pool_pre_ping=True)
SessionLocal = sessionmaker(bind=engine)
running = True


def stop(*_):
    global running
    running = False


def main() -> None:
    signal.signal(signal.SIGTERM, stop)
    consumer = Consumer(
        {"bootstrap.servers": "kafka:9092", "group.id": "settlements", "enable.auto.commit": False}
    )
    consumer.subscribe(["payments.settled"])
    session = SessionLocal()
    try:
        while running:
            msg = consumer.poll(1.0)
            if msg is None or msg.error():
                continue
            event = json.loads(msg.value())
            session.add(
                Settlement(
                    payment_id=event["payment_id"],
                    merchant_id=event["merchant_id"],
                    amount_cents=event["amount_cents"],
                )
            )
            consumer.commit(message=msg, asynchronous=False)
            session.commit()
            log.info("settled %s", event["payment_id"])
    finally:
        session.close()
        consumer.close()


if __name__ == "__main__":
    main()
