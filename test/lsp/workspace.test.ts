/**
 * Cross-file findings through the language server: the index is built from the workspace folder,
 * an edit in one open document makes a finding in another appear or disappear, watched-file
 * changes on disk do the same, and the pipeline map request returns the graph with its findings.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { PIPELINE_MAP_REQUEST, type PipelineMapResult } from '../../server/src/lsp/protocol';
import { TestClient } from './lspClient';

const INBOX_NO_KEY = 'CREATE TABLE processed_events (\n    id bigserial PRIMARY KEY,\n    event_id uuid NOT NULL\n);\n';
const INBOX_KEY = 'CREATE TABLE processed_events (\n    id bigserial PRIMARY KEY,\n    event_id uuid NOT NULL UNIQUE\n);\n';
const CONSUMER = `from confluent_kafka import Consumer


def record(conn, event_id):
    conn.execute("INSERT INTO processed_events (event_id) VALUES (%s) ON CONFLICT (event_id) DO NOTHING", (event_id,))
`;

const dup002 = (ds: Diagnostic[]) => ds.filter((d) => d.code === 'DUP002');

describe('language server: workspace index and cross-file rules', function () {
  let dir: string;
  let client: TestClient;
  const uri = (rel: string) => pathToFileURL(path.join(dir, rel)).href;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipeline-seams-ws-'));
    fs.mkdirSync(path.join(dir, 'db'));
    fs.writeFileSync(path.join(dir, 'db/V2__inbox.sql'), INBOX_NO_KEY);
    fs.writeFileSync(path.join(dir, 'consumer.py'), CONSUMER);
    client = new TestClient();
    await client.initialize(undefined, [pathToFileURL(dir).href]);
  });

  afterEach(async () => {
    await client.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('Scan Workspace counts a key that another migration of the folder adds (DUP001)', async () => {
    fs.writeFileSync(path.join(dir, 'db/V3__seen.sql'), 'CREATE TABLE seen_events (\n    event_id uuid NOT NULL\n);\n');
    fs.writeFileSync(path.join(dir, 'db/V4__seen_key.sql'), 'ALTER TABLE seen_events ADD CONSTRAINT seen_events_pkey PRIMARY KEY (event_id);\n');
    fs.mkdirSync(path.join(dir, 'other'));
    fs.writeFileSync(path.join(dir, 'other/V3__seen.sql'), 'CREATE TABLE seen_events (\n    event_id uuid NOT NULL\n);\n');
    // a server started before the files existed may have listed the folder already: start one that sees them
    await client.shutdown();
    client = new TestClient();
    await client.initialize(undefined, [pathToFileURL(dir).href]);
    const published = new Map<string, Diagnostic[]>();
    client.onPublish = (p) => published.set(p.uri, p.diagnostics);
    await client.connection.sendRequest('pipelineSeams/scanWorkspace', { folders: [pathToFileURL(dir).href] });
    const dup001 = (rel: string) => (published.get(uri(rel)) ?? []).filter((d) => d.code === 'DUP001');
    assert.equal(dup001('db/V3__seen.sql').length, 0, 'the key V4 adds counts');
    assert.equal(dup001('other/V3__seen.sql').length, 1, 'a migration of another folder is still checked on its own');
  });

  it('reports DUP002 in the open consumer, with a link to the migration on disk', async () => {
    await client.open(uri('consumer.py'), 'python', CONSUMER);
    const p = await client.nextDiagnostics(uri('consumer.py'), (d) => dup002(d.diagnostics).length > 0);
    const d = dup002(p.diagnostics)[0]!;
    assert.equal(d.range.start.line, 4);
    assert.equal(d.relatedInformation?.[0]?.location.uri, uri('db/V2__inbox.sql'));
    assert.equal(d.relatedInformation?.[0]?.location.range.start.line, 0);
  });

  it('an edit in the open migration makes the finding in the consumer disappear, and come back', async () => {
    await client.open(uri('consumer.py'), 'python', CONSUMER);
    await client.nextDiagnostics(uri('consumer.py'), (d) => dup002(d.diagnostics).length > 0);
    await client.open(uri('db/V2__inbox.sql'), 'sql', INBOX_NO_KEY);
    const gone = client.nextDiagnostics(uri('consumer.py'), (d) => dup002(d.diagnostics).length === 0);
    await client.change(uri('db/V2__inbox.sql'), INBOX_KEY);
    await gone;
    const back = client.nextDiagnostics(uri('consumer.py'), (d) => dup002(d.diagnostics).length > 0);
    await client.change(uri('db/V2__inbox.sql'), INBOX_NO_KEY);
    await back;
  });

  it('renaming the table in the migration on disk clears the finding (watched files)', async () => {
    await client.open(uri('consumer.py'), 'python', CONSUMER);
    await client.nextDiagnostics(uri('consumer.py'), (d) => dup002(d.diagnostics).length > 0);
    fs.writeFileSync(path.join(dir, 'db/V2__inbox.sql'), INBOX_NO_KEY.replace('processed_events', 'handled_events'));
    const gone = client.nextDiagnostics(uri('consumer.py'), (d) => dup002(d.diagnostics).length === 0);
    await client.watchedFilesChanged(uri('db/V2__inbox.sql'));
    await gone;
  });

  it('a key that the next migration in the folder adds clears DUP001 in the open migration, and removing it brings it back', async () => {
    const create = 'CREATE TABLE handled_messages (\n    message_id text NOT NULL,\n    handled_at timestamptz NOT NULL DEFAULT now()\n);\n';
    const key = 'ALTER TABLE handled_messages ADD CONSTRAINT handled_messages_pkey PRIMARY KEY (message_id);\n';
    const noKey = 'ALTER TABLE handled_messages ADD COLUMN note text;\n';
    const dup001 = (ds: Diagnostic[]) => ds.filter((d) => d.code === 'DUP001');
    fs.writeFileSync(path.join(dir, 'db/V3__handled_messages.sql'), create);
    assert.equal(dup001(await client.open(uri('db/V3__handled_messages.sql'), 'sql', create)).length, 1);
    // the migration that adds the key appears on disk
    const gone = client.nextDiagnostics(uri('db/V3__handled_messages.sql'), (d) => dup001(d.diagnostics).length === 0);
    fs.writeFileSync(path.join(dir, 'db/V4__handled_messages_pk.sql'), key);
    await client.watchedFilesChanged(uri('db/V4__handled_messages_pk.sql'), 1);
    await gone;
    // its constraint is removed in the editor
    await client.open(uri('db/V4__handled_messages_pk.sql'), 'sql', key);
    const back = client.nextDiagnostics(uri('db/V3__handled_messages.sql'), (d) => dup001(d.diagnostics).length > 0);
    await client.change(uri('db/V4__handled_messages_pk.sql'), noKey);
    await back;
    const goneAgain = client.nextDiagnostics(uri('db/V3__handled_messages.sql'), (d) => dup001(d.diagnostics).length === 0);
    await client.change(uri('db/V4__handled_messages_pk.sql'), key);
    await goneAgain;
  });

  it('a WAL cap that the next migration in the folder sets clears CDC002 in the open migration, and removing it brings it back', async () => {
    const wal = "ALTER SYSTEM SET wal_level = 'logical';\n";
    const cdc002 = (ds: Diagnostic[]) => ds.filter((d) => d.code === 'CDC002');
    fs.writeFileSync(path.join(dir, 'db/V5__logical.sql'), wal);
    assert.equal(cdc002(await client.open(uri('db/V5__logical.sql'), 'sql', wal)).length, 1);
    const gone = client.nextDiagnostics(uri('db/V5__logical.sql'), (d) => cdc002(d.diagnostics).length === 0);
    const cap = "ALTER SYSTEM SET max_slot_wal_keep_size = '20GB';\n";
    fs.writeFileSync(path.join(dir, 'db/V6__slot_cap.sql'), cap);
    await client.watchedFilesChanged(uri('db/V6__slot_cap.sql'), 1);
    await gone;
    // the cap is taken out in the editor, then put back
    await client.open(uri('db/V6__slot_cap.sql'), 'sql', cap);
    const back = client.nextDiagnostics(uri('db/V5__logical.sql'), (d) => cdc002(d.diagnostics).length > 0);
    await client.change(uri('db/V6__slot_cap.sql'), "ALTER SYSTEM SET work_mem = '64MB';\n");
    await back;
    const goneAgain = client.nextDiagnostics(uri('db/V5__logical.sql'), (d) => cdc002(d.diagnostics).length === 0);
    await client.change(uri('db/V6__slot_cap.sql'), cap);
    await goneAgain;
  });

  it('a heartbeat that a compose file gives Debezium Server clears CDC001 in its open application.properties, and taking it out brings it back', async () => {
    const props = 'cdc/conf/application.properties';
    const text = 'debezium.source.connector.class=io.debezium.connector.postgresql.PostgresConnector\ndebezium.source.topic.prefix=shop\n';
    const compose = (interval: string) =>
      `services:\n  debezium:\n    image: quay.io/debezium/server:2.7\n    environment:\n      DEBEZIUM_SOURCE_HEARTBEAT_INTERVAL_MS: "${interval}"\n    volumes:\n      - ./conf:/debezium/conf\n`;
    const cdc001 = (ds: Diagnostic[]) => ds.filter((d) => d.code === 'CDC001');
    fs.mkdirSync(path.join(dir, 'cdc/conf'), { recursive: true });
    fs.writeFileSync(path.join(dir, props), text);
    assert.equal(cdc001(await client.open(uri(props), 'properties', text)).length, 1);
    const gone = client.nextDiagnostics(uri(props), (d) => cdc001(d.diagnostics).length === 0);
    fs.writeFileSync(path.join(dir, 'cdc/docker-compose.yml'), compose('10000'));
    await client.watchedFilesChanged(uri('cdc/docker-compose.yml'), 1);
    await gone;
    await client.open(uri('cdc/docker-compose.yml'), 'yaml', compose('10000'));
    const back = client.nextDiagnostics(uri(props), (d) => cdc001(d.diagnostics).length > 0);
    await client.change(uri('cdc/docker-compose.yml'), compose('0'));
    await back;
  });

  it('reads an edited document\'s facts once typing pauses, not after every keystroke', async () => {
    await client.shutdown();
    client = new TestClient({ env: { PIPELINE_SEAMS_TIMINGS: '1' } });
    await client.initialize(undefined, [pathToFileURL(dir).href]);
    const factsRead: number[] = [];
    let finalRead: () => void = () => undefined;
    let finalVersion = -1;
    const final = new Promise<void>((resolve) => (finalRead = resolve));
    client.connection.onNotification('pipelineSeams/factsTiming', (p: { uri: string; version: number }) => {
      if (p.uri !== uri('consumer.py')) return;
      factsRead.push(p.version);
      if (p.version === finalVersion) finalRead();
    });
    await client.open(uri('consumer.py'), 'python', CONSUMER);
    await client.nextDiagnostics(uri('consumer.py'), (d) => dup002(d.diagnostics).length > 0);
    // a quick typist: each letter lands as soon as the previous one's diagnostics are back
    const letters = 5;
    let text = CONSUMER;
    for (let i = 1; i <= letters; i++) {
      text = text.replace('def record', 'def recordx');
      if (i === letters) finalVersion = 1 + letters;
      const diagnostics = await client.change(uri('consumer.py'), text);
      assert.equal(dup002(diagnostics).length, 1, 'the cross-file finding stays shown while typing');
    }
    await final;
    assert.equal(factsRead[0], 1, 'read at once when the document opens');
    assert.ok(factsRead.length < 1 + letters, `facts read for versions ${factsRead.join(', ')}: not after every keystroke`);
    assert.equal(factsRead.at(-1), 1 + letters, 'read for the version typing stopped at');
  });

  it('serves the pipeline map with the finding on the consumer and on its edge to the table', async () => {
    await client.open(uri('consumer.py'), 'python', CONSUMER);
    await client.nextDiagnostics(uri('consumer.py'), (d) => dup002(d.diagnostics).length > 0);
    const result = await client.connection.sendRequest<PipelineMapResult>(PIPELINE_MAP_REQUEST, {});
    const consumer = result.map.nodes.find((n) => n.kind === 'service')!;
    const table = result.map.nodes.find((n) => n.kind === 'table')!;
    assert.equal(consumer.path, path.join(dir, 'consumer.py'));
    assert.deepEqual(consumer.findings.map((f) => f.ruleId), ['DUP002']);
    assert.equal(table.label, 'processed_events');
    const edge = result.map.edges.find((e) => e.from === consumer.id && e.to === table.id)!;
    assert.deepEqual(edge.findings.map((f) => f.ruleId), ['DUP002']);
    assert.equal(result.layout.nodes.length, result.map.nodes.length);
  });
});
