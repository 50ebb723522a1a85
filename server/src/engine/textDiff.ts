/**
 * The smallest single region in which two texts differ: what tree-sitter needs to re-parse
 * incrementally, and what a fix-all edit should replace so the rest of the buffer (and the
 * cursor) stays untouched.
 */

export interface ChangedRegion {
  start: number;
  /** End of the region in the old text. */
  oldEnd: number;
  /** End of the region in the new text. */
  newEnd: number;
}

export function changedRegion(oldText: string, newText: string): ChangedRegion | undefined {
  if (oldText === newText) return undefined;
  const max = Math.min(oldText.length, newText.length);
  let start = 0;
  while (start < max && oldText.charCodeAt(start) === newText.charCodeAt(start)) start++;
  let oldEnd = oldText.length;
  let newEnd = newText.length;
  while (oldEnd > start && newEnd > start && oldText.charCodeAt(oldEnd - 1) === newText.charCodeAt(newEnd - 1)) {
    oldEnd--;
    newEnd--;
  }
  // never split a surrogate pair or a CRLF
  while (start > 0 && (isLowSurrogate(oldText.charCodeAt(start)) || (oldText[start] === '\n' && oldText[start - 1] === '\r'))) start--;
  return { start, oldEnd, newEnd };
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}
