/**
 * RuleTester: `valid` cases must stay silent, `invalid` cases must report exactly the listed
 * findings and fix to exactly the given text. Beyond the cases, the harness enforces invariants
 * every rule must keep:
 *   - fixes converge: applying fixes to a fixpoint takes a few passes and leaves no fixable finding;
 *   - fixed text still parses when the original did;
 *   - declared fixability matches behaviour (`always`/`none`, an `unsafe` rule offers no safe fix);
 *   - every file kind the rule reads has valid and invalid cases;
 *   - a suppression comment on the line before silences each finding;
 *   - messages are one line with no trailing period; ranges lie inside the document.
 */
import * as assert from 'node:assert/strict';
import { fixAll, MAX_FIX_PASSES } from '../../server/src/engine/fixes';
import { lint, prepareFor } from '../../server/src/engine/lint';
import type { ActiveRule, Finding, FixSafety, Rule } from '../../server/src/engine/types';
import { parseDocument, type ParsedDocument } from '../../server/src/parsing/document';
import { detectKind, type FileKind, LINE_COMMENT } from '../../server/src/parsing/fileKinds';

export interface ValidCase {
  name?: string;
  /** File name; decides the file kind (`consumer.py`, `connector.json`, `postgresql.conf`). */
  path: string;
  code: string;
}

export interface ExpectedFinding {
  /** 1-based line and column of the finding's start. */
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  message?: string | RegExp;
  severity?: Finding['severity'];
  /** Rule code, when a test lints with more than one rule. Defaults to the rule under test. */
  ruleId?: string;
}

export interface InvalidCase extends ValidCase {
  errors: ExpectedFinding[];
  /**
   * The text after applying safe fixes to a fixpoint, or null when no safe fix must apply.
   * Always given explicitly, never computed.
   */
  output: string | null;
  /** The text after applying safe and unsafe fixes, when an unsafe fix is offered. */
  unsafeOutput?: string | null;
  /** Why the suppression check cannot apply to this case (rare: a finding inside a multi-line string). */
  skipSuppressionCheck?: string;
}

export interface RuleTests {
  valid: ValidCase[];
  invalid: InvalidCase[];
}

function kindOf(path: string): FileKind {
  const kind = detectKind(path);
  if (!kind) throw new Error(`test case path ${path} has no file kind`);
  return kind;
}

async function parse(path: string, text: string, rules: readonly ActiveRule[] = []): Promise<ParsedDocument> {
  const kind = kindOf(path);
  await prepareFor(kind, rules);
  return parseDocument({ path, kind, text });
}

export async function lintText(rules: readonly ActiveRule[], path: string, text: string): Promise<Finding[]> {
  const doc = await parse(path, text, rules);
  try {
    return lint(doc, rules, (rule, error) => {
      throw new Error(`rule ${rule.code} threw on ${path}: ${String((error as Error)?.stack ?? error)}`);
    });
  } finally {
    doc.dispose();
  }
}

async function hasSyntaxErrors(path: string, text: string): Promise<boolean> {
  const doc = await parse(path, text);
  try {
    return doc.hasSyntaxErrors;
  } finally {
    doc.dispose();
  }
}

function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split(/\r\n|\r|\n/).length;
  const lastBreak = Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r'));
  return { line, column: offset - lastBreak };
}

function caseTitle(c: ValidCase, index: number): string {
  return c.name ?? `${c.path} #${index + 1}: ${c.code.trim().split('\n')[0]!.slice(0, 60)}`;
}

/** Inserts a suppression comment line above every flagged line. */
function withSuppressions(kind: FileKind, code: string, text: string, lines: number[]): string | undefined {
  const prefix = LINE_COMMENT[kind];
  if (!prefix) return undefined;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const all = text.split(/\r?\n/);
  for (const line of [...new Set(lines)].sort((a, b) => b - a)) {
    const target = all[line - 1] ?? '';
    const indent = /^\s*/.exec(target)![0];
    all.splice(line - 1, 0, `${indent}${prefix} pipeline-seams-ignore ${code} -- covered by the suppression check`);
  }
  return all.join(eol);
}

export function ruleTester(rule: Rule, tests: RuleTests, extraRules: readonly Rule[] = []): void {
  const active: ActiveRule[] = [rule, ...extraRules].map((r) => ({ rule: r, severity: r.severity }));
  const only: ActiveRule[] = [{ rule, severity: rule.severity }];

  describe(`${rule.code} ${rule.name}`, () => {
    describe('valid', () => {
      tests.valid.forEach((c, i) => {
        it(caseTitle(c, i), async () => {
          const findings = await lintText(only, c.path, c.code);
          assert.deepEqual(
            findings.map((f) => `${position(c.code, f.start).line}: ${f.message}`),
            [],
            'a valid case must produce no finding',
          );
        });
      });
    });

    describe('invalid', () => {
      tests.invalid.forEach((c, i) => {
        it(caseTitle(c, i), async () => {
          const kind = kindOf(c.path);
          if (rule.trigger) assert.match(c.code, rule.trigger, `${rule.code}'s trigger must match every file it flags`);
          const findings = await lintText(active, c.path, c.code);
          const own = findings.filter((f) => f.ruleId === rule.code || c.errors.some((e) => e.ruleId === f.ruleId));
          assert.equal(own.length, c.errors.length, `expected ${c.errors.length} finding(s), got:\n${formatFindings(c.code, own)}`);
          own.forEach((f, k) => {
            const want = c.errors[k]!;
            const start = position(c.code, f.start);
            const end = position(c.code, f.end);
            assert.equal(f.ruleId, want.ruleId ?? rule.code);
            assert.deepEqual({ line: start.line, column: start.column }, { line: want.line, column: want.column }, `finding ${k + 1} starts elsewhere: ${f.message}`);
            if (want.endLine !== undefined) assert.equal(end.line, want.endLine, 'end line');
            if (want.endColumn !== undefined) assert.equal(end.column, want.endColumn, 'end column');
            if (typeof want.message === 'string') assert.equal(f.message, want.message);
            else if (want.message) assert.match(f.message, want.message);
            if (want.severity) assert.equal(f.severity, want.severity);
            assertMessageShape(f);
            assert.ok(f.start >= 0 && f.end <= c.code.length && f.start <= f.end, 'range inside the document');
            for (const fix of f.fixes) {
              for (const e of fix.edits) assert.ok(e.start >= 0 && e.end <= c.code.length && e.start <= e.end, 'edit inside the document');
            }
          });
          assertFixability(rule, own);

          const originalBroken = await hasSyntaxErrors(c.path, c.code);
          await checkFixes(c, 'safe', c.output, originalBroken);
          if (c.unsafeOutput !== undefined) await checkFixes(c, 'unsafe', c.unsafeOutput, originalBroken);
          else {
            const offersUnsafe = own.some((f) => f.fixes.some((x) => x.safety === 'unsafe'));
            assert.ok(!offersUnsafe, 'an unsafe fix is offered: give `unsafeOutput` for this case');
          }

          if (!c.skipSuppressionCheck) {
            const suppressed = withSuppressions(kind, rule.code, c.code, own.filter((f) => f.ruleId === rule.code).map((f) => position(c.code, f.start).line));
            if (suppressed !== undefined) {
              const after = await lintText(only, c.path, suppressed);
              assert.deepEqual(after.map((f) => f.message), [], 'a suppression comment must silence the finding');
            }
          }
        });
      });
    });

    it('has valid and invalid cases for every file kind it reads', () => {
      for (const kind of rule.kinds) {
        assert.ok(tests.valid.some((c) => kindOf(c.path) === kind), `no valid case for ${kind}`);
        assert.ok(tests.invalid.some((c) => kindOf(c.path) === kind), `no invalid case for ${kind}`);
      }
    });
  });

  async function checkFixes(c: InvalidCase, safety: FixSafety, expected: string | null, originalBroken: boolean) {
    const kind = kindOf(c.path);
    const result = await fixAll({ path: c.path, kind, text: c.code }, active, { allowUnsafe: safety === 'unsafe' });
    assert.ok(result.passes <= MAX_FIX_PASSES, `fixes did not converge in ${MAX_FIX_PASSES} passes`);
    if (expected === null) {
      assert.equal(result.text, c.code, `no ${safety} fix was expected to apply`);
      return;
    }
    assert.equal(result.text, expected, `text after ${safety} fixes`);
    const again = await fixAll({ path: c.path, kind, text: result.text }, active, { allowUnsafe: safety === 'unsafe' });
    assert.equal(again.text, result.text, 'fixing the fixed text again must change nothing');
    if (!originalBroken) assert.ok(!(await hasSyntaxErrors(c.path, result.text)), 'the fixed text must still parse');
    const left = await lintText(only, c.path, result.text);
    assert.ok(
      left.every((f) => !f.fixes.some((x) => x.safety === 'safe' || safety === 'unsafe')),
      'a fixable finding is left after fixing',
    );
  }
}

function assertMessageShape(f: Finding): void {
  assert.ok(!/\n/.test(f.message), 'message is one line');
  assert.ok(!/\.\s*$/.test(f.message), 'message has no trailing period');
  for (const fix of f.fixes) assert.ok(!/\.\s*$/.test(fix.title), 'fix title has no trailing period');
}

function assertFixability(rule: Rule, findings: Finding[]): void {
  const mine = findings.filter((f) => f.ruleId === rule.code);
  if (rule.fixAvailability === 'always') assert.ok(mine.every((f) => f.fixes.length > 0), `${rule.code} declares a fix for every finding`);
  if (rule.fixAvailability === 'none') assert.ok(mine.every((f) => f.fixes.length === 0), `${rule.code} declares no fix`);
  if (rule.fixSafety === 'unsafe') {
    assert.ok(mine.every((f) => f.fixes.every((x) => x.safety === 'unsafe')), `${rule.code} declares its fixes unsafe`);
  }
}

function formatFindings(text: string, findings: Finding[]): string {
  return findings.map((f) => {
    const p = position(text, f.start);
    return `  ${p.line}:${p.column} ${f.ruleId} ${f.message}`;
  }).join('\n') || '  (none)';
}
