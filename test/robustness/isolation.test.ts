/**
 * One failure never takes the rest down: a rule that throws is reported once and the other rules
 * still report; a document that cannot be checked does not stop the others; the server keeps
 * serving. Faults are injected into the real server through PIPELINE_SEAMS_FAULTS.
 */
import * as assert from 'node:assert/strict';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TestClient } from '../lsp/lspClient';

const SOURCE_AND_SINK = JSON.stringify(
  [
    {
      name: 'orders-outbox',
      config: {
        'connector.class': 'io.debezium.connector.postgresql.PostgresConnector',
        'table.include.list': 'public.outbox',
        'heartbeat.interval.ms': '0',
      },
    },
    {
      name: 'warehouse-sink',
      config: {
        'connector.class': 'io.confluent.connect.jdbc.JdbcSinkConnector',
        'errors.tolerance': 'all',
        'errors.deadletterqueue.topic.name': 'dlq.warehouse',
      },
    },
  ],
  null,
  2,
);
const LESSON = 'for msg in consumer:\n    consumer.commit()\n    charge(msg.value)\n';

describe('isolation in the language server', () => {
  let client: TestClient;
  const uri = (name: string) => pathToFileURL(path.join(os.tmpdir(), 'isolation', name)).href;

  before(async () => {
    client = new TestClient({ env: { PIPELINE_SEAMS_FAULTS: 'rule:CDC001,parse:explode' } });
    await client.initialize();
  });
  after(async () => {
    await client.shutdown();
  });

  it('a rule that throws is logged once; the other rules still report', async () => {
    const first = await client.open(uri('a.json'), 'json', SOURCE_AND_SINK);
    assert.deepEqual(first.map((d) => d.code), ['DLQ002']);
    const second = await client.open(uri('b.json'), 'json', SOURCE_AND_SINK);
    assert.deepEqual(second.map((d) => d.code), ['DLQ002']);
    const logged = client.logs.filter((l) => l.includes('Rule CDC001 failed'));
    assert.equal(logged.length, 1, 'reported once, not per document');
    assert.match(logged[0]!, /injected fault in CDC001/);
  });

  it('a document that cannot be checked does not stop the others', async () => {
    const broken = await client.open(uri('explode.py'), 'python', LESSON);
    assert.deepEqual(broken, []);
    assert.ok(client.logs.some((l) => /Could not check .*explode\.py/.test(l)));
    const fine = await client.open(uri('fine.py'), 'python', LESSON);
    assert.deepEqual(fine.map((d) => d.code), ['COM001']);
    const hover = await client.hover(uri('fine.py'), { line: 1, character: 6 });
    assert.ok(hover, 'still serving requests');
  });
});
