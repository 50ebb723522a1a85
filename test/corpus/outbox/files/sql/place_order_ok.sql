-- Manual order entry used by support staff (psql -f place_order_ok.sql)
\set ON_ERROR_STOP on

BEGIN;
INSERT INTO orders (id, customer_id, status, total_cents)
VALUES ('ord_support_0018', 'cust_4410', 'placed', 2300);
INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload)
VALUES (gen_random_uuid(), 'order', 'ord_support_0018', 'order.placed',
        jsonb_build_object('order_id', 'ord_support_0018', 'total_cents', 2300));
COMMIT;
