CREATE OR REPLACE FUNCTION refund_payment(p_payment text, p_cents bigint) RETURNS void
LANGUAGE plpgsql
AS $$
BEGIN
    UPDATE payments SET refunded_cents = refunded_cents + p_cents WHERE id = p_payment;
    INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload)
    VALUES (gen_random_uuid(), 'payment', p_payment, 'payment.refunded',
            jsonb_build_object('payment_id', p_payment, 'refunded_cents', p_cents));
END;
$$;
