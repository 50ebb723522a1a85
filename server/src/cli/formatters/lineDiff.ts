/**
 * A small line diff for showing what a fix changes: the changed lines of one fix with a line of
 * context, as `-`/`+`/` ` rows. Windows are small (one fix), so a plain LCS table is enough.
 */
import { changedRegion } from '../../engine/textDiff';

export interface DiffRow {
  sign: ' ' | '-' | '+';
  /** 1-based line in the old text (for ' ' and '-') or the new text (for '+'). */
  line: number;
  text: string;
}

const MAX_WINDOW = 400;

export function lineDiff(oldText: string, newText: string, context = 1): DiffRow[] {
  const region = changedRegion(oldText, newText);
  if (!region) return [];
  const oldLines = oldText.split(/\r?\n/);
  const newLines = newText.split(/\r?\n/);
  const lineOf = (text: string, offset: number) => text.slice(0, offset).split('\n').length - 1;
  const first = Math.max(0, lineOf(oldText, region.start) - context);
  const oldLast = Math.min(oldLines.length - 1, lineOf(oldText, region.oldEnd) + context);
  const newLast = Math.min(newLines.length - 1, lineOf(newText, region.newEnd) + context);
  const a = oldLines.slice(first, oldLast + 1);
  const b = newLines.slice(first, newLast + 1);
  if (a.length > MAX_WINDOW || b.length > MAX_WINDOW) {
    return [{ sign: ' ', line: first + 1, text: `(${a.length} lines replaced by ${b.length} lines)` }];
  }
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const rows: DiffRow[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      rows.push({ sign: ' ', line: first + i + 1, text: a[i]! });
      i++;
      j++;
    } else if (i < a.length && (j >= b.length || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) {
      // on a tie, show the removal first: a moved statement reads as leaving, then arriving
      rows.push({ sign: '-', line: first + i + 1, text: a[i]! });
      i++;
    } else {
      rows.push({ sign: '+', line: first + j + 1, text: b[j]! });
      j++;
    }
  }
  // blank context lines at the edges add nothing
  while (rows.length && rows[0]!.sign === ' ' && rows[0]!.text.trim() === '') rows.shift();
  while (rows.length && rows.at(-1)!.sign === ' ' && rows.at(-1)!.text.trim() === '') rows.pop();
  return rows;
}
