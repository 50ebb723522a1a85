/**
 * The server's per-document parses: a version parsed from the previous one (tree-sitter's edited
 * tree, YAML's unchanged sections) must give exactly the findings a fresh parse of that text gives.
 */
import * as assert from 'node:assert/strict';
import { lint, prepareFor } from '../../server/src/engine/lint';
import type { ActiveRule, Finding } from '../../server/src/engine/types';
import { DocumentStates } from '../../server/src/lsp/documentState';
import { parseDocument } from '../../server/src/parsing/document';
import type { FileKind } from '../../server/src/parsing/fileKinds';
import { RULES } from '../../server/src/rules';

const ACTIVE: ActiveRule[] = RULES.map((rule) => ({ rule, severity: rule.severity }));

const CONSUMER = `def consume(consumer, ledger):
    while True:
        msg = consumer.poll(1.0)
        if msg is None:
            continue
        consumer.commit(message=msg)
        ledger.charge(msg.value())
`;

const connector = (i: number, heartbeat: number) => `---
apiVersion: kafka.strimzi.io/v1beta2
kind: KafkaConnector
metadata:
  name: outbox-${i}
spec:
  class: io.debezium.connector.postgresql.PostgresConnector
  config:
    database.hostname: db
    table.include.list: public.outbox
    heartbeat.interval.ms: ${heartbeat}
`;

const shape = (findings: Finding[]) => findings.map((f) => [f.ruleId, f.start, f.end, f.message, f.fixes.map((x) => x.edits)]);

/** Each version from the previous one: insert, delete, replace at spots spread over the text. */
function* versions(text: string, seed: number): Generator<string> {
  let current = text;
  let state = seed;
  const next = (n: number) => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % n;
  };
  for (let i = 0; i < 40; i++) {
    const at = next(current.length + 1);
    const op = next(3);
    const piece = ['x', '\n', ' ', '---\n', ': ', '(', 'heartbeat.interval.ms: 0\n    '][next(7)]!;
    if (op === 0) current = current.slice(0, at) + piece + current.slice(at);
    else if (op === 1) current = current.slice(0, at) + current.slice(at + 1 + next(4));
    else current = current.slice(0, at) + piece + current.slice(at + piece.length);
    yield current;
  }
}

describe('document states', () => {
  const cases: { kind: FileKind; path: string; text: string }[] = [
    { kind: 'python', path: 'consumer.py', text: CONSUMER.repeat(4) },
    { kind: 'yaml', path: 'connectors.yaml', text: [0, 10000, 0, 5000].map((h, i) => connector(i, h)).join('') },
  ];
  for (const { kind, path, text } of cases) {
    it(`a ${kind} document edited version by version lints like a fresh parse of each version`, async () => {
      await prepareFor(kind, ACTIVE);
      const states = new DocumentStates();
      let version = 1;
      let flagged = 0;
      for (const seed of [1, 2, 3]) {
        for (const t of [text, ...versions(text, seed)]) {
          const state = states.parse('file:///x', version++, path, kind, t);
          const fresh = parseDocument({ path, kind, text: t });
          try {
            const own = lint(state.doc, ACTIVE);
            assert.deepEqual(shape(own), shape(lint(fresh, ACTIVE)), `version ${version - 1} of seed ${seed}`);
            if (own.length > 0) flagged++;
          } finally {
            fresh.dispose();
          }
        }
      }
      states.clear();
      assert.ok(flagged > 20, 'the edits keep most versions flagged, so the comparison compares findings');
    });
  }
});
