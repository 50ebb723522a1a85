/**
 * Text edits the outbox fixes share: moving several statements (with the comment lines above
 * them) past an anchor in one edit set, inserting a line, and reading a statement's indentation.
 * Moved statements keep their text byte for byte.
 */
import type { Node } from 'web-tree-sitter';
import { ownLines, type LineSpan } from '../../code/moves';
import type { TextEdit } from '../../engine/types';
import type { CodeDocument, ParsedDocument } from '../../parsing/document';

/** The lines a statement owns, extended upwards over the comment lines directly above it. */
export function statementSpan(doc: CodeDocument, node: Node): LineSpan | undefined {
  const own = ownLines(doc, node);
  if (!own) return undefined;
  let start = own.start;
  let sibling = node.previousSibling;
  let nextRow = node.startPosition.row;
  while (sibling && doc.code.syntax.comment.has(sibling.type) && sibling.endPosition.row === nextRow - 1) {
    const lineStart = doc.lines.lineStart(sibling.startPosition.row);
    if (doc.text.slice(lineStart, sibling.startIndex).trim() !== '') break;
    start = lineStart;
    nextRow = sibling.startPosition.row;
    sibling = sibling.previousSibling;
  }
  return { start, end: own.end };
}

/**
 * Moves `statements` (in order, each owning its lines, all before `anchor`) to just after `anchor`,
 * with `prefix` (whole lines) inserted before them. Undefined when a statement or the anchor
 * shares its lines with other code.
 */
export function moveAfter(doc: CodeDocument, statements: Node[], anchor: Node, prefix = ''): TextEdit[] | undefined {
  const target = ownLines(doc, anchor);
  if (!target) return undefined;
  const spans: LineSpan[] = [];
  for (const s of statements) {
    const span = statementSpan(doc, s);
    if (!span || (span.start < target.end && span.end > target.start) || span.end > target.start) return undefined;
    spans.push(span);
  }
  let block = prefix;
  for (const span of spans) {
    let text = doc.text.slice(span.start, span.end);
    if (!text.endsWith('\n')) text += doc.eol;
    block += text;
  }
  const edits: TextEdit[] = spans.map((span) => ({ start: span.start, end: span.end, newText: '' }));
  const insertAt = target.end;
  if (insertAt === doc.text.length && !doc.text.endsWith('\n')) {
    // the anchor is the file's last line without a line break
    block = doc.eol + block.slice(0, block.length - doc.eol.length);
  }
  edits.push({ start: insertAt, end: insertAt, newText: block });
  return edits;
}

/** Inserts `line` (no line break) as a new line just before the statement's own lines (and its comments). */
export function insertLineBefore(doc: CodeDocument, statement: Node, line: string): TextEdit | undefined {
  const span = statementSpan(doc, statement);
  if (!span) return undefined;
  return { start: span.start, end: span.start, newText: line + doc.eol };
}

/** The leading whitespace of the line `node` starts on. */
export function indentOf(doc: ParsedDocument, node: Node | { startIndex: number }): string {
  const line = doc.lines.positionAt(node.startIndex).line;
  const start = doc.lines.lineStart(line);
  return /^[ \t]*/.exec(doc.text.slice(start, node.startIndex + 1))![0];
}

/** One indentation step as the file writes it (the smallest non-zero indent seen), defaulting to four spaces. */
export function indentUnit(doc: ParsedDocument): string {
  let best: string | undefined;
  for (const m of doc.text.matchAll(/^([ \t]+)\S/gm)) {
    const ws = m[1]!;
    if (ws.includes('\t')) return '\t';
    if (!best || ws.length < best.length) best = ws;
  }
  return best ?? '    ';
}
