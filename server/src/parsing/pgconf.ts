/**
 * `postgresql.conf`: one `name = value` per line (the `=` is optional), values bare or in single
 * quotes (`''` or `\'` inside), `#` comments. Parameter names are case-insensitive.
 */

export interface ConfEntry {
  /** Lower-cased parameter name. */
  name: string;
  /** Unquoted value. */
  value: string;
  nameStart: number;
  nameEnd: number;
  valueStart: number;
  valueEnd: number;
  /** Offsets of the whole line (without its line break). */
  lineStart: number;
  lineEnd: number;
}

export interface PgConfParseResult {
  entries: ConfEntry[];
  comments: { start: number; end: number }[];
  errors: { message: string; offset: number }[];
}

const NAME = /[A-Za-z_][A-Za-z0-9_.]*/y;

export function parsePgConf(text: string): PgConfParseResult {
  const entries: ConfEntry[] = [];
  const comments: { start: number; end: number }[] = [];
  const errors: { message: string; offset: number }[] = [];
  let lineStart = 0;
  while (lineStart < text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const contentEnd = text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
    parseLine(text, lineStart, contentEnd, entries, comments, errors);
    lineStart = lineEnd + 1;
  }
  return { entries, comments, errors };
}

function parseLine(
  text: string,
  start: number,
  end: number,
  entries: ConfEntry[],
  comments: { start: number; end: number }[],
  errors: { message: string; offset: number }[],
): void {
  let i = start;
  while (i < end && (text[i] === ' ' || text[i] === '\t')) i++;
  if (i >= end) return;
  if (text[i] === '#') {
    comments.push({ start: i, end });
    return;
  }
  NAME.lastIndex = i;
  const m = NAME.exec(text);
  if (!m || m.index !== i || NAME.lastIndex > end) {
    errors.push({ message: 'expected a parameter name', offset: i });
    return;
  }
  const nameStart = i;
  const nameEnd = NAME.lastIndex;
  i = nameEnd;
  while (i < end && (text[i] === ' ' || text[i] === '\t')) i++;
  if (text[i] === '=') i++;
  while (i < end && (text[i] === ' ' || text[i] === '\t')) i++;
  let valueStart = i;
  let valueEnd = i;
  let value = '';
  if (text[i] === "'") {
    let j = i + 1;
    let closed = false;
    while (j < end) {
      if (text[j] === '\\' && j + 1 < end) {
        value += text[j + 1];
        j += 2;
        continue;
      }
      if (text[j] === "'") {
        if (text[j + 1] === "'") {
          value += "'";
          j += 2;
          continue;
        }
        closed = true;
        j++;
        break;
      }
      value += text[j];
      j++;
    }
    if (!closed) errors.push({ message: 'unterminated quoted value', offset: i });
    valueEnd = j;
    i = j;
  } else {
    let j = i;
    while (j < end && text[j] !== '#' && text[j] !== ' ' && text[j] !== '\t') j++;
    value = text.slice(i, j);
    valueStart = i;
    valueEnd = j;
    i = j;
  }
  const hash = text.indexOf('#', i);
  if (hash >= 0 && hash < end) comments.push({ start: hash, end });
  entries.push({
    name: text.slice(nameStart, nameEnd).toLowerCase(),
    value,
    nameStart,
    nameEnd,
    valueStart,
    valueEnd,
    lineStart: start,
    lineEnd: end,
  });
}
