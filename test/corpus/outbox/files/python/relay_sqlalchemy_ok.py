from kafka import KafkaProducer
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db import engine
from app.models import OutboxEvent

producer = KafkaProducer(bootstrap_servers=["kafka:9092"], acks="all", retries=5)


def publish_pending(limit: int = 100) -> int:
    with Session(engine) as session:
        events = session.scalars(
            select(OutboxEvent)
            .where(OutboxEvent.sent.is_(False))
            .order_by(OutboxEvent.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        ).all()
        futures = []
        for event in events:
            futures.append(producer.send(event.topic, key=event.key.encode(), value=event.payload.encode()))
        for future in futures:
            future.get(timeout=10)
        for event in events:
            event.sent = True
        session.commit()
        return len(events)
