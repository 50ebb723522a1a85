import json

from kafka import KafkaProducer

producer = KafkaProducer(bootstrap_servers="kafka:9092", value_serializer=lambda v: json.dumps(v).encode())


def refund(conn, payment_id: str, amount_cents: int) -> None:
    with conn.transaction():
        conn.execute(
            "UPDATE payments SET refunded_cents = refunded_cents + %s WHERE id = %s",
            (amount_cents, payment_id),
        )
        conn.execute(
            "INSERT INTO ledger_entries (payment_id, kind, amount_cents) VALUES (%s, 'refund', %s)",
            (payment_id, amount_cents),
        )
        producer.send("payments", key=payment_id.encode(), value={"payment_id": payment_id, "refunded_cents": amount_cents})
