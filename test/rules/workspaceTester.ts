/**
 * WorkspaceRuleTester: RuleTester for cross-file rules. A case is a small workspace (file path →
 * text); the harness extracts every file's facts, builds the index, and runs the rule on each file.
 * `valid` workspaces must stay silent; `invalid` ones must report exactly the listed findings, at
 * exact positions, with related locations in the other files. Invariants, as for single-file rules:
 *   - messages are one line with no trailing period; ranges lie inside their file;
 *   - related locations point inside the files they name;
 *   - declared fixability holds (cross-file rules offer no fix: the fix lives in another file);
 *   - a suppression comment above each flagged line silences it (where the kind has comments);
 *   - every file kind the rule reads has a valid and an invalid case (the kind of a flagged file).
 */
import * as assert from 'node:assert/strict';
import { lint, prepareFor } from '../../server/src/engine/lint';
import { lintWorkspace } from '../../server/src/engine/workspaceLint';
import type { Finding, Rule, WorkspaceRule } from '../../server/src/engine/types';
import { parseDocument, prepareParser } from '../../server/src/parsing/document';
import { detectKind, LINE_COMMENT, type FileKind } from '../../server/src/parsing/fileKinds';
import { extractFacts, factParsers, type FileFacts } from '../../server/src/workspace/facts';
import { WorkspaceIndex } from '../../server/src/workspace/workspaceIndex';

export type Workspace = Record<string, string>;

export interface WorkspaceValidCase {
  name: string;
  files: Workspace;
}

export interface ExpectedCrossFinding {
  path: string;
  /** 1-based. */
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  message?: string | RegExp;
  severity?: Finding['severity'];
  /** Related locations: file and 1-based line, in order. */
  related?: { path: string; line: number }[];
}

export interface WorkspaceInvalidCase extends WorkspaceValidCase {
  errors: ExpectedCrossFinding[];
}

function kindOf(path: string): FileKind {
  const kind = detectKind(path);
  if (!kind) throw new Error(`test file ${path} has no file kind`);
  return kind;
}

export async function factsOf(path: string, text: string): Promise<FileFacts> {
  const kind = kindOf(path);
  await Promise.all([kind, ...factParsers(kind)].map((k) => prepareParser(k)));
  const doc = parseDocument({ path, kind, text });
  try {
    return extractFacts(doc);
  } finally {
    doc.dispose();
  }
}

export async function indexOf(files: Workspace): Promise<{ index: WorkspaceIndex; facts: Map<string, FileFacts> }> {
  const index = new WorkspaceIndex();
  const facts = new Map<string, FileFacts>();
  for (const [path, text] of Object.entries(files)) {
    const f = await factsOf(path, text);
    facts.set(path, f);
    index.update(path, f);
  }
  return { index, facts };
}

/** Every finding of `rule` in the workspace, per file (files in the order given). */
export async function lintWorkspaceFiles(rule: WorkspaceRule, files: Workspace): Promise<{ path: string; finding: Finding }[]> {
  const { index, facts } = await indexOf(files);
  const out: { path: string; finding: Finding }[] = [];
  for (const path of Object.keys(files)) {
    const found = lintWorkspace(facts.get(path), index, [{ rule, severity: rule.severity }], (r, error) => {
      throw new Error(`rule ${r.code} threw on ${path}: ${String((error as Error)?.stack ?? error)}`);
    });
    for (const finding of found) out.push({ path, finding });
  }
  return out;
}

/**
 * The findings of a single-file rule that reads the index (DUP001, CDC002) in the file `path`,
 * linted with the index of the whole workspace.
 */
export async function lintWithIndex(rule: Rule, path: string, files: Workspace): Promise<Finding[]> {
  const { index } = await indexOf(files);
  const kind = kindOf(path);
  const active = [{ rule, severity: rule.severity }];
  await prepareFor(kind, active);
  const doc = parseDocument({ path, kind, text: files[path]! });
  try {
    return lint(doc, active, (_rule, error) => assert.fail(String(error)), index);
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

function withSuppression(path: string, code: string, text: string, lines: number[]): string | undefined {
  const prefix = LINE_COMMENT[kindOf(path)];
  if (!prefix) return undefined;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const all = text.split(/\r?\n/);
  for (const line of [...new Set(lines)].sort((a, b) => b - a)) {
    const indent = /^\s*/.exec(all[line - 1] ?? '')![0];
    all.splice(line - 1, 0, `${indent}${prefix} pipeline-seams-ignore ${code} -- covered by the suppression check`);
  }
  return all.join(eol);
}

export function workspaceRuleTester(rule: WorkspaceRule, tests: { valid: WorkspaceValidCase[]; invalid: WorkspaceInvalidCase[] }): void {
  describe(`${rule.code} ${rule.name} (cross-file)`, () => {
    describe('valid', () => {
      for (const c of tests.valid) {
        it(c.name, async () => {
          const found = await lintWorkspaceFiles(rule, c.files);
          assert.deepEqual(found.map((f) => `${f.path}:${position(c.files[f.path]!, f.finding.start).line}: ${f.finding.message}`), [], 'a valid workspace must produce no finding');
        });
      }
    });

    describe('invalid', () => {
      for (const c of tests.invalid) {
        it(c.name, async () => {
          const found = await lintWorkspaceFiles(rule, c.files);
          const shown = found.map((f) => `  ${f.path}:${position(c.files[f.path]!, f.finding.start).line} ${f.finding.message}`).join('\n') || '  (none)';
          assert.equal(found.length, c.errors.length, `expected ${c.errors.length} finding(s), got:\n${shown}`);
          found.forEach(({ path, finding }, k) => {
            const want = c.errors[k]!;
            const text = c.files[path]!;
            assert.equal(path, want.path, `finding ${k + 1} is in another file`);
            const start = position(text, finding.start);
            const end = position(text, finding.end);
            assert.deepEqual(start, { line: want.line, column: want.column }, `finding ${k + 1} starts elsewhere: ${finding.message}`);
            if (want.endLine !== undefined) assert.equal(end.line, want.endLine, 'end line');
            if (want.endColumn !== undefined) assert.equal(end.column, want.endColumn, 'end column');
            if (typeof want.message === 'string') assert.equal(finding.message, want.message);
            else if (want.message) assert.match(finding.message, want.message);
            if (want.severity) assert.equal(finding.severity, want.severity);
            assert.ok(!/\n/.test(finding.message) && !/\.\s*$/.test(finding.message), 'message is one line without a trailing period');
            assert.ok(finding.start >= 0 && finding.end <= text.length && finding.start <= finding.end, 'range inside the file');
            const related = finding.related ?? [];
            assert.ok(related.length > 0, 'a cross-file finding names the places that explain it');
            for (const r of related) {
              const other = c.files[r.path];
              assert.ok(other !== undefined, `related location in an unknown file ${r.path}`);
              const lines = other.split(/\r?\n/);
              assert.ok(r.range.start.line < lines.length && r.range.start.character <= lines[r.range.start.line]!.length, 'related range inside its file');
              assert.ok(r.message.length > 0 && !/\n/.test(r.message), 'related message is one line');
            }
            if (want.related) assert.deepEqual(related.map((r) => ({ path: r.path, line: r.range.start.line + 1 })), want.related);
            if (rule.fixAvailability === 'none') assert.deepEqual(finding.fixes, [], `${rule.code} declares no fix`);
          });
          // suppression: a comment above each flagged line silences the finding there
          for (const path of new Set(found.map((f) => f.path))) {
            const lines = found.filter((f) => f.path === path).map((f) => position(c.files[path]!, f.finding.start).line);
            const suppressed = withSuppression(path, rule.code, c.files[path]!, lines);
            if (suppressed === undefined) continue;
            const after = await lintWorkspaceFiles(rule, { ...c.files, [path]: suppressed });
            assert.deepEqual(after.filter((f) => f.path === path).map((f) => f.finding.message), [], `a suppression comment must silence the finding in ${path}`);
          }
        });
      }
    });

    it('has valid and invalid cases for every file kind it reads', () => {
      for (const kind of rule.kinds) {
        assert.ok(tests.valid.some((c) => Object.keys(c.files).some((p) => kindOf(p) === kind)), `no valid case with a ${kind} file`);
        assert.ok(tests.invalid.some((c) => c.errors.some((e) => kindOf(e.path) === kind)), `no invalid case flagging a ${kind} file`);
      }
    });
  });
}
