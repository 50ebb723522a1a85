/**
 * The CDC connector from the lesson: a Debezium PostgreSQL connector tailing the outbox table with
 * the EventRouter, keyed by aggregate id, `heartbeat.interval.ms` 0. The walkthrough opens it in
 * three forms; each must be flagged by CDC001 as an error and fixed by the safe fix.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fixAll } from '../../../server/src/engine/fixes';
import { lintFile } from '../../../server/src/engine/lint';
import type { ActiveRule } from '../../../server/src/engine/types';
import { parseDocument } from '../../../server/src/parsing/document';
import { detectKind } from '../../../server/src/parsing/fileKinds';
import { RULES } from '../../../server/src/rules';
import { HEARTBEAT_ACTION_QUERY } from '../../../server/src/rules/cdc/heartbeat-disabled';
import { REPO_ROOT } from '../../setup';

const ACTIVE: ActiveRule[] = RULES.map((rule) => ({ rule, severity: rule.severity }));

/** How the fixed file differs from the snippet: the zero becomes 10000 and the action query follows it. */
const EXPECTED_CHANGE: Record<string, [string, string]> = {
  'cdc-connector.json': [
    '    "heartbeat.interval.ms": "0",\n',
    `    "heartbeat.interval.ms": "10000",\n    "heartbeat.action.query": "${HEARTBEAT_ACTION_QUERY}",\n`,
  ],
  'cdc-connector.yaml': ['    heartbeat.interval.ms: 0\n', `    heartbeat.interval.ms: 10000\n    heartbeat.action.query: ${HEARTBEAT_ACTION_QUERY}\n`],
  'cdc-connector.properties': [
    'debezium.source.heartbeat.interval.ms=0\n',
    `debezium.source.heartbeat.interval.ms=10000\ndebezium.source.heartbeat.action.query=${HEARTBEAT_ACTION_QUERY}\n`,
  ],
};

describe('the lesson CDC connector', () => {
  for (const [name, [before, after]] of Object.entries(EXPECTED_CHANGE)) {
    it(`is flagged and fixed in walkthroughs/snippets/${name}`, async () => {
      const full = path.join(REPO_ROOT, 'walkthroughs/snippets', name);
      const text = fs.readFileSync(full, 'utf8');
      const kind = detectKind(full)!;
      const file = { path: full, kind, text };

      const findings = await lintFile(file, ACTIVE);
      assert.deepEqual(
        findings.map((f) => [f.ruleId, f.severity, text.slice(f.start, f.end).includes('heartbeat.interval.ms')]),
        [['CDC001', 'error', true]],
      );

      const fixed = await fixAll(file, ACTIVE, { allowUnsafe: false });
      assert.equal(fixed.text, text.replace(before, after), 'only the heartbeat keys change, the rest byte for byte');
      assert.deepEqual(fixed.remaining.map((f) => f.ruleId), []);
      const doc = parseDocument({ ...file, text: fixed.text });
      try {
        assert.equal(doc.hasSyntaxErrors, false);
      } finally {
        doc.dispose();
      }
    });
  }
});
