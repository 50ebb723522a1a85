/**
 * Offsets ↔ positions. Every range inside the engine is a pair of UTF-16 offsets into the
 * document text (what JavaScript strings and LSP count); lines and columns are derived here.
 */

export interface Position {
  /** 0-based line. */
  line: number;
  /** 0-based UTF-16 column. */
  character: number;
}

export class LineIndex {
  private readonly starts: number[];

  constructor(private readonly text: string) {
    const starts = [0];
    if (!text.includes('\r')) {
      // the common case, found by the engine's native search (a character loop costs 0.1–0.2 ms per keystroke in a large file)
      for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
      this.starts = starts;
      return;
    }
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    this.starts = starts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: clamped - this.starts[lo]! };
  }

  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.starts.length) return this.text.length;
    const start = this.starts[position.line]!;
    const end = this.lineEnd(position.line);
    return Math.max(start, Math.min(start + position.character, end));
  }

  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))]!;
  }

  /** Offset of the end of the line's content (before its line break). */
  lineEnd(line: number): number {
    const next = line + 1 < this.starts.length ? this.starts[line + 1]! : this.text.length;
    let end = next;
    if (end > this.starts[line]! && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > this.starts[line]! && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }

  /** Offset just past the line's line break (the start of the next line, or the text's end). */
  lineEndIncludingBreak(line: number): number {
    return line + 1 < this.starts.length ? this.starts[line + 1]! : this.text.length;
  }

  lineText(line: number): string {
    return this.text.slice(this.lineStart(line), this.lineEnd(line));
  }
}

/** The line break a document uses most, so inserted lines match it. */
export function detectEol(text: string): '\n' | '\r\n' {
  const crlf = text.indexOf('\r\n');
  if (crlf === -1) return '\n';
  const lf = text.indexOf('\n');
  return lf === crlf + 1 ? '\r\n' : '\n';
}

/** Maps UTF-8 byte offsets (what libpg-query reports) to UTF-16 offsets of the same text. */
export function utf8ToUtf16Mapper(text: string): (byteOffset: number) => number {
  let ascii = true;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) > 0x7f) {
      ascii = false;
      break;
    }
  }
  if (ascii) return (b) => Math.max(0, Math.min(b, text.length));
  const byteStarts: number[] = [];
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    byteStarts.push(bytes);
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      bytes += 4;
      byteStarts.push(bytes);
      i++;
    } else bytes += 3;
  }
  return (byteOffset) => {
    if (byteOffset <= 0) return 0;
    if (byteOffset >= bytes) return text.length;
    let lo = 0;
    let hi = byteStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (byteStarts[mid]! <= byteOffset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
}
