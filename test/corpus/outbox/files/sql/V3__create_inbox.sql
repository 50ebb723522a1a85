CREATE TABLE inbox_messages (
    message_id  uuid        NOT NULL,
    consumer    text        NOT NULL,
    payload     jsonb       NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    handled_at  timestamptz,
    CONSTRAINT inbox_messages_pkey PRIMARY KEY (message_id, consumer)
);

CREATE INDEX inbox_messages_unhandled_idx ON inbox_messages (received_at) WHERE handled_at IS NULL;
