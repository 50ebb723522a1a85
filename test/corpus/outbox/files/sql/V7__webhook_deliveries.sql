-- One row per attempt to deliver a webhook; retries add rows on purpose.
CREATE TABLE webhook_deliveries (
    id           bigserial   PRIMARY KEY,
    endpoint_id  uuid        NOT NULL,
    event_type   text        NOT NULL,
    status_code  integer,
    attempted_at timestamptz NOT NULL DEFAULT now()
);
