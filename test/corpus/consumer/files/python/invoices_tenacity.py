"""Invoice consumer: renders and files an invoice per paid order."""
import json
import logging

from confluent_kafka import Consumer, Producer
from tenacity import retry, retry_if_exception_type, stop_after_attempt, wait_exponential

from billing.invoices import InvoiceService, TemporaryStorageError

log = logging.getLogger("invoices")
service = InvoiceService()


@retry(
    retry=retry_if_exception_type(TemporaryStorageError),
    stop=stop_after_attempt(5),
    wait=wait_exponential(multiplier=0.5, max=20),
    reraise=True,
)
def file_invoice(order: dict) -> None:
    service.render_and_store(order)


def run(consumer: Consumer, producer: Producer) -> None:
    consumer.subscribe(["orders.paid"])
    while True:
        msg = consumer.poll(1.0)
        if msg is None or msg.error():
            continue
        order = json.loads(msg.value())
        try:
            file_invoice(order)
        except Exception:
            log.exception("invoice for %s failed", order["order_id"])
            producer.produce("orders.paid.dlq", msg.value())
            producer.flush()
        consumer.commit(message=msg, asynchronous=False)
