import json

from confluent_kafka import Consumer, Producer

consumer = Consumer({"bootstrap.servers": "kafka:9092", "group.id": "fulfilment", "enable.auto.commit": False})
producer = Producer({"bootstrap.servers": "kafka:9092"})


def on_order_paid(conn, event: dict) -> None:
    with conn.transaction():
        conn.execute(
            "INSERT INTO shipments (order_id, status) VALUES (%s, 'pending') ON CONFLICT (order_id) DO NOTHING",
            (event["order_id"],),
        )
    producer.produce("shipments", key=event["order_id"], value=json.dumps({"order_id": event["order_id"], "type": "shipment.requested"}))
    producer.flush()


def run(conn) -> None:
    consumer.subscribe(["outbox.event.order"])
    while True:
        msg = consumer.poll(1.0)
        if msg is None or msg.error():
            continue
        on_order_paid(conn, json.loads(msg.value()))
        consumer.commit(message=msg, asynchronous=False)
