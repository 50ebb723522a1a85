/**
 * Messages and fix titles quote the workspace (a slot name, a column, a call), and a quoted value
 * may itself hold backticks or markdown. Rendered as-is in a hover, `` s` ![x](https://…) ` `` would
 * close the code span and load a remote image. Here clean code spans stay code spans and everything
 * else is escaped, so no text from a document can become a link, an image or HTML.
 */

const SPECIAL = /[\\`*_{}[\]()#+\-.!|<>~]/g;

function escapeText(text: string): string {
  return text.replace(SPECIAL, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

/** A finding's message or fix title as markdown that renders exactly its text. */
export function safeMarkdown(text: string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(/`([^`\r\n]+)`/g)) {
    out += escapeText(text.slice(last, m.index));
    out += `\`${m[1]}\``;
    last = m.index + m[0].length;
  }
  return out + escapeText(text.slice(last));
}
