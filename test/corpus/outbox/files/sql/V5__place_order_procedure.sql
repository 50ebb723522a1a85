CREATE OR REPLACE PROCEDURE import_legacy_order(p_id text, p_customer text, p_total bigint)
LANGUAGE plpgsql
AS $$
BEGIN
    INSERT INTO orders (id, customer_id, status, total_cents)
    VALUES (p_id, p_customer, 'placed', p_total);
    COMMIT;
    INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload)
    VALUES (gen_random_uuid(), 'order', p_id, 'order.imported', jsonb_build_object('order_id', p_id));
END;
$$;
