import json

from confluent_kafka import Consumer, Producer

consumer = Consumer({"bootstrap.servers": "kafka:9092", "group.id": "payments", "enable.auto.commit": False})
dead_letters = Producer({"bootstrap.servers": "kafka:9092"})


def handle(conn, msg) -> None:
    event = json.loads(msg.value())
    event_id = dict(msg.headers() or [])["id"].decode()
    with conn.transaction():
        inserted = conn.execute(
            "INSERT INTO processed_events (event_id, consumer) VALUES (%s, 'payments') ON CONFLICT (event_id, consumer) DO NOTHING",
            (event_id,),
        ).rowcount
        if inserted == 0:
            return
        conn.execute(
            "INSERT INTO charges (order_id, amount_cents) VALUES (%s, %s)",
            (event["order_id"], event["total_cents"]),
        )


def run(conn) -> None:
    consumer.subscribe(["outbox.event.order"])
    while True:
        msg = consumer.poll(1.0)
        if msg is None or msg.error():
            continue
        try:
            handle(conn, msg)
        except ValueError:
            dead_letters.produce("outbox.event.order.dlq", key=msg.key(), value=msg.value())
            dead_letters.flush()
        consumer.commit(message=msg, asynchronous=False)
