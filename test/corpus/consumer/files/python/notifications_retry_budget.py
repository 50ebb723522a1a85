"""Notification consumer: sends the shipping e-mail, retrying transient SMTP failures."""
import json
import logging
import smtplib
import time

from kafka import KafkaConsumer, KafkaProducer

from notify.templates import render_shipped

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 4
TRANSIENT = (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError, TimeoutError)


class ShippingNotifier:
    def __init__(self, smtp: smtplib.SMTP) -> None:
        self.smtp = smtp
        self.consumer = KafkaConsumer(
            "orders.shipped",
            bootstrap_servers="kafka:9092",
            group_id="shipping-notifier",
            enable_auto_commit=False,
            value_deserializer=lambda v: json.loads(v),
        )
        self.producer = KafkaProducer(bootstrap_servers="kafka:9092")

    def send_mail(self, event: dict) -> None:
        subject, body = render_shipped(event)
        self.smtp.sendmail("shop@example.com", [event["email"]], f"Subject: {subject}\n\n{body}")

    def handle(self, record) -> None:
        for attempt in range(1, MAX_ATTEMPTS + 1):
            try:
                self.send_mail(record.value)
                return
            except TRANSIENT:
                if attempt == MAX_ATTEMPTS:
                    break
                time.sleep(min(2 ** attempt, 30))
            except smtplib.SMTPRecipientsRefused:
                break
        log.warning("giving up on %s after %d attempts", record.value["order_id"], attempt)
        self.producer.send("orders.shipped.dlq", record.value).get(timeout=10)

    def run(self) -> None:
        for record in self.consumer:
            self.handle(record)
            self.consumer.commit()
