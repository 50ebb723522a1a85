/**
 * Writing code into a user's file the way the file is written: its indentation unit, the
 * indentation of a given line, and blocks of generated lines re-indented to sit at a depth.
 */
import type { CodeDocument } from '../../parsing/document';

/** The whitespace at the start of the line that holds `offset`. */
export function lineIndent(doc: CodeDocument, offset: number): string {
  const line = doc.lines.positionAt(offset).line;
  const start = doc.lines.lineStart(line);
  return /^[ \t]*/.exec(doc.text.slice(start, doc.lines.lineEnd(line)))![0];
}

const DEFAULT_UNIT: Record<CodeDocument['kind'], string> = {
  python: '    ',
  java: '    ',
  go: '\t',
  typescript: '  ',
  tsx: '  ',
  javascript: '  ',
};

/** One level of indentation in this file: a tab, or the smallest step between indented lines. */
export function indentUnit(doc: CodeDocument): string {
  if (doc.kind === 'go') return '\t';
  let smallest = 0;
  let tabs = 0;
  let spaces = 0;
  for (const m of doc.text.matchAll(/^([ \t]+)\S/gm)) {
    const ws = m[1]!;
    if (ws.startsWith('\t')) tabs++;
    else {
      spaces++;
      if (smallest === 0 || ws.length < smallest) smallest = ws.length;
    }
  }
  if (tabs > spaces) return '\t';
  if (smallest >= 2 && smallest <= 8) return ' '.repeat(smallest);
  return DEFAULT_UNIT[doc.kind];
}

/**
 * Lines written with `\t` per level (and no base indentation), turned into the file's unit and
 * moved to `base`, joined with the file's line ending. Empty lines stay empty.
 */
export function indentBlock(lines: readonly string[], base: string, unit: string, eol: string): string {
  return lines
    .map((line) => {
      if (line.trim() === '') return '';
      const depth = /^\t*/.exec(line)![0].length;
      return base + unit.repeat(depth) + line.slice(depth);
    })
    .join(eol);
}
