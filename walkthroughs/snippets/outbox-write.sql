-- Placing an order: the business row and the event that announces it commit together,
-- or neither does.
BEGIN;

INSERT INTO orders (id, customer_id, status, total_cents)
VALUES ('ord_5b21', 'cust_81c4', 'placed', 12900);

INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload, created_at)
VALUES ('3f6c1a2e-9d4b-4c55-8e1f-7a0b2c9d6e11', 'order', 'ord_5b21', 'order.placed',
        '{"order_id": "ord_5b21", "total_cents": 12900}', now());

COMMIT;

-- After the commit, a relay (outbox-relay.py) or Debezium's outbox EventRouter turns the
-- outbox row into a Kafka message. Delivery is at least once, so consumers dedupe on the id.
