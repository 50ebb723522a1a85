/**
 * Applying fixes. A fix's edits apply together or not at all; fixes that overlap one already
 * taken wait for the next pass. Passes repeat (re-parse, re-lint) until nothing applies, so fixes
 * that touch the same region converge instead of fighting.
 */
import { parseDocument, type SourceFile } from '../parsing/document';
import { applicableRules, lint, prepareFor, type RuleErrorHandler } from './lint';
import type { WorkspaceIndex } from '../workspace/workspaceIndex';
import type { ActiveRule, Finding, Fix, TextEdit } from './types';

export const MAX_FIX_PASSES = 10;

/** Applies as many of `fixes` as do not overlap, in order. Returns the new text and the fixes taken. */
export function applyFixes(text: string, fixes: readonly Fix[]): { text: string; applied: Fix[] } {
  const taken: TextEdit[] = [];
  const applied: Fix[] = [];
  for (const fix of fixes) {
    const edits = [...fix.edits].sort((a, b) => a.start - b.start);
    if (edits.some((e) => e.start < 0 || e.end > text.length || e.end < e.start)) continue;
    if (overlapsEachOther(edits)) continue;
    if (edits.some((e) => taken.some((t) => overlaps(e, t)))) continue;
    taken.push(...edits);
    applied.push(fix);
  }
  taken.sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const e of taken) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return { text: out, applied };
}

function overlaps(a: TextEdit, b: TextEdit): boolean {
  if (a.start < b.end && b.start < a.end) return true;
  // Two insertions at one point conflict too: their order would be arbitrary.
  return a.start === a.end && b.start === b.end && a.start === b.start;
}

function overlapsEachOther(edits: TextEdit[]): boolean {
  for (let i = 1; i < edits.length; i++) if (overlaps(edits[i - 1]!, edits[i]!)) return true;
  return false;
}

/** The first fix of a finding that the caller allows. */
export function allowedFix(finding: Finding, allowUnsafe: boolean): Fix | undefined {
  return finding.fixes.find((f) => f.safety === 'safe' || allowUnsafe);
}

export interface FixAllResult {
  text: string;
  /** Number of fixes applied over all passes. */
  fixed: number;
  /** Findings left in the final text. */
  remaining: Finding[];
  passes: number;
}

/**
 * Applies safe fixes (and unsafe ones when `allowUnsafe`) to a fixpoint. With `workspace`, rules
 * that read the other files see them, so a fix does not add what another file already provides.
 */
export async function fixAll(
  file: SourceFile,
  rules: readonly ActiveRule[],
  options: { allowUnsafe: boolean; onRuleError?: RuleErrorHandler; workspace?: WorkspaceIndex },
): Promise<FixAllResult> {
  await prepareFor(file.kind, rules);
  let text = file.text;
  let fixed = 0;
  for (let pass = 1; ; pass++) {
    if (applicableRules(file.kind, text, rules).length === 0) return { text, fixed, remaining: [], passes: pass };
    const doc = parseDocument({ ...file, text });
    let findings: Finding[];
    try {
      findings = lint(doc, rules, options.onRuleError, options.workspace);
    } finally {
      doc.dispose();
    }
    const fixes = findings.map((f) => allowedFix(f, options.allowUnsafe)).filter((f): f is Fix => f !== undefined);
    if (fixes.length === 0 || pass > MAX_FIX_PASSES) return { text, fixed, remaining: findings, passes: pass };
    const result = applyFixes(text, fixes);
    if (result.applied.length === 0 || result.text === text) {
      return { text, fixed, remaining: findings, passes: pass };
    }
    text = result.text;
    fixed += result.applied.length;
  }
}
