/**
 * Extra invariants for rules whose fixes move or wrap code: after applying a case's fixes, the
 * findings that had a fix are gone on re-lint, and every line of the original is still in the
 * fixed text (moved, or re-indented) unless the case names it as intentionally replaced.
 */
import * as assert from 'node:assert/strict';
import type { Rule } from '../../server/src/engine/types';
import { lintText, type InvalidCase } from './ruleTester';

export interface FixCase extends InvalidCase {
  /** Substrings of the original lines that the fix rewrites on purpose (a wrapped call, a renamed method). */
  replaced?: string[];
}

function lines(text: string): string[] {
  return text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
}

export function checkFixInvariants(rule: Rule, cases: readonly FixCase[]): void {
  const active = [{ rule, severity: rule.severity }];
  describe(`${rule.code} fixes keep the code`, () => {
    for (const c of cases) {
      const outputs = [
        ['safe', c.output],
        ['unsafe', c.unsafeOutput],
      ].filter((o): o is [string, string] => typeof o[1] === 'string' && o[1] !== c.code);
      if (outputs.length === 0) continue;
      it(c.name ?? c.path, async () => {
        const before = await lintText(active, c.path, c.code);
        for (const [safety, fixed] of outputs) {
          const fixable = before.filter((f) => f.fixes.some((x) => x.safety === 'safe' || safety === 'unsafe'));
          const after = await lintText(active, c.path, fixed);
          assert.equal(after.length, before.length - fixable.length, `${safety} fix: every fixed finding is gone on re-lint`);
          const remaining = [...lines(fixed)];
          for (const line of lines(c.code)) {
            const at = remaining.indexOf(line);
            if (at >= 0) {
              remaining.splice(at, 1);
              continue;
            }
            assert.ok(c.replaced?.some((r) => line.includes(r)), `${safety} fix lost the line \`${line}\``);
          }
        }
      });
    }
  });
}
