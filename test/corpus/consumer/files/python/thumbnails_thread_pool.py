"""Thumbnail worker: resizes uploaded images on a thread pool.

The offset store is manual (enable.auto.offset.store=false) so that only handled
messages are committed by the background auto-commit.
"""
import logging
from concurrent.futures import ThreadPoolExecutor

from confluent_kafka import Consumer

from media.images import make_thumbnails

log = logging.getLogger("thumbnails")


def run() -> None:
    consumer = Consumer(
        {
            "bootstrap.servers": "kafka:9092",
            "group.id": "thumbnails",
            "enable.auto.offset.store": False,
        }
    )
    consumer.subscribe(["media.uploaded"])
    pool = ThreadPoolExecutor(max_workers=16, thread_name_prefix="thumb")
    while True:
        msg = consumer.poll(0.5)
        if msg is None or msg.error():
            continue
        consumer.store_offsets(message=msg)
        pool.submit(make_thumbnails, msg.key().decode(), msg.value())
        log.debug("queued %s", msg.key())
