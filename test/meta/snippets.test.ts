/**
 * The walkthrough snippets are fixtures too: each one must trigger exactly its seam's rule, and
 * applying that rule's fix (unsafe ones included, as the quiz offers them) must make it go away.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fixAll } from '../../server/src/engine/fixes';
import { RULES } from '../../server/src/rules';
import { detectKind } from '../../server/src/parsing/fileKinds';
import { lintText } from '../rules/ruleTester';
import { REPO_ROOT } from '../setup';

const SNIPPETS: Record<string, string> = {
  'consumer-commit-order.py': 'COM001',
  'dlq-handling.py': 'DLQ001',
};

describe('walkthrough snippets', () => {
  const all = RULES.map((rule) => ({ rule, severity: rule.severity }));
  for (const [file, code] of Object.entries(SNIPPETS)) {
    it(`${file} triggers exactly ${code}, and its fix removes the finding`, async () => {
      const full = path.join(REPO_ROOT, 'walkthroughs/snippets', file);
      const text = fs.readFileSync(full, 'utf8');
      const findings = await lintText(all, file, text);
      assert.deepEqual(findings.map((f) => f.ruleId), [code]);
      assert.ok(findings[0]!.fixes.length > 0, `${code} offers a fix for ${file}`);
      const kind = detectKind(file)!;
      const fixed = await fixAll({ path: file, kind, text }, all, { allowUnsafe: true });
      const after = await lintText(all, file, fixed.text);
      assert.deepEqual(after.map((f) => f.ruleId), [], 'no finding is left after the fix');
    });
  }
});
