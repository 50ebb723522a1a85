/**
 * `--format json`: the stable contract other tools read.
 * `{"version": 1, "findings": [{path, ruleId, ruleName, severity, message, range, fixes}]}` with
 * paths relative to the working directory and 1-based lines and columns (columns in UTF-16 code units).
 */
import type { Finding } from '../../engine/types';
import { LineIndex } from '../../parsing/lineIndex';
import { displayPath, type CheckResult } from '../check';

interface JsonRange {
  start: { line: number; column: number };
  end: { line: number; column: number };
}

export function jsonRange(lines: LineIndex, start: number, end: number): JsonRange {
  const s = lines.positionAt(start);
  const e = lines.positionAt(end);
  return { start: { line: s.line + 1, column: s.character + 1 }, end: { line: e.line + 1, column: e.character + 1 } };
}

export function jsonFinding(path: string, lines: LineIndex, f: Finding, cwd: string) {
  return {
    path,
    ruleId: f.ruleId,
    ruleName: f.ruleName,
    severity: f.severity,
    message: f.message,
    range: jsonRange(lines, f.start, f.end),
    fixes: f.fixes.map((fix) => ({
      title: fix.title,
      safety: fix.safety,
      edits: fix.edits.map((e) => ({ range: jsonRange(lines, e.start, e.end), newText: e.newText })),
    })),
    // cross-file findings point at the file that explains them (an addition to version 1: optional)
    ...(f.related?.length
      ? {
          related: f.related.map((r) => ({
            path: displayPath(r.path, cwd),
            range: {
              start: { line: r.range.start.line + 1, column: r.range.start.character + 1 },
              end: { line: r.range.end.line + 1, column: r.range.end.character + 1 },
            },
            message: r.message,
          })),
        }
      : {}),
  };
}

export function formatJson(result: CheckResult): string {
  const findings = result.files.flatMap((file) => {
    const lines = new LineIndex(file.text);
    return file.findings.map((f) => jsonFinding(file.displayPath, lines, f, result.cwd));
  });
  return JSON.stringify({ version: 1, findings }, null, 2) + '\n';
}
