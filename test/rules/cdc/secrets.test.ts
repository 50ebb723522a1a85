import * as assert from 'node:assert/strict';
import { fixAll } from '../../../server/src/engine/fixes';
import { lintFile } from '../../../server/src/engine/lint';
import type { ActiveRule } from '../../../server/src/engine/types';
import { detectKind } from '../../../server/src/parsing/fileKinds';
import { RULES } from '../../../server/src/rules';
import { assertNoSecrets, SECRET_FIXTURES, SECRET_VALUES } from './secretsFixture';

const ACTIVE: ActiveRule[] = RULES.map((rule) => ({ rule, severity: rule.severity }));

/** Runs `body` with console output captured, so a rule that logs a value is caught too. */
async function captureConsole<T>(body: () => Promise<T>): Promise<{ result: T; output: string }> {
  const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
  const saved = methods.map((m) => console[m]);
  let output = '';
  for (const m of methods) console[m] = (...args: unknown[]) => void (output += args.map(String).join(' ') + '\n');
  try {
    return { result: await body(), output };
  } finally {
    methods.forEach((m, i) => (console[m] = saved[i]!));
  }
}

describe('secrets in flagged connector configs', () => {
  it('are really in the fixtures', () => {
    for (const secret of SECRET_VALUES) assert.ok(SECRET_FIXTURES.some((f) => f.text.includes(secret)), secret);
  });

  it('never appear in rule summaries or explanations', () => {
    for (const rule of RULES) assertNoSecrets(`${rule.summary}\n${rule.explanation.why}\n${rule.explanation.fix}`, `${rule.code} texts`);
  });

  for (const fixture of SECRET_FIXTURES) {
    it(`never appear in findings, fix titles, edits or logs for ${fixture.path}`, async () => {
      const kind = detectKind(fixture.path)!;
      const file = { path: fixture.path, kind, text: fixture.text };
      const { result: findings, output } = await captureConsole(() =>
        lintFile(file, ACTIVE, (rule, error) => {
          throw new Error(`${rule.code} threw: ${String(error)}`);
        }),
      );
      assert.deepEqual([...new Set(findings.map((f) => f.ruleId))].sort(), [...fixture.flaggedBy].sort());
      for (const f of findings) {
        assertNoSecrets(f.message, `${f.ruleId} message`);
        for (const r of f.related ?? []) assertNoSecrets(r.message, `${f.ruleId} related message`);
        for (const fix of f.fixes) {
          assertNoSecrets(fix.title, `${f.ruleId} fix title`);
          for (const e of fix.edits) assertNoSecrets(e.newText, `${f.ruleId} fix edit`);
        }
        // A finding's range covers the offending key and its own value, never a credential.
        assertNoSecrets(fixture.text.slice(f.start, f.end), `${f.ruleId} range`);
      }
      assertNoSecrets(output, 'console output');
      const fixed = await captureConsole(() => fixAll(file, ACTIVE, { allowUnsafe: true }));
      assertNoSecrets(fixed.output, 'console output while fixing');
      for (const secret of SECRET_VALUES) {
        const count = (s: string) => s.split(secret).length - 1;
        assert.equal(count(fixed.result.text), count(fixture.text), 'fixes neither copy nor drop a credential');
      }
    });
  }
});
