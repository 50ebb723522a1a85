import * as assert from 'node:assert/strict';
import { fixAll } from '../../../server/src/engine/fixes';
import { dedupKeyNotUnique } from '../../../server/src/rules/dedup/dedup-key-not-unique';
import { outboxRuleTester, src } from '../outbox/fixInvariants';
import { indexOf, lintWithIndex, type Workspace } from '../workspaceTester';

outboxRuleTester(dedupKeyNotUnique, {
  valid: [
    {
      name: 'the message id is the primary key; its default only fills an id the insert leaves out',
      path: 'V5__inbox.sql',
      code: src(`
CREATE TABLE inbox (
    message_id  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    received_at timestamptz NOT NULL DEFAULT now(),
    payload     jsonb NOT NULL
);
`),
    },
    {
      name: 'a composite key (consumer_group, event_id) whose event id has a default',
      path: 'V6__processed_events.sql',
      code: src(`
CREATE TABLE processed_events (
    event_id       uuid NOT NULL DEFAULT uuid_generate_v4(),
    consumer_group text NOT NULL,
    CONSTRAINT processed_events_pk PRIMARY KEY (consumer_group, event_id)
);
`),
    },
    {
      name: 'an offset store keyed by (topic, partition) records positions, not messages',
      path: 'V3__consumed_offsets.sql',
      code: src(`
CREATE TABLE consumed_offsets (
    topic       text   NOT NULL,
    "partition" int    NOT NULL,
    "offset"    bigint NOT NULL,
    PRIMARY KEY (topic, "partition")
);
`),
    },
    {
      name: 'an offset alone identifies no message (offsets repeat across partitions)',
      path: 'V4__processed_offsets.sql',
      code: src(`
CREATE TABLE processed_offsets (
    kafka_offset bigint NOT NULL,
    processed_at timestamptz NOT NULL DEFAULT now()
);
`),
    },
    {
      name: 'inbox keyed by (event_id, consumer)',
      path: 'V4__create_processed_events.sql',
      code: src(`
CREATE TABLE processed_events (
    event_id     uuid        NOT NULL,
    consumer     text        NOT NULL,
    processed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (event_id, consumer)
);
`),
    },
    {
      name: 'the key added later in the same migration',
      path: 'V5__inbox.sql',
      code: src(`
CREATE TABLE inbox (
    message_id  text        NOT NULL,
    handler     text        NOT NULL,
    payload     jsonb       NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE inbox ADD CONSTRAINT inbox_pkey PRIMARY KEY (message_id, handler);
`),
    },
    {
      name: 'a unique index created after the table',
      path: 'V6__consumed_messages.sql',
      code: src(`
CREATE TABLE consumed_messages (
    id          bigserial PRIMARY KEY,
    message_id  text NOT NULL,
    consumed_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX consumed_messages_message_id_key ON consumed_messages (message_id);
`),
    },
    {
      name: 'Kafka coordinates as the key',
      path: 'processed_offsets.sql',
      code: src(`
CREATE TABLE processed_messages (
    topic       text    NOT NULL,
    partition   integer NOT NULL,
    "offset"    bigint  NOT NULL,
    handled_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (topic, partition, "offset")
);
`),
    },
    {
      name: 'the event id is the primary key (column constraint)',
      path: 'V2__sms_processed_event.sql',
      code: src(`
CREATE TABLE sms.processed_event (
    event_id uuid PRIMARY KEY,
    processed_at timestamp NOT NULL
);
`),
    },
    {
      name: 'Liquibase: idempotency keys unique per tenant',
      path: 'db/changelog/0007-idempotency.sql',
      code: src(`
--liquibase formatted sql

--changeset payments:7
CREATE TABLE idempotency_keys (
    tenant_id       uuid NOT NULL,
    idempotency_key text NOT NULL,
    response        jsonb,
    created_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT idempotency_keys_uq UNIQUE (tenant_id, idempotency_key)
);
--rollback DROP TABLE idempotency_keys;
`),
    },
    {
      name: 'a domain table with an event id column is not a dedup table',
      path: 'V8__order_events.sql',
      code: src(`
CREATE TABLE order_events (
    id         bigserial PRIMARY KEY,
    order_id   text NOT NULL,
    event_id   uuid NOT NULL,
    type       text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
`),
    },
    {
      name: 'partitioned inbox: the partition key must be in the primary key',
      path: 'V9__inbox_partitioned.sql',
      code: src(`
CREATE TABLE inbox_messages (
    message_id  uuid        NOT NULL,
    received_at timestamptz NOT NULL,
    payload     jsonb,
    PRIMARY KEY (message_id, received_at)
) PARTITION BY RANGE (received_at);
`),
    },
    {
      name: 'idempotency key unique per merchant',
      path: 'V13__payment_requests.sql',
      code: src(`
CREATE TABLE payment_requests (
    id              bigserial PRIMARY KEY,
    merchant_id     uuid NOT NULL,
    idempotency_key text NOT NULL,
    amount_cents    bigint NOT NULL,
    UNIQUE (merchant_id, idempotency_key)
);
`),
    },
  ],
  invalid: [
    {
      name: 'dedup by Kafka coordinates: the key is (topic, partition, offset), never the offset alone',
      path: 'V5__processed_messages.sql',
      code: src(`
CREATE TABLE processed_messages (
    topic        text   NOT NULL,
    partition_id int    NOT NULL,
    kafka_offset bigint NOT NULL UNIQUE
);
`),
      errors: [{ line: 1, column: 14, message: 'Dedup key `(topic, partition_id, kafka_offset)` of `processed_messages` has no PRIMARY KEY or UNIQUE constraint' }],
      output: null,
      unsafeOutput: src(`
CREATE TABLE processed_messages (
    topic        text   NOT NULL,
    partition_id int    NOT NULL,
    kafka_offset bigint NOT NULL UNIQUE,
    PRIMARY KEY (topic, partition_id, kafka_offset)
);
`),
      replaced: ['kafka_offset bigint NOT NULL UNIQUE'],
    },
    {
      name: 'CRLF migration: the constraint line keeps the line endings',
      path: 'V15__inbox_crlf.sql',
      code: 'CREATE TABLE order_inbox (\r\n    message_id text NOT NULL,\r\n    received_at timestamptz\r\n);\r\n',
      errors: [{ line: 1, column: 14, message: 'Dedup key `message_id` of `order_inbox` has no PRIMARY KEY or UNIQUE constraint' }],
      output: null,
      unsafeOutput: 'CREATE TABLE order_inbox (\r\n    message_id text NOT NULL,\r\n    received_at timestamptz,\r\n    PRIMARY KEY (message_id)\r\n);\r\n',
      replaced: ['received_at timestamptz'],
    },
    {
      name: 'a surrogate primary key only',
      path: 'V3__processed_events.sql',
      code: src(`
CREATE TABLE processed_events (
    id           bigserial PRIMARY KEY,
    event_id     uuid NOT NULL,
    consumer     text NOT NULL,
    processed_at timestamptz NOT NULL DEFAULT now()  -- when the handler finished
);
`),
      errors: [{ line: 1, column: 14, endColumn: 30, message: 'Dedup key `(event_id, consumer)` of `processed_events` has no PRIMARY KEY or UNIQUE constraint' }],
      output: null,
      unsafeOutput: src(`
CREATE TABLE processed_events (
    id           bigserial PRIMARY KEY,
    event_id     uuid NOT NULL,
    consumer     text NOT NULL,
    processed_at timestamptz NOT NULL DEFAULT now(),  -- when the handler finished
    UNIQUE (event_id, consumer)
);
`),
      replaced: ['processed_at timestamptz NOT NULL DEFAULT now()  -- when the handler finished'],
    },
    {
      name: 'no key at all, on one line',
      path: 'inbox.sql',
      code: src(`
CREATE TABLE inbox (event_id uuid NOT NULL, handler text NOT NULL, payload jsonb, received_at timestamptz DEFAULT now());
`),
      errors: [{ line: 1, column: 14, message: 'Dedup key `(event_id, handler)` of `inbox` has no PRIMARY KEY or UNIQUE constraint' }],
      output: null,
      unsafeOutput: src(`
CREATE TABLE inbox (event_id uuid NOT NULL, handler text NOT NULL, payload jsonb, received_at timestamptz DEFAULT now(), PRIMARY KEY (event_id, handler));
`),
      replaced: ['CREATE TABLE inbox (event_id uuid NOT NULL, handler text NOT NULL, payload jsonb, received_at timestamptz DEFAULT now());'],
    },
    {
      name: 'an idempotency key that is not unique',
      path: 'V10__payments.sql',
      code: src(`
CREATE TABLE payments (
    id              bigserial PRIMARY KEY,
    idempotency_key text NOT NULL,
    amount_cents    integer NOT NULL
);
`),
      errors: [{ line: 1, column: 14, message: 'Dedup key `idempotency_key` of `payments` has no PRIMARY KEY or UNIQUE constraint' }],
      output: null,
      unsafeOutput: src(`
CREATE TABLE payments (
    id              bigserial PRIMARY KEY,
    idempotency_key text NOT NULL,
    amount_cents    integer NOT NULL,
    UNIQUE (idempotency_key)
);
`),
      replaced: ['amount_cents    integer NOT NULL'],
    },
    {
      name: 'a timestamp in the primary key lets every redelivery in',
      path: 'seen_events.sql',
      code: src(`
CREATE TABLE seen_events (
    event_id uuid NOT NULL,
    seen_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (event_id, seen_at)
);
`),
      errors: [{ line: 1, column: 14, message: 'Dedup key `event_id` of `seen_events` has no PRIMARY KEY or UNIQUE constraint' }],
      output: null,
      unsafeOutput: src(`
CREATE TABLE seen_events (
    event_id uuid NOT NULL,
    seen_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (event_id, seen_at),
    UNIQUE (event_id)
);
`),
      replaced: ['PRIMARY KEY (event_id, seen_at)'],
    },
    {
      name: 'Liquibase: the index added later is not unique',
      path: 'db/changelog/0003-inbox.sql',
      code: src(`
--liquibase formatted sql

--changeset shipping:3
CREATE TABLE handled_messages (
    message_id text NOT NULL,
    handled_at timestamptz NOT NULL DEFAULT now()
);

--changeset shipping:4
CREATE INDEX handled_messages_message_id_idx ON handled_messages (message_id);
`),
      errors: [{ line: 4, column: 14, message: 'Dedup key `message_id` of `handled_messages` has no PRIMARY KEY or UNIQUE constraint' }],
      output: null,
      unsafeOutput: src(`
--liquibase formatted sql

--changeset shipping:3
CREATE TABLE handled_messages (
    message_id text NOT NULL,
    handled_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (message_id)
);

--changeset shipping:4
CREATE INDEX handled_messages_message_id_idx ON handled_messages (message_id);
`),
      replaced: ['handled_at timestamptz NOT NULL DEFAULT now()'],
    },
    {
      name: 'unique on the consumer alone',
      path: 'V11__consumer_offsets.sql',
      code: src(`
CREATE TABLE consumed_events (
    event_id    uuid NOT NULL,
    consumer    text NOT NULL UNIQUE,
    consumed_at timestamptz
);
`),
      errors: [{ line: 1, column: 14, message: 'Dedup key `(event_id, consumer)` of `consumed_events` has no PRIMARY KEY or UNIQUE constraint' }],
      output: null,
      unsafeOutput: src(`
CREATE TABLE consumed_events (
    event_id    uuid NOT NULL,
    consumer    text NOT NULL UNIQUE,
    consumed_at timestamptz,
    PRIMARY KEY (event_id, consumer)
);
`),
      replaced: ['consumed_at timestamptz'],
    },
    {
      name: 'schema-qualified inbox with a plain index',
      path: 'V12__billing_inbox.sql',
      code: src(`
CREATE TABLE IF NOT EXISTS billing.inbox_events (
    id          uuid DEFAULT gen_random_uuid() PRIMARY KEY,
    message_id  text NOT NULL,
    received_at timestamptz DEFAULT now()
);
CREATE INDEX ON billing.inbox_events (message_id);
`),
      errors: [{ line: 1, column: 28, endColumn: 48, message: 'Dedup key `message_id` of `inbox_events` has no PRIMARY KEY or UNIQUE constraint' }],
      output: null,
      unsafeOutput: src(`
CREATE TABLE IF NOT EXISTS billing.inbox_events (
    id          uuid DEFAULT gen_random_uuid() PRIMARY KEY,
    message_id  text NOT NULL,
    received_at timestamptz DEFAULT now(),
    UNIQUE (message_id)
);
CREATE INDEX ON billing.inbox_events (message_id);
`),
      replaced: ['received_at timestamptz DEFAULT now()'],
    },
    {
      name: 'a key next to a column with a random default is unique for every insert',
      path: 'V15__handled_messages.sql',
      code: src(`
CREATE TABLE handled_messages (
    message_id text NOT NULL,
    token      uuid NOT NULL DEFAULT gen_random_uuid(),
    UNIQUE (message_id, token)
);
`),
      errors: [{ line: 1, column: 14, message: 'Dedup key `message_id` of `handled_messages` has no PRIMARY KEY or UNIQUE constraint' }],
      output: null,
      unsafeOutput: src(`
CREATE TABLE handled_messages (
    message_id text NOT NULL,
    token      uuid NOT NULL DEFAULT gen_random_uuid(),
    UNIQUE (message_id, token),
    PRIMARY KEY (message_id)
);
`),
      replaced: ['UNIQUE (message_id, token)'],
    },
    {
      name: 'a key that includes the generated id is unique for every insert',
      path: 'V14__processed_commands.sql',
      code: src(`
CREATE TABLE processed_commands (
    seq        bigint GENERATED ALWAYS AS IDENTITY,
    request_id uuid NOT NULL,
    PRIMARY KEY (request_id, seq)
);
`),
      errors: [{ line: 1, column: 14, message: 'Dedup key `request_id` of `processed_commands` has no PRIMARY KEY or UNIQUE constraint' }],
      output: null,
      unsafeOutput: src(`
CREATE TABLE processed_commands (
    seq        bigint GENERATED ALWAYS AS IDENTITY,
    request_id uuid NOT NULL,
    PRIMARY KEY (request_id, seq),
    UNIQUE (request_id)
);
`),
      replaced: ['PRIMARY KEY (request_id, seq)'],
    },
  ],
});

describe('DUP001 with the workspace index: keys that another migration adds', () => {
  const V3 = 'db/migration/V3__processed_events.sql';
  const CREATE = 'CREATE TABLE processed_events (event_id UUID NOT NULL, processed_at TIMESTAMPTZ NOT NULL DEFAULT now());\n';
  const PK = 'ALTER TABLE processed_events ADD CONSTRAINT processed_events_pkey PRIMARY KEY (event_id);\n';
  const active = [{ rule: dedupKeyNotUnique, severity: dedupKeyNotUnique.severity }];

  /** DUP001's messages for V3, linted with the index of the whole workspace. */
  const findingsInV3 = async (files: Workspace) => (await lintWithIndex(dedupKeyNotUnique, V3, files)).map((f) => f.message);

  const FLAGGED = ['Dedup key `event_id` of `processed_events` has no PRIMARY KEY or UNIQUE constraint'];

  it('a primary key added by a later migration in the same folder counts', async () => {
    assert.deepEqual(await findingsInV3({ [V3]: CREATE, 'db/migration/V4__processed_events_pk.sql': PK }), []);
  });

  it('a unique index created by a later migration in the same folder counts', async () => {
    const index = 'CREATE UNIQUE INDEX processed_events_event_id_key ON processed_events (event_id);\n';
    assert.deepEqual(await findingsInV3({ [V3]: CREATE, 'db/migration/V4__processed_events_key.sql': index }), []);
  });

  it('without the index, or without the other migration, the table is flagged', async () => {
    assert.deepEqual(await findingsInV3({ [V3]: CREATE }), FLAGGED);
  });

  it('a key added in another folder (another service of a monorepo) does not count', async () => {
    assert.deepEqual(await findingsInV3({ [V3]: CREATE, 'billing/db/migration/V4__processed_events_pk.sql': PK }), FLAGGED);
    assert.deepEqual(await findingsInV3({ [V3]: CREATE, 'db/migration/billing/V4__processed_events_pk.sql': PK }), FLAGGED);
  });

  it('a key on a volatile or unrelated column added by a later migration does not count', async () => {
    const onTime = 'ALTER TABLE processed_events ADD CONSTRAINT processed_events_pkey PRIMARY KEY (event_id, processed_at);\n';
    assert.deepEqual(await findingsInV3({ [V3]: CREATE, 'db/migration/V4__processed_events_pk.sql': onTime }), FLAGGED);
    const other = 'ALTER TABLE processed_events ADD COLUMN id bigserial PRIMARY KEY;\n';
    assert.deepEqual(await findingsInV3({ [V3]: CREATE, 'db/migration/V4__processed_events_id.sql': other }), FLAGGED);
  });

  it('a key on another table of the same name in another schema does not count', async () => {
    const elsewhere = 'ALTER TABLE audit.processed_events ADD CONSTRAINT processed_events_pkey PRIMARY KEY (event_id);\n';
    assert.deepEqual(await findingsInV3({ [V3]: CREATE, 'db/migration/V4__audit_pk.sql': elsewhere }), FLAGGED);
  });

  it('the fix adds UNIQUE, not a second PRIMARY KEY, when another migration adds a key that does not count', async () => {
    const files = { [V3]: CREATE, 'db/migration/V4__processed_events_id.sql': 'ALTER TABLE processed_events ADD COLUMN id bigserial PRIMARY KEY;\n' };
    const { index } = await indexOf(files);
    const fixed = await fixAll({ path: V3, kind: 'sql', text: CREATE }, active, { allowUnsafe: true, workspace: index });
    assert.equal(fixed.text, CREATE.replace('DEFAULT now())', 'DEFAULT now(), UNIQUE (event_id))'));
    const alone = await fixAll({ path: V3, kind: 'sql', text: CREATE }, active, { allowUnsafe: true });
    assert.equal(alone.text, CREATE.replace('DEFAULT now())', 'DEFAULT now(), PRIMARY KEY (event_id))'));
  });

  it('with the index, the fix leaves a table alone whose key a later migration adds', async () => {
    const files = { [V3]: CREATE, 'db/migration/V4__processed_events_pk.sql': PK };
    const { index } = await indexOf(files);
    const fixed = await fixAll({ path: V3, kind: 'sql', text: CREATE }, active, { allowUnsafe: true, workspace: index });
    assert.equal(fixed.text, CREATE);
    assert.equal(fixed.fixed, 0);
  });
});
