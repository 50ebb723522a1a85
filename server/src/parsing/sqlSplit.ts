/**
 * Splits PostgreSQL text into statements, so that one statement the parser rejects does not
 * hide the others. Knows every construct that may contain a semicolon without ending the
 * statement: quoted strings (incl. E'' escapes), quoted identifiers, dollar quotes with tags,
 * nested block comments, line comments, and SQL-standard `BEGIN ATOMIC … END` bodies.
 */

export interface SqlChunk {
  /** Offset of the statement's first token (leading comments and blanks excluded). */
  start: number;
  /** Offset just past the statement's last token (the `;` excluded). */
  end: number;
  /** Offset just past the terminating `;`, or `end` when the statement runs to the end of text. */
  terminatorEnd: number;
  /** A psql meta-command line (`\i file`, `\set x 1`), which the server-side parser cannot read. */
  meta: boolean;
  /** True when the text ended inside a string, identifier, dollar quote or comment. */
  unterminated: boolean;
}

export interface SqlComment {
  start: number;
  end: number;
}

export interface SqlSplit {
  chunks: SqlChunk[];
  comments: SqlComment[];
}

const IDENT_START = /[A-Za-z_\u0080-\uffff]/;
const IDENT_PART = /[A-Za-z0-9_$\u0080-\uffff]/;

export function splitSql(text: string): SqlSplit {
  const chunks: SqlChunk[] = [];
  const comments: SqlComment[] = [];
  const n = text.length;
  let i = 0;
  let start = -1; // first token of the current statement
  let lastTokenEnd = -1;
  let atomicDepth = 0; // inside BEGIN ATOMIC … END
  let caseDepth = 0; // CASE … END nested in an atomic body
  let prevWord = '';
  let unterminated = false;

  const beginToken = (at: number) => {
    if (start === -1) start = at;
  };
  const finish = (terminatorEnd: number) => {
    if (start !== -1) {
      chunks.push({ start, end: lastTokenEnd, terminatorEnd, meta: false, unterminated });
    }
    start = -1;
    lastTokenEnd = -1;
    atomicDepth = 0;
    caseDepth = 0;
    prevWord = '';
    unterminated = false;
  };

  while (i < n) {
    const c = text[i]!;
    const next = text[i + 1];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f') {
      i++;
      continue;
    }
    if (c === '-' && next === '-') {
      const eol = findLineEnd(text, i);
      comments.push({ start: i, end: eol });
      i = eol;
      continue;
    }
    if (c === '/' && next === '*') {
      const end = skipBlockComment(text, i);
      if (end < 0) {
        comments.push({ start: i, end: n });
        if (start !== -1) unterminated = true;
        i = n;
        continue;
      }
      comments.push({ start: i, end });
      i = end;
      continue;
    }
    if (c === '\\' && start === -1) {
      // psql meta-command: runs to the end of the line
      const eol = findLineEnd(text, i);
      chunks.push({ start: i, end: eol, terminatorEnd: eol, meta: true, unterminated: false });
      i = eol;
      continue;
    }
    beginToken(i);
    if (c === ';') {
      if (atomicDepth > 0) {
        lastTokenEnd = ++i;
        continue;
      }
      finish(i + 1);
      i++;
      continue;
    }
    if (c === "'") {
      const escapes = i > 0 && /[eE]/.test(text[i - 1]!) && (i < 2 || !IDENT_PART.test(text[i - 2]!));
      const end = skipQuoted(text, i, "'", escapes);
      if (end < 0) {
        unterminated = true;
        i = lastTokenEnd = n;
        continue;
      }
      i = lastTokenEnd = end;
      prevWord = '';
      continue;
    }
    if (c === '"') {
      const end = skipQuoted(text, i, '"', false);
      if (end < 0) {
        unterminated = true;
        i = lastTokenEnd = n;
        continue;
      }
      i = lastTokenEnd = end;
      prevWord = '';
      continue;
    }
    if (c === '$') {
      const tag = dollarTag(text, i);
      if (tag !== undefined) {
        const close = text.indexOf(tag, i + tag.length);
        if (close < 0) {
          unterminated = true;
          i = lastTokenEnd = n;
          continue;
        }
        i = lastTokenEnd = close + tag.length;
        prevWord = '';
        continue;
      }
      i = lastTokenEnd = i + 1;
      continue;
    }
    if (IDENT_START.test(c)) {
      let j = i + 1;
      while (j < n && IDENT_PART.test(text[j]!)) j++;
      const word = text.slice(i, j).toUpperCase();
      if (word === 'ATOMIC' && prevWord === 'BEGIN') atomicDepth++;
      else if (atomicDepth > 0 && word === 'CASE') caseDepth++;
      else if (atomicDepth > 0 && word === 'END') {
        if (caseDepth > 0) caseDepth--;
        else atomicDepth--;
      }
      prevWord = word;
      i = lastTokenEnd = j;
      continue;
    }
    prevWord = '';
    i = lastTokenEnd = i + 1;
  }
  finish(n);
  return { chunks, comments };
}

function findLineEnd(text: string, from: number): number {
  const nl = text.indexOf('\n', from);
  if (nl < 0) return text.length;
  return nl > from && text[nl - 1] === '\r' ? nl - 1 : nl;
}

/** Returns the offset after the comment, or -1 when it never closes. Comments nest in PostgreSQL. */
function skipBlockComment(text: string, from: number): number {
  let depth = 0;
  let i = from;
  while (i < text.length) {
    if (text[i] === '/' && text[i + 1] === '*') {
      depth++;
      i += 2;
    } else if (text[i] === '*' && text[i + 1] === '/') {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else i++;
  }
  return -1;
}

function skipQuoted(text: string, from: number, quote: string, backslashEscapes: boolean): number {
  let i = from + 1;
  while (i < text.length) {
    const c = text[i];
    if (backslashEscapes && c === '\\') {
      i += 2;
      continue;
    }
    if (c === quote) {
      if (text[i + 1] === quote) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i++;
  }
  return -1;
}

/** `$$` or `$tag$` at `from`, or undefined for a positional parameter (`$1`) or a lone `$`. */
function dollarTag(text: string, from: number): string | undefined {
  if (from > 0 && IDENT_PART.test(text[from - 1]!)) return undefined; // part of an identifier
  let j = from + 1;
  if (text[j] === '$') return '$$';
  if (j >= text.length || !IDENT_START.test(text[j]!)) return undefined;
  while (j < text.length && /[A-Za-z0-9_\u0080-\uffff]/.test(text[j]!)) j++;
  return text[j] === '$' ? text.slice(from, j + 1) : undefined;
}
