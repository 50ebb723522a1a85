"""Audit trail writer: stores every domain event in the audit database, a batch at a time."""
import asyncio
import json
import logging

from aiokafka import AIOKafkaConsumer

from audit.store import AuditStore

log = logging.getLogger(__name__)


async def consume(store: AuditStore) -> None:
    consumer = AIOKafkaConsumer(
        "orders.events",
        "payments.events",
        bootstrap_servers="kafka:9092",
        group_id="audit-trail",
        enable_auto_commit=False,
    )
    await consumer.start()
    try:
        while True:
            batches = await consumer.getmany(timeout_ms=1000, max_records=500)
            tasks = [
                asyncio.create_task(store.append(tp.topic, json.loads(m.value)))
                for tp, messages in batches.items()
                for m in messages
            ]
            await asyncio.gather(*tasks)
            await consumer.commit()
            log.info("stored %d events", len(tasks))
    finally:
        await consumer.stop()
