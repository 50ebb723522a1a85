-- Logical decoding for the Debezium connector (orders outbox).
-- Runs outside a transaction: Flyway executeInTransaction=false for this script.
ALTER SYSTEM SET wal_level = logical;
ALTER SYSTEM SET max_wal_senders = 10;
ALTER SYSTEM SET max_replication_slots = 10;

CREATE PUBLICATION orders_outbox FOR TABLE public.outbox;
SELECT pg_create_logical_replication_slot('orders_outbox', 'pgoutput');
