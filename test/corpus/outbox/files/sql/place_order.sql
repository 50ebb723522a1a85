-- Manual order entry used by support staff (psql -f place_order.sql)
\set ON_ERROR_STOP on

BEGIN;
INSERT INTO orders (id, customer_id, status, total_cents)
VALUES ('ord_support_0017', 'cust_4410', 'placed', 5600);
COMMIT;

BEGIN;
INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload)
VALUES (gen_random_uuid(), 'order', 'ord_support_0017', 'order.placed',
        jsonb_build_object('order_id', 'ord_support_0017', 'total_cents', 5600));
COMMIT;
