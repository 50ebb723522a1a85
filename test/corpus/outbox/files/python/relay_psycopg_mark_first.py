"""Polls the outbox and forwards rows to Kafka."""
import logging
import time

import psycopg
from confluent_kafka import Producer

log = logging.getLogger(__name__)

FETCH = """
    SELECT id, aggregatetype, aggregateid, type, payload
    FROM outbox
    WHERE published_at IS NULL
    ORDER BY created_at
    LIMIT %s
"""


class OutboxRelay:
    def __init__(self, dsn: str, producer: Producer, batch_size: int = 200):
        self.conn = psycopg.connect(dsn)
        self.producer = producer
        self.batch_size = batch_size

    def run_once(self) -> int:
        rows = self.conn.execute(FETCH, (self.batch_size,)).fetchall()
        for event_id, aggregate_type, aggregate_id, event_type, payload in rows:
            self.conn.execute("UPDATE outbox SET published_at = now() WHERE id = %s", (event_id,))
            self.conn.commit()
            self.producer.produce(
                f"outbox.event.{aggregate_type}",
                key=aggregate_id,
                value=payload,
                headers={"id": str(event_id), "type": event_type},
            )
        self.producer.flush(10)
        log.info("relayed %d events", len(rows))
        return len(rows)

    def run_forever(self) -> None:
        while True:
            if self.run_once() == 0:
                time.sleep(0.5)
