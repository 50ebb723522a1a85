import type { ValidCase } from '../../ruleTester';
import { src, type OutboxInvalidCase } from '../fixInvariants';

export const valid: ValidCase[] = [
  {
    name: 'both inserts in one transaction',
    path: 'place_order.sql',
    code: src(`
-- checkout: the order and its event in a single transaction
BEGIN;
INSERT INTO orders (id, customer_id, status, total_cents) VALUES ('ord_2d41', 'cust_58', 'placed', 4200);
INSERT INTO outbox (id, aggregate_id, type, payload, created_at)
VALUES ('evt_c31e', 'ord_2d41', 'order.placed', '{"order_id":"ord_2d41"}', now());
COMMIT;
`),
  },
  {
    name: 'a PL/pgSQL function body is atomic',
    path: 'V12__place_order_function.sql',
    code: src(`
CREATE OR REPLACE FUNCTION place_order(p_id text, p_customer text, p_total integer) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO orders (id, customer_id, total_cents) VALUES (p_id, p_customer, p_total);
  INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload)
  VALUES (gen_random_uuid(), 'order', p_id, 'order.placed', jsonb_build_object('order_id', p_id));
END;
$$;
`),
  },
  {
    name: 'Flyway backfill: one statement writes the outbox from the orders table',
    path: 'V7__backfill_outbox.sql',
    code: src(`
INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload)
SELECT gen_random_uuid(), 'order', o.id, 'order.placed', to_jsonb(o)
FROM orders o
WHERE o.created_at > now() - interval '1 day';
`),
  },
  {
    name: 'an unrelated transaction before the one that pairs order and outbox',
    path: 'seed.sql',
    code: src(`
BEGIN;
INSERT INTO customers (id, email) VALUES ('cust_58', 'ada@example.com');
COMMIT;

BEGIN;
INSERT INTO orders (id, customer_id, total_cents) VALUES ('ord_2d41', 'cust_58', 4200);
INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload) VALUES ('evt_c31e', 'order', 'ord_2d41', 'order.placed', '{}');
COMMIT;
`),
  },
  {
    name: 'no transaction control at all: the runner (Flyway, psql -1) decides',
    path: 'fixtures.sql',
    code: src(`
INSERT INTO orders (id, customer_id, total_cents) VALUES ('ord_1', 'cust_1', 100);
INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload) VALUES ('evt_1', 'order', 'ord_1', 'order.placed', '{}');
`),
  },
  {
    name: 'a savepoint does not end the transaction',
    path: 'savepoint.sql',
    code: src(`
BEGIN;
UPDATE orders SET status = 'paid' WHERE id = 'ord_2d41';
SAVEPOINT before_event;
INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload) VALUES ('evt_9', 'order', 'ord_2d41', 'order.paid', '{}');
RELEASE SAVEPOINT before_event;
COMMIT;
`),
  },
  {
    name: 'Liquibase: both writes in one changeset',
    path: 'changelog-0042.sql',
    code: src(`
--liquibase formatted sql

--changeset shop:42
INSERT INTO orders (id, status) VALUES ('ord_seed', 'placed');
INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload) VALUES ('evt_seed', 'order', 'ord_seed', 'order.placed', '{}');
--rollback DELETE FROM outbox WHERE id = 'evt_seed';
`),
  },
];

export const invalid: OutboxInvalidCase[] = [
  {
    name: 'CRLF script: the moved COMMIT keeps the line endings',
    path: 'ship_crlf.sql',
    code: "BEGIN;\r\nUPDATE orders SET status = 'shipped' WHERE id = 'ord_7';\r\nCOMMIT;\r\nINSERT INTO outbox (id, aggregate_id, type, payload) VALUES ('evt_7', 'ord_7', 'order.shipped', '{}');\r\n",
    errors: [{ line: 4, column: 1, message: '`INSERT INTO outbox` runs in a different transaction than `UPDATE orders`' }],
    output: "BEGIN;\r\nUPDATE orders SET status = 'shipped' WHERE id = 'ord_7';\r\nINSERT INTO outbox (id, aggregate_id, type, payload) VALUES ('evt_7', 'ord_7', 'order.shipped', '{}');\r\nCOMMIT;\r\n",
  },
  {
    name: 'two transactions: order committed, then the outbox row in its own',
    path: 'place_order.sql',
    code: src(`
BEGIN;
INSERT INTO orders (id, customer_id, status, total_cents) VALUES ('ord_2d41', 'cust_58', 'placed', 4200);
COMMIT;
BEGIN;
INSERT INTO outbox (id, aggregate_id, type, payload) VALUES ('evt_c31e', 'ord_2d41', 'order.placed', '{}');
COMMIT;
`),
    errors: [{ line: 5, column: 1, endLine: 5, endColumn: 19, message: '`INSERT INTO outbox` runs in a different transaction than `INSERT INTO orders`' }],
    output: src(`
BEGIN;
INSERT INTO orders (id, customer_id, status, total_cents) VALUES ('ord_2d41', 'cust_58', 'placed', 4200);
INSERT INTO outbox (id, aggregate_id, type, payload) VALUES ('evt_c31e', 'ord_2d41', 'order.placed', '{}');
COMMIT;
`),
    replaced: ['COMMIT;', 'BEGIN;'],
  },
  {
    name: 'COMMIT before the outbox insert, which then autocommits',
    path: 'ship_order.sql',
    code: src(`
BEGIN;
UPDATE orders SET status = 'shipped' WHERE id = 'ord_2d41';
COMMIT;
INSERT INTO outbox (id, aggregate_id, type, payload) VALUES ('evt_c320', 'ord_2d41', 'order.shipped', '{}');
`),
    errors: [{ line: 4, column: 1, message: '`INSERT INTO outbox` runs in a different transaction than `UPDATE orders`' }],
    output: src(`
BEGIN;
UPDATE orders SET status = 'shipped' WHERE id = 'ord_2d41';
INSERT INTO outbox (id, aggregate_id, type, payload) VALUES ('evt_c320', 'ord_2d41', 'order.shipped', '{}');
COMMIT;
`),
  },
  {
    name: 'the order insert autocommits before BEGIN',
    path: 'cancel_order.sql',
    code: src(`
DELETE FROM order_lines WHERE order_id = 'ord_2d41';
BEGIN;
INSERT INTO outbox (id, aggregate_id, type, payload) VALUES ('evt_c327', 'ord_2d41', 'order.lines_cleared', '{}');
COMMIT;
`),
    errors: [{ line: 3, column: 1, message: '`INSERT INTO outbox` runs in a different transaction than `DELETE FROM order_lines`' }],
    output: src(`
BEGIN;
DELETE FROM order_lines WHERE order_id = 'ord_2d41';
INSERT INTO outbox (id, aggregate_id, type, payload) VALUES ('evt_c327', 'ord_2d41', 'order.lines_cleared', '{}');
COMMIT;
`),
  },
  {
    name: 'psql with AUTOCOMMIT off: a COMMIT after each statement',
    path: 'refund.psql',
    code: src(`
\\set AUTOCOMMIT off
UPDATE payments SET status = 'refunded' WHERE id = 'pay_1';
COMMIT;
INSERT INTO payment_outbox (id, aggregate_id, type, payload) VALUES ('evt_r1', 'pay_1', 'payment.refunded', '{}');
COMMIT;
`),
    errors: [{ line: 4, column: 1, message: '`INSERT INTO payment_outbox` runs in a different transaction than `UPDATE payments`' }],
    output: src(`
\\set AUTOCOMMIT off
UPDATE payments SET status = 'refunded' WHERE id = 'pay_1';
INSERT INTO payment_outbox (id, aggregate_id, type, payload) VALUES ('evt_r1', 'pay_1', 'payment.refunded', '{}');
COMMIT;
`),
    replaced: ['COMMIT;'],
  },
  {
    name: 'serializable transactions merged only on request',
    path: 'transfer.sql',
    code: src(`
BEGIN ISOLATION LEVEL SERIALIZABLE;
UPDATE accounts SET balance = balance - 100 WHERE id = 'acc_1';
COMMIT;
BEGIN ISOLATION LEVEL SERIALIZABLE;
INSERT INTO outbox (id, aggregate_id, type, payload) VALUES ('evt_t1', 'acc_1', 'account.debited', '{}');
COMMIT;
`),
    errors: [{ line: 5, column: 1, message: '`INSERT INTO outbox` runs in a different transaction than `UPDATE accounts`' }],
    output: null,
    unsafeOutput: src(`
BEGIN ISOLATION LEVEL SERIALIZABLE;
UPDATE accounts SET balance = balance - 100 WHERE id = 'acc_1';
INSERT INTO outbox (id, aggregate_id, type, payload) VALUES ('evt_t1', 'acc_1', 'account.debited', '{}');
COMMIT;
`),
    replaced: ['COMMIT;', 'BEGIN ISOLATION LEVEL SERIALIZABLE;'],
  },
  {
    name: 'Liquibase: each changeset is its own transaction',
    path: 'changelog-0043.sql',
    code: src(`
--liquibase formatted sql

--changeset shop:43
INSERT INTO orders (id, status) VALUES ('ord_demo', 'placed');

--changeset shop:44
INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload) VALUES ('evt_demo', 'order', 'ord_demo', 'order.placed', '{}');
`),
    errors: [{ line: 7, column: 1, message: '`INSERT INTO outbox` runs in a different transaction than `INSERT INTO orders`' }],
    output: null,
  },
  {
    name: 'a procedure that commits between the two writes',
    path: 'V13__place_order_procedure.sql',
    code: src(`
CREATE OR REPLACE PROCEDURE place_order(p_id text, p_customer text)
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO orders (id, customer_id) VALUES (p_id, p_customer);
  COMMIT;
  INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload)
  VALUES (gen_random_uuid(), 'order', p_id, 'order.placed', '{}');
END;
$$;
`),
    errors: [{ line: 1, column: 1, message: '`INSERT INTO outbox` runs in a different transaction than `INSERT INTO orders`' }],
    output: null,
  },
];
