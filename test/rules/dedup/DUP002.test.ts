import { conflictTargetNotUnique } from '../../../server/src/rules/dedup/conflict-target-not-unique';
import { workspaceRuleTester } from '../workspaceTester';

const INBOX_NO_KEY = `CREATE TABLE processed_events (
    id           bigserial PRIMARY KEY,
    event_id     uuid NOT NULL,
    consumer     text NOT NULL
);
`;
const INBOX_PAIR_KEY = `CREATE TABLE processed_events (
    event_id     uuid NOT NULL,
    consumer     text NOT NULL,
    PRIMARY KEY (event_id, consumer)
);
`;
const INBOX_EVENT_KEY = `CREATE TABLE processed_events (
    event_id     uuid PRIMARY KEY,
    processed_at timestamptz NOT NULL DEFAULT now()
);
`;

const python = (target: string) => `def record(conn, event_id):
    conn.execute(
        "INSERT INTO processed_events (event_id, consumer) VALUES (%s, 'payments') "
        "ON CONFLICT (${target}) DO NOTHING",
        (event_id,),
    )
`;
const ts = (target: string) => `export async function record(client: Client, id: string) {
  await client.query(\`INSERT INTO processed_events (event_id) VALUES ($1) ON CONFLICT (${target}) DO NOTHING\`, [id]);
}
`;
const js = (target: string) => `async function record(pool, id) {
  await pool.query('INSERT INTO processed_events (event_id) VALUES ($1) ON CONFLICT (${target}) DO NOTHING', [id]);
}
`;
const java = (target: string) => `class Inbox {
  void record(JdbcTemplate jdbc, String id) {
    jdbc.update("INSERT INTO processed_events (event_id) VALUES (?) ON CONFLICT (${target}) DO NOTHING", id);
  }
}
`;
const go = (target: string) => `package inbox

func record(ctx context.Context, db *pgxpool.Pool, id string) error {
	_, err := db.Exec(ctx, "INSERT INTO processed_events (event_id) VALUES ($1) ON CONFLICT (${target}) DO NOTHING", id)
	return err
}
`;
const sql = (target: string) => `INSERT INTO processed_events (event_id, consumer)
VALUES ('7b0e4c9a-4d1f-4f7e-9a55-1f0c2a9e8d10', 'payments')
ON CONFLICT (${target}) DO NOTHING;
`;

const MESSAGE = /^`ON CONFLICT \(event_id\)` matches no PRIMARY KEY or UNIQUE constraint of `processed_events`$/;
const related = [{ path: 'db/V2__inbox.sql', line: 1 }];

workspaceRuleTester(conflictTargetNotUnique, {
  valid: [
    { name: 'python: the target is the primary key', files: { 'db/V2__inbox.sql': INBOX_EVENT_KEY, 'consumer.py': python('event_id') } },
    { name: 'python: the target is the composite key, in another order', files: { 'db/V2__inbox.sql': INBOX_PAIR_KEY, 'consumer.py': python('consumer, event_id') } },
    {
      name: 'a later migration adds the unique key',
      files: {
        'db/V2__inbox.sql': INBOX_NO_KEY,
        'db/V3__inbox_key.sql': 'ALTER TABLE processed_events ADD CONSTRAINT processed_events_event_id_key UNIQUE (event_id);\n',
        'consumer.py': python('event_id'),
      },
    },
    {
      name: 'a unique index in another migration',
      files: { 'db/V2__inbox.sql': INBOX_NO_KEY, 'db/V3__idx.sql': 'CREATE UNIQUE INDEX processed_events_uq ON processed_events (event_id);\n', 'consumer.py': python('event_id') },
    },
    {
      name: 'a later migration renames the key column: the primary key follows it',
      files: {
        'db/V2__inbox.sql': 'CREATE TABLE processed_events (\n    id           uuid PRIMARY KEY,\n    processed_at timestamptz NOT NULL DEFAULT now()\n);\n',
        'db/V3__rename.sql': 'ALTER TABLE processed_events RENAME COLUMN id TO event_id;\n',
        'consumer.py': python('event_id'),
      },
    },
    {
      name: 'a renamed column inside a composite key',
      files: {
        'db/V2__inbox.sql': INBOX_PAIR_KEY.replace(/consumer/g, 'handler'),
        'db/V3__rename.sql': 'ALTER TABLE public.processed_events RENAME handler TO consumer;\n',
        'consumer.py': python('event_id, consumer'),
      },
    },
    { name: 'the table is not created in the workspace: nothing to judge', files: { 'consumer.py': python('event_id') } },
    {
      name: 'an expression index: inference is not judged by names',
      files: { 'db/V2__inbox.sql': INBOX_NO_KEY, 'db/V3__idx.sql': 'CREATE UNIQUE INDEX ON processed_events (lower(consumer));\n', 'consumer.py': python('event_id') },
    },
    {
      name: 'a migration that does not parse mentions the table',
      files: { 'db/V2__inbox.sql': INBOX_NO_KEY, 'db/V3__broken.sql': 'ALTER TABLE processed_events ADD CONSTRAINT uq UNIQUE (event_id)) oops;\n', 'consumer.py': python('event_id') },
    },
    { name: 'typescript', files: { 'db/V2__inbox.sql': INBOX_EVENT_KEY, 'inbox.ts': ts('event_id') } },
    { name: 'tsx', files: { 'db/V2__inbox.sql': INBOX_EVENT_KEY, 'inbox.tsx': ts('event_id') } },
    { name: 'javascript', files: { 'db/V2__inbox.sql': INBOX_EVENT_KEY, 'inbox.js': js('event_id') } },
    { name: 'java', files: { 'db/V2__inbox.sql': INBOX_EVENT_KEY, 'Inbox.java': java('event_id') } },
    { name: 'go', files: { 'db/V2__inbox.sql': INBOX_EVENT_KEY, 'inbox.go': go('event_id') } },
    { name: 'sql', files: { 'db/V2__inbox.sql': INBOX_PAIR_KEY, 'db/R__seed.sql': sql('event_id, consumer') } },
    { name: 'ON CONFLICT DO NOTHING without a target needs no key', files: { 'db/V2__inbox.sql': INBOX_NO_KEY, 'db/R__seed.sql': "INSERT INTO processed_events (event_id, consumer) VALUES ('x', 'y') ON CONFLICT DO NOTHING;\n" } },
  ],
  invalid: [
    {
      name: 'python: the table only has a surrogate key',
      files: { 'db/V2__inbox.sql': INBOX_NO_KEY, 'consumer.py': python('event_id') },
      errors: [{ path: 'consumer.py', line: 4, column: 10, endLine: 4, endColumn: 32, message: MESSAGE, severity: 'error', related }],
    },
    {
      name: 'python: the key is (event_id, consumer), the target only event_id',
      files: { 'db/V2__inbox.sql': INBOX_PAIR_KEY, 'consumer.py': python('event_id') },
      errors: [{ path: 'consumer.py', line: 4, column: 10, message: MESSAGE, related }],
    },
    {
      name: 'a renamed column that is in no key does not make one',
      files: { 'db/V2__inbox.sql': INBOX_NO_KEY, 'db/V3__rename.sql': 'ALTER TABLE processed_events RENAME COLUMN consumer TO consumer_name;\n', 'consumer.py': python('event_id') },
      errors: [{ path: 'consumer.py', line: 4, column: 10, message: MESSAGE, related: [...related, { path: 'db/V3__rename.sql', line: 1 }] }],
    },
    { name: 'typescript', files: { 'db/V2__inbox.sql': INBOX_NO_KEY, 'inbox.ts': ts('event_id') }, errors: [{ path: 'inbox.ts', line: 2, column: 75, message: MESSAGE, related }] },
    { name: 'tsx', files: { 'db/V2__inbox.sql': INBOX_NO_KEY, 'inbox.tsx': ts('event_id') }, errors: [{ path: 'inbox.tsx', line: 2, column: 75, message: MESSAGE, related }] },
    { name: 'javascript', files: { 'db/V2__inbox.sql': INBOX_NO_KEY, 'inbox.js': js('event_id') }, errors: [{ path: 'inbox.js', line: 2, column: 73, message: MESSAGE, related }] },
    { name: 'java', files: { 'db/V2__inbox.sql': INBOX_NO_KEY, 'Inbox.java': java('event_id') }, errors: [{ path: 'Inbox.java', line: 3, column: 69, message: MESSAGE, related }] },
    { name: 'go', files: { 'db/V2__inbox.sql': INBOX_NO_KEY, 'inbox.go': go('event_id') }, errors: [{ path: 'inbox.go', line: 4, column: 78, message: MESSAGE, related }] },
    { name: 'sql', files: { 'db/V2__inbox.sql': INBOX_NO_KEY, 'db/R__seed.sql': sql('event_id') }, errors: [{ path: 'db/R__seed.sql', line: 3, column: 1, endColumn: 23, message: MESSAGE, related }] },
  ],
});
