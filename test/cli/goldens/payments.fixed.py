for msg in consumer:  # at-least-once Kafka consumer
    event = parse(msg.value)
    charge_payment(event.order_id,   # then do the side effect
                   event.amount_cents)
    consumer.commit()          # commit offset FIRST
