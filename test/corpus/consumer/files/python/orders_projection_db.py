"""Order projection: mirrors order events into the reporting database."""
import json
import logging

from confluent_kafka import Consumer, Producer
from sqlalchemy.orm import Session

from reporting.db import SessionLocal
from reporting.models import OrderRow, ProcessedEvent

log = logging.getLogger(__name__)


class OrderProjection:
    def __init__(self) -> None:
        self.consumer = Consumer(
            {"bootstrap.servers": "kafka:9092", "group.id": "order-projection", "enable.auto.commit": False}
        )
        self.producer = Producer({"bootstrap.servers": "kafka:9092"})

    def apply(self, session: Session, event: dict) -> None:
        if session.get(ProcessedEvent, event["event_id"]):
            return
        session.merge(OrderRow.from_event(event))
        session.add(ProcessedEvent(id=event["event_id"]))

    def run(self) -> None:
        self.consumer.subscribe(["orders.events"])
        while True:
            msg = self.consumer.poll(1.0)
            if msg is None or msg.error():
                continue
            try:
                event = json.loads(msg.value())
            except json.JSONDecodeError:
                log.error("undecodable event at offset %s", msg.offset())
                self.producer.produce("orders.events.dlq", msg.value())
                self.consumer.commit(message=msg)
                continue
            with SessionLocal() as session:
                self.apply(session, event)
                session.commit()
            self.consumer.commit(message=msg, asynchronous=False)
