/**
 * Java `.properties` files (Kafka Connect workers and connectors, Debezium Server) through
 * dot-properties, which handles continuation lines, `:`/`=`/blank separators and unicode escapes.
 */
import { parseLines } from 'dot-properties';

export interface PropertyEntry {
  /** The key with escapes decoded. */
  key: string;
  /** The value with escapes decoded and continuation lines joined. */
  value: string;
  keyStart: number;
  keyEnd: number;
  valueStart: number;
  valueEnd: number;
}

export interface PropertiesParseResult {
  entries: PropertyEntry[];
  comments: { start: number; end: number }[];
}

export function parseProperties(text: string): PropertiesParseResult {
  const entries: PropertyEntry[] = [];
  const comments: { start: number; end: number }[] = [];
  for (const node of parseLines(text, true)) {
    if (node.type === 'PAIR') {
      const pair = node as unknown as { key: string; value: string; range: [number, number, number, number] };
      const [keyStart, keyEnd, valueStart, valueEnd] = pair.range;
      entries.push({ key: pair.key, value: pair.value, keyStart, keyEnd, valueStart, valueEnd });
    } else if (node.type === 'COMMENT' && node.range) {
      comments.push({ start: node.range[0], end: node.range[1] });
    }
  }
  return { entries, comments };
}
