/**
 * `pipeline-seams-ignore CODE[, CODE…] -- reason` in a comment silences those rules on the line
 * the comment ends (a trailing comment) or, for a comment on a line of its own, on the next line
 * that is not itself a comment (so several suppressions can stand above one line).
 */
import type { ParsedDocument } from '../parsing/document';

export const SUPPRESSION_PATTERN = /pipeline-seams-ignore\s+([A-Z]{3}\d{3}(?:\s*,\s*[A-Z]{3}\d{3})*)(?:\s+--\s*(.*))?/;

export interface Suppression {
  /** 0-based line the suppression applies to. */
  line: number;
  codes: string[];
  reason: string | undefined;
}

export function findSuppressions(doc: ParsedDocument): Suppression[] {
  if (!doc.text.includes('pipeline-seams-ignore')) return [];
  const comments = doc.comments();
  // lines holding nothing but a comment: stacked suppressions above a line all apply to it
  const commentOnly = new Set<number>();
  for (const c of comments) {
    const start = doc.lines.positionAt(c.start);
    const end = doc.lines.positionAt(c.end);
    if (doc.text.slice(doc.lines.lineStart(start.line), c.start).trim() !== '') continue;
    if (doc.text.slice(c.end, doc.lines.lineEnd(end.line)).trim() !== '') continue;
    for (let l = start.line; l <= end.line; l++) commentOnly.add(l);
  }
  const out: Suppression[] = [];
  for (const comment of comments) {
    const text = doc.text.slice(comment.start, comment.end);
    const m = SUPPRESSION_PATTERN.exec(text);
    if (!m) continue;
    const codes = m[1]!.split(',').map((c) => c.trim());
    const reason = m[2]?.replace(/\*\/\s*$/, '').trim() || undefined;
    const start = doc.lines.positionAt(comment.start);
    const end = doc.lines.positionAt(comment.end);
    const before = doc.text.slice(doc.lines.lineStart(start.line), comment.start);
    const ownLine = before.trim() === '';
    let line = end.line;
    if (ownLine) {
      line = end.line + 1;
      while (commentOnly.has(line)) line++;
    }
    out.push({ line, codes, reason });
  }
  return out;
}

export function isSuppressed(suppressions: Suppression[], code: string, line: number): boolean {
  return suppressions.some((s) => s.line === line && s.codes.includes(code));
}
