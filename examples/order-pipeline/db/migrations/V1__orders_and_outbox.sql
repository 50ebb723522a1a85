-- Orders and the transactional outbox. The order handler writes both rows in one transaction.
CREATE TABLE orders (
    id           text PRIMARY KEY,
    customer_id  text        NOT NULL,
    status       text        NOT NULL,
    total_cents  bigint      NOT NULL CHECK (total_cents >= 0),
    created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE outbox (
    id              uuid PRIMARY KEY,
    aggregate_type  text        NOT NULL,
    aggregate_id    text        NOT NULL,
    type            text        NOT NULL,
    payload         jsonb       NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    sent_at         timestamptz
);

-- Placing an order (what the handler runs):
BEGIN;
INSERT INTO orders (id, customer_id, status, total_cents)
VALUES ('ord_1001', 'cust_42', 'placed', 4200);
INSERT INTO outbox (id, aggregate_type, aggregate_id, type, payload)
VALUES ('7b0e4c9a-4d1f-4f7e-9a55-1f0c2a9e8d10', 'orders', 'ord_1001', 'order.placed', '{"order_id": "ord_1001", "total_cents": 4200}');
COMMIT;
