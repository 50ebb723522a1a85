/**
 * Human output: one block per finding with a code frame, the fix on offer, and (with --show-fixes)
 * the fix as a diff; then a summary. Colour only on a terminal that wants it.
 */
import { applyFixes } from '../../engine/fixes';
import type { Finding } from '../../engine/types';
import { redactSecrets } from '../../engine/secrets';
import { LineIndex } from '../../parsing/lineIndex';
import { displayPath, type CheckResult, type FileResult } from '../check';
import { lineDiff } from './lineDiff';

export interface TextOptions {
  color: boolean;
  showFixes: boolean;
  /** The run applied fixes (--fix): the summary says how many. */
  fixing: boolean;
  unsafeFixes: boolean;
}

type Paint = (code: string, s: string) => string;

export function formatText(result: CheckResult, options: TextOptions): string {
  const paint: Paint = options.color ? (code, s) => `\u001b[${code}m${s}\u001b[0m` : (_c, s) => s;
  const blocks: string[] = [];
  for (const file of result.files) {
    const lines = new LineIndex(file.text);
    for (const finding of file.findings) blocks.push(formatFinding(file, lines, finding, options, paint, result.cwd));
  }
  const out = blocks.join('\n\n');
  return (out ? `${out}\n\n` : '') + summary(result, options) + '\n';
}

function formatFinding(file: FileResult, lines: LineIndex, f: Finding, options: TextOptions, paint: Paint, cwd: string): string {
  const start = lines.positionAt(f.start);
  const end = lines.positionAt(f.end);
  const severityColor = f.severity === 'error' ? '31' : f.severity === 'warning' ? '33' : '36';
  const head = `${paint('1', `${file.displayPath}:${start.line + 1}:${start.character + 1}:`)} ${paint(`1;${severityColor}`, f.ruleId)} ${f.message}`;
  const frame = codeFrame(lines, start.line, end.line, start.character, end.character, paint);
  const rows = [head, ...frame];
  const gutter = ' '.repeat(String(Math.min(lines.lineCount, end.line + 2)).length + 1);
  for (const r of f.related ?? []) {
    rows.push(`${gutter}= see ${displayPath(r.path, cwd)}:${r.range.start.line + 1}:${r.range.start.character + 1}: ${r.message}`);
  }
  for (const fix of f.fixes) {
    const label = fix.safety === 'safe' ? paint('32', 'fix (safe)') : paint('33', 'fix (unsafe)');
    rows.push(`${gutter}= ${label}: ${fix.title}`);
    if (options.showFixes) {
      const fixed = applyFixes(file.text, [fix]).text;
      for (const row of lineDiff(file.text, fixed)) {
        const color = row.sign === '-' ? '31' : row.sign === '+' ? '32' : '2';
        rows.push(`${gutter}  ${paint(color, `${row.sign} ${shown(row.text)}`)}`.trimEnd());
      }
    }
  }
  return rows.join('\n');
}

function codeFrame(lines: LineIndex, startLine: number, endLine: number, startCol: number, endCol: number, paint: Paint): string[] {
  const first = Math.max(0, startLine - 1);
  const last = Math.min(lines.lineCount - 1, Math.max(endLine, startLine) + 1);
  const width = String(last + 1).length;
  const bar = paint('34', `${' '.repeat(width)} |`);
  const out = [bar];
  for (let line = first; line <= last; line++) {
    const raw = lines.lineText(line);
    if (line !== startLine) {
      out.push(`${paint('34', `${String(line + 1).padStart(width)} |`)} ${shown(raw)}`);
      continue;
    }
    // Redact the flagged line piece by piece so the carets still point at the finding.
    const endAt = line === endLine ? endCol : raw.length;
    const before = shown(raw.slice(0, startCol));
    const flagged = shown(raw.slice(startCol, endAt));
    out.push(`${paint('34', `${String(line + 1).padStart(width)} |`)} ${before}${flagged}${shown(raw.slice(endAt))}`);
    out.push(`${bar} ${' '.repeat(before.length)}${paint('1;31', '^'.repeat(Math.max(1, flagged.length)))}`);
  }
  out.push(bar);
  return out;
}

/** A source line as printed: tabs expanded, credentials masked. */
function shown(s: string): string {
  return redactSecrets(s.replace(/\t/g, '    '));
}

function summary(result: CheckResult, options: TextOptions): string {
  const all = result.files.flatMap((f) => f.findings);
  const fixedCount = result.files.reduce((n, f) => n + f.fixed, 0);
  const files = `${result.checkedFiles} file${result.checkedFiles === 1 ? '' : 's'}`;
  const fixedNote = options.fixing ? `Fixed ${fixedCount} finding${fixedCount === 1 ? '' : 's'}. ` : '';
  if (all.length === 0) return `${fixedNote}All checks passed (${files} checked).`;
  const safe = all.filter((f) => f.fixes.some((x) => x.safety === 'safe')).length;
  const unsafe = all.filter((f) => f.fixes.length > 0 && !f.fixes.some((x) => x.safety === 'safe')).length;
  const inFiles = new Set(result.files.filter((f) => f.findings.length > 0).map((f) => f.path)).size;
  const parts: string[] = [];
  if (safe) parts.push(`${safe} fixable with \`--fix\``);
  if (unsafe) parts.push(`${unsafe} more with \`--fix --unsafe-fixes\``);
  const remaining = options.fixing ? ' remaining' : '';
  return `${fixedNote}Found ${all.length} finding${all.length === 1 ? '' : 's'}${remaining} in ${inFiles} of ${files}${parts.length ? ` (${parts.join(', ')})` : ''}.`;
}
