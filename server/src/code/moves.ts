/**
 * Moving whole statements: the edit behind "move the commit after the side effect" and "publish
 * before you mark". A statement moves with its own lines intact (trailing comment included) and
 * the comment lines directly above it; nothing else in the file changes.
 */
import type { Node } from 'web-tree-sitter';
import type { CodeDocument } from '../parsing/document';
import type { TextEdit } from '../engine/types';

export interface LineSpan {
  /** Offset of the first line's start. */
  start: number;
  /** Offset after the last line's line break (or the end of text). */
  end: number;
}

/**
 * The full lines a statement occupies, when it has them to itself (only blanks before it on its
 * first line, only blanks or a comment after it on its last line). Undefined otherwise.
 */
export function ownLines(doc: CodeDocument, node: Node): LineSpan | undefined {
  const first = node.startPosition.row;
  const last = node.endPosition.row;
  const lineStart = doc.lines.lineStart(first);
  if (doc.text.slice(lineStart, node.startIndex).trim() !== '') return undefined;
  const lineEnd = doc.lines.lineEnd(last);
  const after = doc.text.slice(node.endIndex, lineEnd);
  if (!isBlankOrComment(doc, after, node.endIndex)) return undefined;
  return { start: lineStart, end: doc.lines.lineEndIncludingBreak(last) };
}

function isBlankOrComment(doc: CodeDocument, after: string, from: number): boolean {
  const trimmed = after.replace(/^[\s;]*/, '');
  if (trimmed === '') return true;
  const leaf = doc.tree.rootNode.descendantForIndex(from + after.indexOf(trimmed[0]!));
  return !!leaf && doc.code.syntax.comment.has(leaf.type);
}

/** Comment lines directly above `node` (no blank line between), which travel with it. */
function attachedCommentStart(doc: CodeDocument, node: Node, span: LineSpan): number {
  let start = span.start;
  let sibling = node.previousSibling;
  let nextRow = node.startPosition.row;
  while (sibling && doc.code.syntax.comment.has(sibling.type) && sibling.endPosition.row === nextRow - 1) {
    const own = doc.text.slice(doc.lines.lineStart(sibling.startPosition.row), sibling.startIndex).trim() === '';
    if (!own) break;
    start = doc.lines.lineStart(sibling.startPosition.row);
    nextRow = sibling.startPosition.row;
    sibling = sibling.previousSibling;
  }
  return start;
}

/**
 * Edits that move `statement` to just after `anchor` (a later statement in the same list), or
 * undefined when either does not own its lines.
 */
export function moveStatementAfter(doc: CodeDocument, statement: Node, anchor: Node): TextEdit[] | undefined {
  const moved = ownLines(doc, statement);
  const target = ownLines(doc, anchor);
  if (!moved || !target || target.start < moved.end) return undefined;
  const from = attachedCommentStart(doc, statement, moved);
  let block = doc.text.slice(from, moved.end);
  const insertAt = target.end;
  let prefix = '';
  if (!block.endsWith('\n')) block += doc.eol;
  if (insertAt === doc.text.length && !doc.text.endsWith('\n')) {
    // the anchor is the file's last line without a line break
    prefix = doc.eol;
    block = block.slice(0, block.length - doc.eol.length);
  }
  return [
    { start: from, end: moved.end, newText: '' },
    { start: insertAt, end: insertAt, newText: prefix + block },
  ];
}
