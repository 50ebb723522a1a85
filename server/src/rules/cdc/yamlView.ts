/**
 * Read-only queries over `yaml` nodes for the config views: scalar text, keyed lookups,
 * a bounded walk over every map, and rendering of new scalars in the style a file already uses.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Pair, type Scalar, type YAMLMap } from 'yaml';

/** Nested deeper than this, a YAML file is not a deployment manifest; stop rather than recurse. */
const MAX_DEPTH = 64;

/** A scalar's value as the consuming program reads it; undefined for null, collections and aliases. */
export function scalarText(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  const v = node.value;
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return undefined;
}

/** The last pair of `map` whose key is the scalar `key` (duplicate keys: the last one wins). */
export function pairOf(map: unknown, key: string): Pair | undefined {
  if (!isMap(map)) return undefined;
  let found: Pair | undefined;
  for (const item of map.items) {
    if (isPair(item) && isScalar(item.key) && String(item.key.value) === key) found = item as Pair;
  }
  return found;
}

export function valueOf(map: unknown, key: string): unknown {
  return pairOf(map, key)?.value ?? undefined;
}

/** Calls `visit` for every map in a document, parents before children; aliases are not followed. */
export function walkMaps(root: unknown, visit: (map: YAMLMap) => void): void {
  const go = (node: unknown, depth: number): void => {
    if (depth > MAX_DEPTH || !node || isAlias(node)) return;
    if (isMap(node)) {
      visit(node as YAMLMap);
      for (const item of node.items) if (isPair(item)) go(item.value, depth + 1);
    } else if (isSeq(node)) {
      for (const item of node.items) go(item, depth + 1);
    }
  };
  go(root, 0);
}

export type ScalarStyle = 'PLAIN' | 'QUOTE_DOUBLE' | 'QUOTE_SINGLE';

/** Whether `value` can be written as a plain scalar and read back as the same string. */
export function plainSafe(value: string, flow: boolean): boolean {
  if (value === '' || value !== value.trim()) return false;
  if (/^[-?:,[\]{}#&*!|>'"%@`]/.test(value)) return false;
  if (/: |:$| #|[\n\r\t]/.test(value)) return false;
  if (flow && /[,[\]{}]/.test(value)) return false;
  // Words and numbers that a YAML 1.1 or 1.2 reader would turn into something other than a string.
  if (/^(true|false|yes|no|on|off|y|n|null|~)$/i.test(value)) return false;
  if (/^[-+]?(\d|\.\d)/.test(value) || /^[-+]?\.(inf|nan)$/i.test(value)) return false;
  return true;
}

export function quoteScalar(value: string, style: ScalarStyle, flow: boolean): string {
  if (style === 'QUOTE_SINGLE') return `'${value.replace(/'/g, "''")}'`;
  if (style === 'PLAIN' && plainSafe(value, flow)) return value;
  return JSON.stringify(value);
}

/** The quoting most of these scalars use (ties go to plain). */
export function dominantStyle(scalars: readonly Scalar[]): ScalarStyle {
  const counts: Record<ScalarStyle, number> = { PLAIN: 0, QUOTE_DOUBLE: 0, QUOTE_SINGLE: 0 };
  for (const s of scalars) if (s.type === 'PLAIN' || s.type === 'QUOTE_DOUBLE' || s.type === 'QUOTE_SINGLE') counts[s.type]++;
  if (counts.QUOTE_DOUBLE > counts.PLAIN && counts.QUOTE_DOUBLE >= counts.QUOTE_SINGLE) return 'QUOTE_DOUBLE';
  if (counts.QUOTE_SINGLE > counts.PLAIN && counts.QUOTE_SINGLE > counts.QUOTE_DOUBLE) return 'QUOTE_SINGLE';
  return 'PLAIN';
}

/** The maps a `<<: *anchor` merge key (or a list of them) brings into `map`. */
export function mergeSources(map: YAMLMap, document: Document.Parsed): YAMLMap[] {
  const out: YAMLMap[] = [];
  for (const item of map.items) {
    if (!isPair(item) || !isScalar(item.key) || item.key.value !== '<<') continue;
    const sources = isSeq(item.value) ? item.value.items : [item.value];
    for (const source of sources) {
      const target = isAlias(source) ? resolveAlias(source, document) : undefined;
      if (isMap(target)) out.push(target as YAMLMap);
    }
  }
  return out;
}

/** The pairs merge keys bring into `map`, before its own. */
export function mergedPairs(map: YAMLMap, document: Document.Parsed): Pair[] {
  return mergeSources(map, document).flatMap((m) => m.items.filter((p): p is Pair => isPair(p)));
}

/** A value, with an alias (`*anchor`) followed to what it names. */
export function resolveAlias(node: unknown, document: Document.Parsed): unknown {
  return isAlias(node) ? node.resolve(document) : node;
}

/** One variable of a compose service's `environment:`. */
export interface EnvironmentEntry {
  name: string;
  /** As written; undefined when not a scalar, or passed through from the host (`KEY:`, `- KEY`). */
  value: string | undefined;
  start: number;
  end: number;
  /** The map form's pair (`KEY: value`); the list form (`- KEY=value`) has none. */
  pair?: Pair;
  /** Brought in by a merge key (`<<: *defaults`) rather than written in the map itself. */
  merged: boolean;
  /** A plain or quoted scalar on one line: a new line can follow it. */
  oneLine: boolean;
}

/** `environment:` as a map (`KEY: value`, merge keys first) or a list (`- KEY=value`), aliases followed. */
export function environmentEntries(environment: unknown, document: Document.Parsed, text: string): EnvironmentEntry[] {
  const resolve = (node: unknown) => resolveAlias(node, document);
  const env = resolve(environment);
  const out: EnvironmentEntry[] = [];
  if (isMap(env)) {
    const merged = new Set(mergedPairs(env as YAMLMap, document));
    const own = env.items.filter((p): p is Pair => isPair(p) && !(isScalar(p.key) && p.key.value === '<<'));
    for (const pair of [...merged, ...own]) {
      const name = scalarText(pair.key);
      const keyRange = isScalar(pair.key) ? pair.key.range : undefined;
      if (!name || !keyRange) continue;
      const value = resolve(pair.value);
      const end = isScalar(value) && value.range ? value.range[1] : keyRange[1];
      out.push({ name, value: scalarText(value), start: keyRange[0], end, pair, merged: merged.has(pair), oneLine: inlineScalar(value, text) });
    }
  } else if (isSeq(env)) {
    for (const item of env.items) {
      const written = scalarText(resolve(item));
      if (!written || !isScalar(item) || !item.range) continue;
      const eq = written.indexOf('=');
      out.push({
        name: eq < 0 ? written : written.slice(0, eq),
        // `- KEY` alone passes the variable through from the host: its value is not known here
        value: eq < 0 ? undefined : written.slice(eq + 1),
        start: item.range[0],
        end: item.range[1],
        merged: false,
        oneLine: inlineScalar(item, text),
      });
    }
  }
  return out;
}

function inlineScalar(node: unknown, text: string): boolean {
  if (!isScalar(node) || !node.range || !(node.type === 'PLAIN' || node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE')) return false;
  return !/[\r\n]/.test(text.slice(node.range[0], node.range[1]));
}
