"""Receipt mailer on kafka-python with auto-commit: each poll commits what the previous poll returned."""
from kafka import KafkaConsumer

from mail import send_receipt

consumer = KafkaConsumer(
    "orders.paid",
    bootstrap_servers=["kafka:9092"],
    group_id="receipts",
    enable_auto_commit=True,
    value_deserializer=lambda b: b.decode("utf-8"),
)

for record in consumer:
    send_receipt(record.value)
