import * as assert from 'node:assert/strict';
import { applyFixes, fixAll } from '../../../server/src/engine/fixes';
import { lintFile, prepareFor } from '../../../server/src/engine/lint';
import type { ActiveRule, TextEdit } from '../../../server/src/engine/types';
import { parseDocument, type ParsedDocument } from '../../../server/src/parsing/document';
import { detectKind } from '../../../server/src/parsing/fileKinds';
import {
  capturesFewTables,
  connectorConfigs,
  isSinkConnector,
  usesOutboxEventRouter,
  type ConnectorConfig,
} from '../../../server/src/rules/cdc/connectorConfig';
import { heartbeatDisabled } from '../../../server/src/rules/cdc/heartbeat-disabled';
import { pgServerSettings, versionFromImage, versionFromPath } from '../../../server/src/rules/cdc/pgSettings';
import { slotWalUnbounded } from '../../../server/src/rules/cdc/slot-wal-unbounded';
import { connectDlqWithoutRetry } from '../../../server/src/rules/dlq/connect-dlq-without-retry';

const RULES: ActiveRule[] = [heartbeatDisabled, slotWalUnbounded, connectDlqWithoutRetry].map((rule) => ({ rule, severity: rule.severity }));

async function parsed(path: string, text: string): Promise<ParsedDocument> {
  const kind = detectKind(path)!;
  await prepareFor(kind, RULES);
  return parseDocument({ path, kind, text });
}

async function configsOf(path: string, text: string): Promise<readonly ConnectorConfig[]> {
  const doc = await parsed(path, text);
  try {
    return connectorConfigs(doc);
  } finally {
    doc.dispose();
  }
}

function apply(text: string, edits: TextEdit[] | undefined): string {
  assert.ok(edits, 'edits expected');
  return applyFixes(text, [{ title: 't', safety: 'safe', edits }]).text;
}

describe('connector config view', () => {
  it('reads a REST payload: keys, scalar values as text, ranges', async () => {
    const text = '{"name": "c", "config": {"connector.class": "PostgresConnector", "tasks.max": 1, "snapshot.delay.ms": null, "x": [1]}}';
    const [config] = await configsOf('c.json', text);
    assert.ok(config);
    assert.deepEqual(config.entries.map((e) => [e.key, e.value]), [
      ['connector.class', 'PostgresConnector'],
      ['tasks.max', '1'],
      ['snapshot.delay.ms', undefined],
      ['x', undefined],
    ]);
    const tasks = config.get('tasks.max')!;
    assert.equal(text.slice(tasks.keyStart, tasks.valueEnd), '"tasks.max": 1');
    assert.equal(config.connectorClass?.value, 'PostgresConnector');
    assert.equal(config.get('name'), undefined, 'the payload wrapper is not part of the config');
  });

  it('keeps the last of repeated keys, as Connect does', async () => {
    const [config] = await configsOf('c.properties', 'connector.class=A\ntopics=a\ntopics=b\n');
    assert.equal(config!.get('topics')!.value, 'b');
  });

  it('maps Debezium Server keys and keeps its transforms outside the prefix', async () => {
    const text = 'debezium.source.connector.class=PostgresConnector\ndebezium.transforms=outbox\ndebezium.transforms.outbox.type=io.debezium.transforms.outbox.EventRouter\ndebezium.sink.type=kafka\n';
    const [config] = await configsOf('application.properties', text);
    assert.deepEqual(config!.entries.map((e) => e.key), ['connector.class', 'transforms', 'transforms.outbox.type']);
    assert.ok(usesOutboxEventRouter(config!));
    const edited = apply(text, config!.insert([{ key: 'heartbeat.interval.ms', value: '10000' }]));
    assert.equal(edited.split('\n')[1], 'debezium.source.heartbeat.interval.ms=10000', 'inserted after the last source key, with the prefix');
  });

  it('reads YAML merge keys and overrides an inherited value locally', async () => {
    const text = [
      'defaults: &defaults',
      '  connector.class: PostgresConnector',
      '  heartbeat.interval.ms: 0',
      'connectors:',
      '  orders:',
      '    <<: *defaults',
      '    database.dbname: orders',
      '',
    ].join('\n');
    const configs = await configsOf('values.yaml', text);
    const orders = configs.find((c) => c.get('database.dbname'))!;
    assert.equal(orders.get('heartbeat.interval.ms')!.value, '0');
    const edited = apply(text, orders.setValue(orders.get('heartbeat.interval.ms')!, '10000', true));
    assert.match(edited, /database\.dbname: orders\n {4}heartbeat\.interval\.ms: 10000\n/);
    assert.match(edited, /^ {2}heartbeat\.interval\.ms: 0$/m, 'the shared anchor is left alone');
  });

  it('writes numbers quoted in YAML that quotes its numbers, and quotes strings that need it', async () => {
    const text = 'config:\n  connector.class: JdbcSinkConnector\n  tasks.max: "2"\n';
    const [config] = await configsOf('values.yaml', text);
    const edited = apply(text, config!.insert([{ key: 'errors.retry.timeout', value: '300000', numeric: true }, { key: 'note', value: 'a: b' }]));
    assert.equal(edited, 'config:\n  connector.class: JdbcSinkConnector\n  tasks.max: "2"\n  errors.retry.timeout: "300000"\n  note: "a: b"\n');
  });

  it('inserts before the next key of a sorted YAML map, above its comment', async () => {
    const text = 'c:\n  connector.class: X\n  database.dbname: d\n  errors.tolerance: all\n  # consumed topics\n  topics: t\n  value.converter: v\n';
    const [config] = await configsOf('values.yaml', text);
    const edited = apply(text, config!.insert([{ key: 'tasks.max', value: '1', numeric: true }]));
    assert.equal(edited, 'c:\n  connector.class: X\n  database.dbname: d\n  errors.tolerance: all\n  tasks.max: 1\n  # consumed topics\n  topics: t\n  value.converter: v\n');
  });

  it('inserts before the next key of a sorted JSON object', async () => {
    const text = '{\n  "a.x": "1",\n  "b.x": "1",\n  "connector.class": "X",\n  "d.x": "1",\n  "z.x": "1"\n}';
    const [config] = await configsOf('c.json', text);
    const edited = apply(text, config!.insert([{ key: 'heartbeat.interval.ms', value: '5' }]));
    assert.equal(edited, '{\n  "a.x": "1",\n  "b.x": "1",\n  "connector.class": "X",\n  "d.x": "1",\n  "heartbeat.interval.ms": "5",\n  "z.x": "1"\n}');
  });

  it('appends to a JSON object with a trailing comma', async () => {
    const text = '{\n    "connector.class": "X",\n    "topics": "t",\n}\n';
    const [config] = await configsOf('c.jsonc', text);
    assert.equal(apply(text, config!.insert([{ key: 'k', value: 'v' }])), '{\n    "connector.class": "X",\n    "topics": "t",\n    "k": "v",\n}\n');
  });

  it('tells sinks, outbox routers and narrow captures apart', async () => {
    const [sink, source, topicsOnly, router, inactive, wide, regex] = await Promise.all([
      configsOf('a.json', '{"connector.class": "io.confluent.connect.jdbc.JdbcSinkConnector"}'),
      configsOf('b.json', '{"connector.class": "io.debezium.connector.postgresql.PostgresConnector", "topics": "x"}'),
      configsOf('c.json', '{"connector.class": "com.acme.Writer", "topics.regex": "x.*"}'),
      configsOf('d.json', '{"connector.class": "Postgres", "transforms": "unwrap, outbox", "transforms.outbox.type": "io.debezium.transforms.outbox.EventRouter"}'),
      configsOf('e.json', '{"connector.class": "Postgres", "transforms.outbox.type": "io.debezium.transforms.outbox.EventRouter"}'),
      configsOf('f.json', '{"connector.class": "Postgres", "table.include.list": "public.a,public.b,public.c,public.d"}'),
      configsOf('g.json', '{"connector.class": "Postgres", "table.include.list": "public\\\\..*"}'),
    ]);
    assert.ok(isSinkConnector(sink[0]!));
    assert.ok(!isSinkConnector(source[0]!));
    assert.ok(isSinkConnector(topicsOnly[0]!));
    assert.ok(usesOutboxEventRouter(router[0]!));
    assert.ok(!usesOutboxEventRouter(inactive[0]!), 'a transform that is not listed does not run');
    assert.ok(!capturesFewTables(wide[0]!));
    assert.ok(!capturesFewTables(regex[0]!), 'a pattern is not a short list');
  });
});

describe('PostgreSQL settings view', () => {
  it('reads versions from image tags and install paths', () => {
    assert.equal(versionFromImage('postgres:16-alpine'), 16);
    assert.equal(versionFromImage('registry.local:5000/postgis/postgis:15-3.4'), 15);
    assert.equal(versionFromImage('timescale/timescaledb:latest-pg14'), 14);
    assert.equal(versionFromImage('postgres'), undefined);
    assert.equal(versionFromImage('redis:7'), undefined);
    assert.equal(versionFromImage('postgres:9.6'), 9);
    assert.equal(versionFromImage('pgvector/pgvector:pg16'), 16);
  });

  it('does not take the version of the product an image packages for the PostgreSQL version', () => {
    // TimescaleDB 2.14 on PostgreSQL 16; Debezium's example database, release 2.5
    assert.equal(versionFromImage('timescale/timescaledb:2.14.2-pg16'), 16);
    assert.equal(versionFromImage('debezium/example-postgres:2.5'), undefined);
    assert.equal(versionFromImage('quay.io/debezium/example-postgres:3.0'), undefined);
    assert.equal(versionFromPath('/etc/postgresql/12/main/postgresql.conf'), 12);
    assert.equal(versionFromPath('/usr/lib/postgresql/16/bin/postgres'), 16);
    assert.equal(versionFromPath('db/postgresql.conf'), undefined);
  });

  it('treats ALTER SYSTEM RESET ALL as resetting what came before', async () => {
    const doc = await parsed('m.sql', "ALTER SYSTEM SET max_slot_wal_keep_size = '10GB';\nALTER SYSTEM RESET ALL;\n");
    const [group] = pgServerSettings(doc);
    assert.equal(group!.get('max_slot_wal_keep_size')!.reset, true);
    doc.dispose();
  });

  it('knows a flag name even when its value comes from the environment', async () => {
    const doc = await parsed('s.sh', 'postgres -c wal_level=logical -c "max_slot_wal_keep_size=${CAP}"\n');
    const [group] = pgServerSettings(doc);
    assert.deepEqual(group!.settings.map((s) => [s.name, s.value]), [
      ['wal_level', 'logical'],
      ['max_slot_wal_keep_size', undefined],
    ]);
    doc.dispose();
  });

  it('reads compose entrypoint, command and Kubernetes args together', async () => {
    const text = 'services:\n  db:\n    entrypoint: ["docker-entrypoint.sh"]\n    command: [postgres, -c, "wal_level=logical", "-cmax_wal_senders=4"]\n';
    const doc = await parsed('docker-compose.yml', text);
    const [group] = pgServerSettings(doc);
    assert.deepEqual(group!.settings.map((s) => [s.name, s.value]), [
      ['wal_level', 'logical'],
      ['max_wal_senders', '4'],
    ]);
    doc.dispose();
  });
});

describe('config rules on half-typed files', () => {
  const samples: [string, string][] = [
    ['c.json', '{"name": "o", "config": {"connector.class": "PostgresConnector", "heartbeat.interval.ms": "0", "errors.tolerance": "all"}}'],
    ['k.yaml', 'kind: KafkaConnector\nspec:\n  class: PostgresConnector\n  config:\n    "heartbeat.interval.ms": 0\n    topics: [a]\n'],
    ['a.properties', 'debezium.source.connector.class=PostgresConnector\\\n  \ndebezium.source.heartbeat.interval.ms=0\n'],
    ['postgresql.conf', "wal_level = 'logical'\nmax_slot_wal_keep_size = -1\n"],
    ['m.sql', 'ALTER SYSTEM SET wal_level = logical;\nALTER SYSTEM SET max_slot_wal_keep_size TO -1;\n'],
    ['docker-compose.yml', 'services:\n  db:\n    image: postgres:16\n    command: >\n      postgres -c "wal_level=logical"\n'],
    ['s.sh', 'exec postgres \\\n  -c wal_level=logical \\\n  -c max_slot_wal_keep_size=-1\n'],
  ];
  for (const [path, text] of samples) {
    it(`survives every truncation of ${path}`, async () => {
      const kind = detectKind(path)!;
      for (let cut = 0; cut <= text.length; cut++) {
        const file = { path, kind, text: text.slice(0, cut) };
        const onError = (rule: { code: string }, error: unknown) => {
          throw new Error(`${rule.code} threw at cut ${cut}: ${String(error)}`);
        };
        await lintFile(file, RULES, onError);
        await fixAll(file, RULES, { allowUnsafe: true, onRuleError: onError });
      }
    });
  }
});
