for msg in consumer:  # orders topic, auto commit off
    event = parse(msg.value)
    charge_payment(event.order_id,   # the charge itself
                   event.amount_cents)
    consumer.commit()          # offset stored before the charge
