/**
 * Command-line words with source ranges, from the places PostgreSQL server flags are written:
 * a shell-like command string (a compose `command:` string, a `pg_ctl -o "…"` option string),
 * YAML sequence items, and tree-sitter bash words. Each word knows how to append more words
 * right after itself in its container's syntax, so a fix can add a flag next to a related one.
 */
import type { TextEdit } from '../../engine/types';

export interface ArgToken {
  /** The word as the program receives it; undefined when it depends on an expansion. */
  value: string | undefined;
  /** The part of the word known before its first expansion (all of it when `value` is known). */
  knownPrefix: string;
  /** Source range of the whole word (quotes included). */
  start: number;
  end: number;
  /** Source offset where `value` starts, when the source spells `value` character for character. */
  exactStart: number | undefined;
  /** Adds words right after this one. */
  append(words: readonly string[]): TextEdit[] | undefined;
}

export interface SplitOptions {
  /** Base offset of `text` in the document. */
  base: number;
  /** Appends after the word ending at this document offset. */
  append(wordEnd: number, words: readonly string[]): TextEdit[] | undefined;
}

/**
 * Splits a command string the way a POSIX shell splits words (quotes, backslashes), without
 * expanding anything: a word with `$` outside single quotes has no known value.
 */
export function splitCommandString(text: string, options: SplitOptions): ArgToken[] {
  const out: ArgToken[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (i >= text.length) break;
    const start = i;
    let value = '';
    let known = true;
    let knownPrefix: string | undefined;
    let verbatim = true;
    while (i < text.length && !/\s/.test(text[i]!)) {
      const c = text[i]!;
      if (c === "'") {
        const close = text.indexOf("'", i + 1);
        const stop = close < 0 ? text.length : close;
        value += text.slice(i + 1, stop);
        i = close < 0 ? text.length : close + 1;
        verbatim = false;
      } else if (c === '"') {
        i++;
        while (i < text.length && text[i] !== '"') {
          if (text[i] === '\\' && i + 1 < text.length) {
            value += text[i + 1];
            i += 2;
            continue;
          }
          if (text[i] === '$' && known) {
            known = false;
            knownPrefix = value;
          }
          value += text[i];
          i++;
        }
        i++;
        verbatim = false;
      } else if (c === '\\' && i + 1 < text.length) {
        value += text[i + 1];
        i += 2;
        verbatim = false;
      } else {
        if ((c === '$' || c === '`') && known) {
          known = false;
          knownPrefix = value;
        }
        value += c;
        i++;
      }
    }
    const end = Math.min(i, text.length);
    const raw = text.slice(start, end);
    const quotedWhole = /^(['"])[^'"\\$]*\1$/.test(raw);
    const exactStart = verbatim ? options.base + start : quotedWhole ? options.base + start + 1 : undefined;
    out.push({
      value: known ? value : undefined,
      knownPrefix: knownPrefix ?? value,
      start: options.base + start,
      end: options.base + end,
      exactStart,
      append: (words) => options.append(options.base + end, words),
    });
  }
  return out;
}
