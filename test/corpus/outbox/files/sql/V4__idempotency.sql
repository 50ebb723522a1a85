CREATE TABLE payment_requests (
    id              bigserial   PRIMARY KEY,
    merchant_id     uuid        NOT NULL,
    idempotency_key text        NOT NULL,
    amount_cents    bigint      NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (merchant_id, idempotency_key)
);
