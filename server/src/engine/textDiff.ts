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

/**
 * Texts are compared a block at a time first: comparing two slices is one native compare, while a
 * character loop over a large file costs a fraction of a millisecond on every keystroke.
 */
const BLOCK = 512;

export function changedRegion(oldText: string, newText: string): ChangedRegion | undefined {
  if (oldText === newText) return undefined;
  const max = Math.min(oldText.length, newText.length);
  let start = 0;
  while (start + BLOCK <= max && oldText.slice(start, start + BLOCK) === newText.slice(start, start + BLOCK)) start += BLOCK;
  while (start < max && oldText.charCodeAt(start) === newText.charCodeAt(start)) start++;
  let oldEnd = oldText.length;
  let newEnd = newText.length;
  while (oldEnd - BLOCK >= start && newEnd - BLOCK >= start && oldText.slice(oldEnd - BLOCK, oldEnd) === newText.slice(newEnd - BLOCK, newEnd)) {
    oldEnd -= BLOCK;
    newEnd -= BLOCK;
  }
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
