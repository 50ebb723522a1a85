-- Consumers record every event they have handled, per consumer group.
CREATE TABLE processed_events (
    id           bigserial   PRIMARY KEY,
    event_id     uuid        NOT NULL,
    consumer     varchar(64) NOT NULL,
    processed_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX processed_events_event_id_idx ON processed_events (event_id);
