-- Shipping service: remembers which order events it has already handled.
CREATE TABLE shipping_inbox (
    id          bigserial   PRIMARY KEY,
    event_id    uuid        NOT NULL,
    handler     text        NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now()
);

-- Lookups by event id stay fast; the handler checks for the id before it ships.
CREATE INDEX shipping_inbox_event_id_idx ON shipping_inbox (event_id);
