CREATE TABLE outbox (
  id            uuid PRIMARY KEY,
  aggregate_type text        NOT NULL,
  aggregate_id   text        NOT NULL,
  type           text        NOT NULL,
  payload        jsonb       NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX outbox_created_at_idx ON outbox (created_at);
ALTER TABLE outbox REPLICA IDENTITY FULL;
COMMENT ON TABLE outbox IS 'Captured by Debezium (wal_level = logical on the server)';
