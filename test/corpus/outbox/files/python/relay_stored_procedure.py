from confluent_kafka import Producer

producer = Producer({"bootstrap.servers": "kafka:9092"})


def relay(conn) -> None:
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("SELECT id, topic, payload FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT 50")
        for event_id, topic, payload in cur.fetchall():
            cur.execute("SELECT outbox_mark_published(%s)", (event_id,))
            producer.produce(topic, value=payload)
        producer.flush()
