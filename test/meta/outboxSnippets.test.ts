/**
 * The walkthrough's outbox and dedup snippets are fixtures too: the engine must agree with what
 * the walkthrough says about them, and the relay's quick fix must leave a clean file.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fixAll } from '../../server/src/engine/fixes';
import type { ActiveRule } from '../../server/src/engine/types';
import { parseDocument, prepareParser } from '../../server/src/parsing/document';
import { detectKind } from '../../server/src/parsing/fileKinds';
import { RULES } from '../../server/src/rules';
import { assertNoLineLost } from '../rules/outbox/fixInvariants';
import { lintText } from '../rules/ruleTester';
import { REPO_ROOT } from '../setup';

const SNIPPETS = path.join(REPO_ROOT, 'walkthroughs', 'snippets');
const all: ActiveRule[] = RULES.map((rule) => ({ rule, severity: rule.severity }));

function read(name: string): string {
  return fs.readFileSync(path.join(SNIPPETS, name), 'utf8');
}

describe('walkthrough snippets: outbox and dedup', () => {
  it('outbox-write.sql: both inserts share one transaction, nothing to report', async () => {
    const findings = await lintText(all, 'outbox-write.sql', read('outbox-write.sql'));
    assert.deepEqual(findings.map((f) => f.ruleId), []);
  });

  it('outbox-relay.py: exactly OBX001, and its fix removes it', async () => {
    const text = read('outbox-relay.py');
    const findings = await lintText(all, 'outbox-relay.py', text);
    assert.deepEqual(findings.map((f) => f.ruleId), ['OBX001']);
    assert.equal(findings[0]!.fixes[0]?.safety, 'safe');
    const result = await fixAll({ path: 'outbox-relay.py', kind: detectKind('outbox-relay.py')!, text }, all, { allowUnsafe: false });
    assert.deepEqual(result.remaining.map((f) => f.ruleId), []);
    const fixedFindings = await lintText(all, 'outbox-relay.py', result.text);
    assert.deepEqual(fixedFindings.map((f) => f.ruleId), []);
    assertNoLineLost(text, result.text, []);
    await prepareParser('python');
    const reparsed = parseDocument({ path: 'outbox-relay.py', kind: 'python', text: result.text });
    try {
      assert.equal(reparsed.hasSyntaxErrors, false, 'the fixed relay still parses');
    } finally {
      reparsed.dispose();
    }
    const mark = result.text.indexOf('UPDATE outbox SET sent = true');
    assert.ok(mark > result.text.indexOf('producer.flush()'), 'the mark now follows the flush');
  });

  it('dedup-inbox.sql: exactly DUP001', async () => {
    const findings = await lintText(all, 'dedup-inbox.sql', read('dedup-inbox.sql'));
    assert.deepEqual(findings.map((f) => f.ruleId), ['DUP001']);
  });
});
