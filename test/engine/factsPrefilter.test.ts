/**
 * `mayHaveFacts` decides, from the text alone, which files are parsed for workspace facts. It may
 * say yes to a file without facts (a parse for nothing) but never no to a file with facts (a
 * cross-file finding lost): checked on every file of the corpora, the examples and the snippets.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseDocument, prepareParser } from '../../server/src/parsing/document';
import { detectKind, FILE_KINDS } from '../../server/src/parsing/fileKinds';
import { hasFacts, mayHaveFacts, readFacts } from '../../server/src/workspace/facts';

const ROOT = path.resolve(__dirname, '../..');

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? files(full) : [full];
  });
}

function factsOf(file: string, text: string) {
  const kind = detectKind(file, undefined)!;
  const doc = parseDocument({ path: file, kind, text });
  try {
    return { kind, facts: readFacts(doc) };
  } finally {
    doc.dispose();
  }
}

describe('facts prefilter', () => {
  before(async () => {
    for (const kind of FILE_KINDS) await prepareParser(kind);
  });

  it('lets through every file that has facts', () => {
    let withFacts = 0;
    for (const file of ['test/corpus', 'examples', 'walkthroughs/snippets'].flatMap((d) => files(path.join(ROOT, d)))) {
      if (!detectKind(file, undefined)) continue;
      const text = fs.readFileSync(file, 'utf8');
      const { kind, facts } = factsOf(file, text);
      if (!hasFacts(facts)) continue;
      withFacts++;
      assert.ok(mayHaveFacts(kind, text), `${path.relative(ROOT, file)} has facts the prefilter would skip`);
    }
    assert.ok(withFacts > 60, `${withFacts} files with facts`);
  });

  it('skips code that only mentions Kafka, and keeps each kind of fact in code', () => {
    const importsOnly = 'import org.apache.kafka.clients.consumer.*;\n\npublic class Consumers {\n  int total(int a, int b) { return a + b; }\n}\n';
    assert.equal(mayHaveFacts('java', importsOnly), false);
    const cases: [string, string][] = [
      ['Listener.java', 'class L {\n  @KafkaListener(topics = "orders")\n  void on(String m) {}\n}\n'],
      ['producer.py', 'producer = Producer(conf)\nproducer.produce("orders", value=b"x")\n'],
      ['consumer.ts', "const consumer = kafka.consumer({ groupId: 'g' });\nawait consumer.subscribe({ topic: 'orders' });\n"],
      ['writer.go', 'package main\n\nvar w = &kafka.Writer{Topic: "orders"}\n'],
      ['inbox.py', 'cur.execute("INSERT INTO inbox (event_id) VALUES (%s) ON CONFLICT (event_id) DO NOTHING", (e,))\n'],
    ];
    for (const [file, text] of cases) {
      const { kind, facts } = factsOf(file, text);
      assert.ok(hasFacts(facts), `${file} has facts`);
      assert.ok(mayHaveFacts(kind, text), `${file} is let through`);
    }
  });
});
