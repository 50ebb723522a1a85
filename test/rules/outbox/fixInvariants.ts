/**
 * The outbox and dedup rules' RuleTester, plus the invariants their fixes promise on every invalid
 * case that has one: the fixed text still parses (RuleTester checks it), the finding is gone when
 * the fixed text is linted again, and no line of the original is lost: every line is still there
 * (moved, re-indented) unless the case names it as intentionally replaced.
 */
import * as assert from 'node:assert/strict';
import type { Rule } from '../../../server/src/engine/types';
import { lintText, ruleTester, type InvalidCase, type RuleTests, type ValidCase } from '../ruleTester';

export interface OutboxInvalidCase extends InvalidCase {
  /** Lines of the original (trimmed) that the fix replaces on purpose. */
  replaced?: string[];
}

export interface OutboxRuleTests {
  valid: ValidCase[];
  invalid: OutboxInvalidCase[];
}

/** Leading blank line of a template literal dropped, so cases read like files. */
export const src = (s: string): string => s.replace(/^\n/, '');

export function outboxRuleTester(rule: Rule, tests: OutboxRuleTests, extraRules: readonly Rule[] = []): void {
  ruleTester(rule, tests as RuleTests, extraRules);
  describe(`${rule.code} fix invariants`, () => {
    tests.invalid.forEach((c, i) => {
      const outputs = [c.output, c.unsafeOutput].filter((o): o is string => typeof o === 'string');
      if (outputs.length === 0) return;
      it(c.name ?? `${c.path} #${i + 1}`, async () => {
        for (const fixed of outputs) {
          const again = await lintText([{ rule, severity: rule.severity }], c.path, fixed);
          assert.deepEqual(
            again.filter((f) => f.ruleId === rule.code).map((f) => f.message),
            [],
            'the finding must be gone after the fix',
          );
          assertNoLineLost(c.code, fixed, c.replaced ?? []);
        }
      });
    });
  });
}

export function assertNoLineLost(original: string, fixed: string, replaced: string[]): void {
  const remaining = fixed.split(/\r?\n/).map((l) => l.trim());
  for (const line of original.split(/\r?\n/)) {
    const t = line.trim();
    if (t === '' || replaced.includes(t)) continue;
    const at = remaining.indexOf(t);
    assert.ok(at >= 0, `line lost by the fix: ${t}`);
    remaining.splice(at, 1);
  }
}
