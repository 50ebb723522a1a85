/**
 * Kafka Connect connector configurations, whichever file they are deployed from:
 *   - JSON: a REST payload (`{"name", "config": {…}}`), a bare config, or arrays and nestings of
 *     them: every object with a `connector.class` string;
 *   - YAML: a Strimzi `KafkaConnector` (`spec.class` + `spec.config`), a Confluent for Kubernetes
 *     `Connector` (`spec.class` + `spec.configs`), and any map holding `connector.class` (Helm
 *     values and the like), in every document of a stream;
 *   - `.properties`: a Connect connector file (`connector.class=…`) or a Debezium Server
 *     `application.properties` (`debezium.source.` keys; `debezium.transforms…` map to `transforms…`).
 * Each becomes a list of entries (Connect key → value, with source ranges) and edits that add or
 * change keys the way the file already writes them. Rules read connector configs only through here.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Pair, type Scalar, type YAMLMap } from 'yaml';
import type { TextEdit } from '../../engine/types';
import type { JsonDocument, ParsedDocument, PropertiesDocument, YamlDocument } from '../../parsing/document';
import type { JsonNode } from '../../parsing/json';
import { dominantStyle, mergedPairs, mergeSources, pairOf, quoteScalar, scalarText, valueOf, walkMaps, type ScalarStyle } from './yamlView';

export type ConfigFormat = 'json' | 'yaml' | 'properties';

export interface ConfigEntry {
  /** The Connect key (`heartbeat.interval.ms`), without a file-level prefix such as `debezium.source.`. */
  key: string;
  /** The value as Connect reads it (numbers and booleans as text); undefined when not a scalar or null. */
  value: string | undefined;
  keyStart: number;
  keyEnd: number;
  valueStart: number;
  valueEnd: number;
}

export interface NewEntry {
  key: string;
  value: string;
  /** Written as a bare number where the file writes numbers bare. */
  numeric?: boolean;
}

export interface ConnectorConfig {
  format: ConfigFormat;
  /**
   * Entries in document order; inherited ones (YAML merge keys) first, keys set for a Quarkus profile
   * (Debezium Server's `%prod.debezium.source.…`, value unknown) last.
   */
  entries: readonly ConfigEntry[];
  /** The entry for `key` (the last one when a key repeats, as Connect reads it). */
  get(key: string): ConfigEntry | undefined;
  /** Where the connector class is written: `connector.class`, Strimzi `spec.class`, `debezium.source.connector.class`. */
  connectorClass: ConfigEntry | undefined;
  /**
   * A template fills in part of the config (a Helm chart's `{{ toYaml .Values.connector.config | nindent 4 }}`):
   * a key that is not written may still be set.
   */
  templated: boolean;
  /**
   * Edits adding `entries` in the file's style: at their place when the keys are kept sorted,
   * otherwise right after `near` (default: the last key). Undefined when the file gives no place.
   */
  insert(entries: readonly NewEntry[], near?: ConfigEntry): TextEdit[] | undefined;
  /** Edits giving `entry` a new value in its own quoting (an inherited entry is overridden locally). */
  setValue(entry: ConfigEntry, value: string, numeric?: boolean): TextEdit[] | undefined;
}

interface FormatOps {
  insertAfter(entry: ConfigEntry, items: readonly NewEntry[]): TextEdit[] | undefined;
  insertBefore(entry: ConfigEntry, items: readonly NewEntry[]): TextEdit[] | undefined;
  replaceValue(entry: ConfigEntry, value: string, numeric: boolean): TextEdit[] | undefined;
}

const cache = new WeakMap<ParsedDocument, readonly ConnectorConfig[]>();

/** Every connector configuration in the document (computed once per parsed document). */
export function connectorConfigs(doc: ParsedDocument): readonly ConnectorConfig[] {
  let configs = cache.get(doc);
  if (!configs) {
    configs = findConfigs(doc);
    cache.set(doc, configs);
  }
  return configs;
}

function findConfigs(doc: ParsedDocument): readonly ConnectorConfig[] {
  switch (doc.kind) {
    case 'json':
      return doc.text.includes('connector.class') ? jsonConfigs(doc) : [];
    case 'yaml':
      return doc.text.includes('connector.class') || /\bkind:\s*["']?(KafkaConnector|Connector)\b/.test(doc.text) ? yamlConfigs(doc) : [];
    case 'properties':
      return doc.text.includes('connector.class') ? propertiesConfigs(doc) : [];
    default:
      return [];
  }
}

function makeConfig(
  format: ConfigFormat,
  entries: ConfigEntry[],
  local: ReadonlySet<ConfigEntry>,
  connectorClass: ConfigEntry | undefined,
  ops: FormatOps,
  templated = false,
): ConnectorConfig {
  const byKey = new Map<string, ConfigEntry>();
  for (const e of entries) byKey.set(e.key, e);
  const own = entries.filter((e) => local.has(e));
  const insert = (items: readonly NewEntry[], near?: ConfigEntry): TextEdit[] | undefined => {
    if (own.length === 0 || items.length === 0) return undefined;
    const last = own[own.length - 1]!;
    if (isSorted(own.map((e) => e.key))) {
      const sorted = [...items].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      const next = own.find((e) => e.key > sorted[0]!.key);
      const edits = next ? ops.insertBefore(next, sorted) : ops.insertAfter(last, sorted);
      if (edits) return edits;
    }
    return ops.insertAfter(near && local.has(near) ? near : last, items);
  };
  return {
    format,
    entries,
    get: (key) => byKey.get(key),
    connectorClass: connectorClass ?? byKey.get('connector.class'),
    templated,
    insert,
    setValue: (entry, value, numeric = false) =>
      local.has(entry) ? ops.replaceValue(entry, value, numeric) : insert([{ key: entry.key, value, numeric }]),
  };
}

/** Fewer keys than this can be in order by chance; only longer sorted lists are kept sorted. */
const SORTED_MIN_KEYS = 5;

function isSorted(keys: readonly string[]): boolean {
  if (keys.length < SORTED_MIN_KEYS) return false;
  for (let i = 1; i < keys.length; i++) if (!(keys[i - 1]! < keys[i]!)) return false;
  return true;
}

/** Insertions at one point inside one fix must be a single edit (the engine rejects the pair). */
function merged(edits: TextEdit[]): TextEdit[] {
  const out: TextEdit[] = [];
  for (const e of edits) {
    const prev = out[out.length - 1];
    if (prev && prev.start === prev.end && e.start === e.end && prev.start === e.start) prev.newText += e.newText;
    else out.push({ ...e });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// JSON

const MAX_JSON_DEPTH = 64;

function jsonConfigs(doc: JsonDocument): ConnectorConfig[] {
  const out: ConnectorConfig[] = [];
  const visit = (node: JsonNode | undefined, depth: number): void => {
    if (!node || depth > MAX_JSON_DEPTH) return;
    if (node.type === 'object') {
      const props = node.children ?? [];
      const cls = props.find((p) => p.children?.[0]?.value === 'connector.class' && p.children?.[1]?.type === 'string');
      if (cls) out.push(jsonConfig(doc, node));
      for (const p of props) visit(p.children?.[1], depth + 1);
    } else if (node.type === 'array') {
      for (const item of node.children ?? []) visit(item, depth + 1);
    }
  };
  visit(doc.root, 0);
  return out;
}

function jsonScalar(node: JsonNode | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'string') return node.value as string;
  if (node.type === 'number' || node.type === 'boolean') return String(node.value);
  return undefined;
}

function jsonConfig(doc: JsonDocument, object: JsonNode): ConnectorConfig {
  const text = doc.text;
  const entries: ConfigEntry[] = [];
  const propOf = new Map<ConfigEntry, JsonNode>();
  for (const prop of object.children ?? []) {
    const [k, v] = prop.children ?? [];
    if (!k || k.type !== 'string') continue;
    const keyEnd = k.offset + k.length;
    const entry: ConfigEntry = {
      key: k.value as string,
      value: jsonScalar(v),
      keyStart: k.offset,
      keyEnd,
      valueStart: v ? v.offset : keyEnd,
      valueEnd: v ? v.offset + v.length : keyEnd,
    };
    entries.push(entry);
    propOf.set(entry, prop);
  }
  const numbersBare = (object.children ?? []).some((p) => p.children?.[1]?.type === 'number');
  const sepOf = (prop: JsonNode): string => {
    const [k, v] = prop.children ?? [];
    if (!k || !v) return ': ';
    const between = text.slice(k.offset + k.length, v.offset);
    return /^[ \t]*:[ \t]*$/.test(between) ? between : ': ';
  };
  const render = (prop: JsonNode, it: NewEntry) =>
    `${JSON.stringify(it.key)}${sepOf(prop)}${it.numeric && numbersBare ? it.value : JSON.stringify(it.value)}`;
  const linePrefix = (offset: number): string => text.slice(doc.lines.lineStart(doc.lines.positionAt(offset).line), offset);

  const ops: FormatOps = {
    insertAfter(entry, items) {
      const prop = propOf.get(entry);
      if (!prop) return undefined;
      const end = prop.offset + prop.length;
      const next = skipJsonTrivia(text, end);
      const hasComma = text[next] === ',';
      const anchor = hasComma ? next + 1 : end;
      const lineEnd = doc.lines.lineEnd(doc.lines.positionAt(anchor).line);
      const indent = linePrefix(prop.offset);
      const ownLine = /^[ \t]*$/.test(indent) && isJsonTrivia(text.slice(anchor, lineEnd));
      if (ownLine) {
        const body = items.map((it) => doc.eol + indent + render(prop, it)).join(',') + (hasComma ? ',' : '');
        return merged([...(hasComma ? [] : [{ start: end, end, newText: ',' }]), { start: lineEnd, end: lineEnd, newText: body }]);
      }
      if (hasComma) return [{ start: anchor, end: anchor, newText: items.map((it) => ` ${render(prop, it)},`).join('') }];
      return [{ start: end, end, newText: items.map((it) => `, ${render(prop, it)}`).join('') }];
    },
    insertBefore(entry, items) {
      const prop = propOf.get(entry);
      if (!prop) return undefined;
      const indent = linePrefix(prop.offset);
      const ownLine = /^[ \t]*$/.test(indent);
      const newText = items.map((it) => `${render(prop, it)},${ownLine ? doc.eol + indent : ' '}`).join('');
      return [{ start: prop.offset, end: prop.offset, newText }];
    },
    replaceValue(entry, value, numeric) {
      const v = propOf.get(entry)?.children?.[1];
      if (!v) return undefined;
      if (v.type === 'string') return [{ start: v.offset + 1, end: v.offset + v.length - 1, newText: JSON.stringify(value).slice(1, -1) }];
      return [{ start: v.offset, end: v.offset + v.length, newText: numeric ? value : JSON.stringify(value) }];
    },
  };
  return makeConfig('json', entries, new Set(entries), undefined, ops);
}

/** Skips whitespace and comments (JSONC) from `i`. */
function skipJsonTrivia(text: string, i: number): number {
  for (;;) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (text.startsWith('//', i)) {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (text.startsWith('/*', i)) {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? text.length : close + 2;
    } else return i;
  }
}

function isJsonTrivia(s: string): boolean {
  return skipJsonTrivia(s, 0) >= s.length;
}

// ---------------------------------------------------------------------------------------------
// YAML

function yamlConfigs(doc: YamlDocument): ConnectorConfig[] {
  const out: ConnectorConfig[] = [];
  for (const d of doc.documents) {
    const root = d.contents;
    // Maps other maps merge in (`<<: *defaults`) are templates: the maps merging them are the configs.
    const claimed = new Set<unknown>();
    walkMaps(root, (map) => {
      for (const source of mergeSources(map, d)) claimed.add(source);
    });
    const kind = scalarText(valueOf(root, 'kind'));
    const apiVersion = scalarText(valueOf(root, 'apiVersion')) ?? '';
    const resourceConfigKey = kind === 'KafkaConnector' ? 'config' : kind === 'Connector' && apiVersion.includes('confluent') ? 'configs' : undefined;
    if (resourceConfigKey) {
      const spec = valueOf(root, 'spec');
      const classPair = pairOf(spec, 'class');
      const configMap = valueOf(spec, resourceConfigKey);
      if (classPair) {
        const map = isMap(configMap) ? (configMap as YAMLMap) : undefined;
        if (map) claimed.add(map);
        const configKey = pairOf(spec, resourceConfigKey)?.key as Scalar | undefined;
        out.push(yamlConfig(doc, d, map, classPair, templatedBlock(doc, configKey?.range?.[0] ?? map?.range?.[0])));
      }
    }
    walkMaps(root, (map) => {
      if (claimed.has(map)) return;
      const cls = [...mergedPairs(map, d), ...map.items].filter((p) => isPair(p) && isScalar(p.key) && p.key.value === 'connector.class').pop();
      if (cls && scalarText((cls as Pair).value) !== undefined) out.push(yamlConfig(doc, d, map, undefined, templatedBlock(doc, map.range?.[0], true)));
    });
  }
  return out;
}

function yamlEntry(pair: Pair): ConfigEntry | undefined {
  const k = pair.key;
  if (!isScalar(k) || !k.range) return undefined;
  const v = pair.value;
  const keyEnd = k.range[1];
  const vr = isScalar(v) || isMap(v) || isSeq(v) || isAlias(v) ? v.range : undefined;
  return {
    key: String(k.value),
    value: scalarText(v),
    keyStart: k.range[0],
    keyEnd,
    valueStart: vr ? vr[0] : keyEnd,
    valueEnd: vr ? vr[1] : keyEnd,
  };
}

/** A template action that writes or repeats text; `if`, `else`, `end` and comments only choose among lines we see. */
const TEMPLATE_LINE = /^\s*(\{\{|\{%)/;
const TEMPLATE_CHOICE = /^\s*(\{\{-?\s*(if|else|end)\b|\{\{-?\s*\/\*|\{%-?\s*(if|elif|else|endif)\b|\{#)/;

/**
 * Whether a template action injects lines into the block that starts at `start`: the lines below it
 * that are indented deeper than its first line (its first key, when `inner` says `start` is a key
 * of the block itself), template lines at any indentation included.
 */
function templatedBlock(doc: YamlDocument, start: number | undefined, inner = false): boolean {
  if (start === undefined || !doc.text.includes('{{') && !doc.text.includes('{%')) return false;
  const first = doc.lines.positionAt(start).line;
  const indent = start - doc.lines.lineStart(first);
  for (let line = inner ? first : first + 1; line < doc.lines.lineCount; line++) {
    const text = doc.lines.lineText(line);
    if (TEMPLATE_LINE.test(text)) {
      if (!TEMPLATE_CHOICE.test(text)) return true;
      continue;
    }
    if (text.trim() === '' || text.trim().startsWith('#')) continue;
    const own = /^[ \t]*/.exec(text)![0].length;
    if (inner ? own < indent : own <= indent) return false;
  }
  return false;
}

function yamlConfig(
  doc: YamlDocument,
  document: Document.Parsed,
  map: YAMLMap | undefined,
  classPair: Pair | undefined,
  templated: boolean,
): ConnectorConfig {
  const text = doc.text;
  const entries: ConfigEntry[] = [];
  const local = new Set<ConfigEntry>();
  const pairOfEntry = new Map<ConfigEntry, Pair>();
  if (map) {
    for (const p of mergedPairs(map, document)) {
      const e = yamlEntry(p);
      if (e) entries.push(e);
    }
    for (const item of map.items) {
      if (!isPair(item) || (isScalar(item.key) && item.key.value === '<<')) continue;
      const e = yamlEntry(item as Pair);
      if (!e) continue;
      entries.push(e);
      local.add(e);
      pairOfEntry.set(e, item as Pair);
    }
  }
  const ownPairs = [...pairOfEntry.values()];
  const keyStyle = dominantStyle(ownPairs.map((p) => p.key as Scalar));
  const valueScalars = ownPairs.map((p) => p.value).filter((v): v is Scalar => isScalar(v));
  const stringStyle = dominantStyle(valueScalars.filter((s) => typeof s.value === 'string' && !/^-?\d+$/.test(s.value)));
  const quotedNumbers =
    valueScalars.some((s) => typeof s.value === 'string' && /^-?\d+$/.test(s.value) && s.type !== 'PLAIN') &&
    !valueScalars.some((s) => typeof s.value === 'number');
  const flow = map?.flow === true;
  const renderKey = (key: string) => quoteScalar(key, keyStyle, flow);
  const renderValue = (it: NewEntry): string => {
    if (it.numeric && !quotedNumbers) return it.value;
    const style: ScalarStyle = it.numeric && stringStyle === 'PLAIN' ? 'QUOTE_DOUBLE' : stringStyle;
    return quoteScalar(it.value, style, flow);
  };
  const render = (it: NewEntry) => `${renderKey(it.key)}: ${renderValue(it)}`;
  const keyIndent = (pair: Pair): string | undefined => {
    const start = (pair.key as Scalar).range![0];
    const lineStart = doc.lines.lineStart(doc.lines.positionAt(start).line);
    return ' '.repeat(start - lineStart);
  };

  const ops: FormatOps = {
    insertAfter(entry, items) {
      const pair = pairOfEntry.get(entry);
      if (!pair) return undefined;
      let end = entry.valueEnd;
      if (flow) return [{ start: end, end, newText: items.map((it) => `, ${render(it)}`).join('') }];
      while (end > entry.keyEnd && (text[end - 1] === '\n' || text[end - 1] === '\r')) end--;
      const lineEnd = doc.lines.lineEnd(doc.lines.positionAt(end).line);
      const indent = keyIndent(pair)!;
      return [{ start: lineEnd, end: lineEnd, newText: items.map((it) => doc.eol + indent + render(it)).join('') }];
    },
    insertBefore(entry, items) {
      const pair = pairOfEntry.get(entry);
      if (!pair) return undefined;
      if (flow) return [{ start: entry.keyStart, end: entry.keyStart, newText: items.map((it) => `${render(it)}, `).join('') }];
      let line = doc.lines.positionAt(entry.keyStart).line;
      if (doc.lines.lineText(line).slice(0, entry.keyStart - doc.lines.lineStart(line)).trim() !== '') return undefined;
      while (line > 0 && doc.lines.lineText(line - 1).trim().startsWith('#')) line--;
      const at = doc.lines.lineStart(line);
      const indent = keyIndent(pair)!;
      return [{ start: at, end: at, newText: items.map((it) => indent + render(it) + doc.eol).join('') }];
    },
    replaceValue(entry, value, numeric) {
      const v = pairOfEntry.get(entry)?.value;
      if (!isScalar(v) || !v.range) return undefined;
      let newText: string;
      if (v.type === 'QUOTE_DOUBLE') newText = JSON.stringify(value);
      else if (v.type === 'QUOTE_SINGLE') newText = quoteScalar(value, 'QUOTE_SINGLE', flow);
      else if (v.type === 'PLAIN') newText = numeric ? value : quoteScalar(value, 'PLAIN', flow);
      else return undefined;
      return [{ start: v.range[0], end: v.range[1], newText }];
    },
  };
  return makeConfig('yaml', entries, local, classPair ? yamlEntry(classPair) : undefined, ops, templated);
}

// ---------------------------------------------------------------------------------------------
// .properties

const DEBEZIUM_SOURCE = 'debezium.source.';
const DEBEZIUM_TRANSFORMS = 'debezium.transforms';

/** A Debezium Server `application.properties`: its connector is configured under `debezium.source.`. */
export function isDebeziumServer(doc: PropertiesDocument): boolean {
  return doc.entries.some((e) => e.key === `${DEBEZIUM_SOURCE}connector.class`);
}

function propertiesConfigs(doc: PropertiesDocument): ConnectorConfig[] {
  if (isDebeziumServer(doc)) return [propertiesConfig(doc, DEBEZIUM_SOURCE)];
  if (doc.entries.some((e) => e.key === 'connector.class')) return [propertiesConfig(doc, '')];
  return [];
}

function escapePropertyValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/^[ \t\f]/, (c) => `\\${c}`);
}

function escapePropertyKey(key: string): string {
  return key.replace(/[\\=:#! \t]/g, (c) => `\\${c}`);
}

function propertiesConfig(doc: PropertiesDocument, prefix: string): ConnectorConfig {
  const text = doc.text;
  const entries: ConfigEntry[] = [];
  const local = new Set<ConfigEntry>();
  const profiled: ConfigEntry[] = [];
  for (const e of doc.entries) {
    let key: string | undefined;
    let own = false;
    const profile = prefix === DEBEZIUM_SOURCE ? /^%[\w-]+(?:,[\w-]+)*\./.exec(e.key) : null;
    if (profile) {
      // Debezium Server runs on Quarkus: `%prod.debezium.source.…` applies under that profile only,
      // so the key's value depends on the profile the server starts with
      const rest = e.key.slice(profile[0].length);
      const inner = rest.startsWith(prefix) ? rest.slice(prefix.length) : rest === DEBEZIUM_TRANSFORMS || rest.startsWith(`${DEBEZIUM_TRANSFORMS}.`) ? rest.slice('debezium.'.length) : '';
      if (inner !== '') profiled.push({ key: inner, value: undefined, keyStart: e.keyStart, keyEnd: e.keyEnd, valueStart: e.valueStart, valueEnd: e.valueEnd });
      continue;
    }
    if (e.key.startsWith(prefix)) {
      key = e.key.slice(prefix.length);
      own = true;
    } else if (prefix === DEBEZIUM_SOURCE && (e.key === DEBEZIUM_TRANSFORMS || e.key.startsWith(`${DEBEZIUM_TRANSFORMS}.`))) {
      // Debezium Server configures single message transforms outside the source prefix.
      key = e.key.slice('debezium.'.length);
    }
    if (key === undefined || key === '') continue;
    const entry: ConfigEntry = { key, value: e.value, keyStart: e.keyStart, keyEnd: e.keyEnd, valueStart: e.valueStart, valueEnd: e.valueEnd };
    entries.push(entry);
    if (own) local.add(entry);
  }
  const classEntry = entries.filter((e) => e.key === 'connector.class').pop();
  // after the others, so that a key set for a profile reads as unknown wherever it is written
  entries.push(...profiled.filter((e) => e.key !== 'connector.class'));
  const classSep = classEntry ? text.slice(classEntry.keyEnd, classEntry.valueStart) : '=';
  const sep = /^[ \t]*[=:][ \t]*$|^[ \t]+$/.test(classSep) ? classSep : '=';
  const line = (it: NewEntry) => `${prefix}${escapePropertyKey(it.key)}${sep}${escapePropertyValue(it.value)}`;

  const ops: FormatOps = {
    insertAfter(entry, items) {
      const end = Math.max(entry.valueEnd, entry.keyEnd);
      const lineEnd = doc.lines.lineEnd(doc.lines.positionAt(end).line);
      return [{ start: lineEnd, end: lineEnd, newText: items.map((it) => doc.eol + line(it)).join('') }];
    },
    insertBefore(entry, items) {
      let ln = doc.lines.positionAt(entry.keyStart).line;
      while (ln > 0 && /^\s*[#!]/.test(doc.lines.lineText(ln - 1))) ln--;
      const at = doc.lines.lineStart(ln);
      return [{ start: at, end: at, newText: items.map((it) => line(it) + doc.eol).join('') }];
    },
    replaceValue(entry, value) {
      return [{ start: entry.valueStart, end: entry.valueEnd, newText: escapePropertyValue(value) }];
    },
  };
  return makeConfig('properties', entries, local, classEntry, ops);
}

// ---------------------------------------------------------------------------------------------
// What a config says

/** The entry's value when it is written literally (not a `${…}` config-provider or template placeholder). */
export function literal(entry: ConfigEntry | undefined): string | undefined {
  const v = entry?.value;
  if (v === undefined || /\$\{|\{\{/.test(v)) return undefined;
  return v.trim();
}

export function isZero(value: string): boolean {
  return /^[+-]?0+$/.test(value);
}

const POSTGRES_CONNECTOR_CLASSES = new Set(['io.debezium.connector.postgresql.PostgresConnector', 'PostgresConnector', 'Postgres']);

export function isDebeziumPostgres(config: ConnectorConfig): boolean {
  const cls = literal(config.connectorClass);
  return cls !== undefined && POSTGRES_CONNECTOR_CLASSES.has(cls);
}

/**
 * A sink connector: its class says so (`…SinkConnector`), or it consumes `topics` / `topics.regex`
 * (source connectors never do). Dead-letter topics only exist for sinks.
 */
export function isSinkConnector(config: ConnectorConfig): boolean {
  const cls = literal(config.connectorClass);
  if (cls === undefined) return false;
  const simple = cls.slice(cls.lastIndexOf('.') + 1);
  if (/sink/i.test(simple)) return true;
  if (/source/i.test(simple) || cls.startsWith('io.debezium.connector.') || POSTGRES_CONNECTOR_CLASSES.has(cls)) return false;
  return config.get('topics') !== undefined || config.get('topics.regex') !== undefined;
}

export const OUTBOX_EVENT_ROUTER = 'io.debezium.transforms.outbox.EventRouter';

/** Whether an active single message transform is Debezium's outbox EventRouter. */
export function usesOutboxEventRouter(config: ConnectorConfig): boolean {
  const transforms = config.get('transforms');
  const names = literal(transforms);
  const candidates =
    names === undefined
      ? transforms
        ? config.entries.filter((e) => /^transforms\.[^.]+\.type$/.test(e.key)).map((e) => e.key.split('.')[1]!)
        : []
      : names.split(',').map((n) => n.trim()).filter(Boolean);
  return candidates.some((name) => literal(config.get(`transforms.${name}.type`)) === OUTBOX_EVENT_ROUTER);
}

/** At most this many literal tables in `table.include.list` count as a narrow capture. */
export const NARROW_TABLE_LIMIT = 3;

/** Whether the connector captures a short list of named tables (quiet tables are the norm then). */
export function capturesFewTables(config: ConnectorConfig): boolean {
  const list = literal(config.get('table.include.list') ?? config.get('table.whitelist'));
  if (!list) return false;
  const tables = list.split(',').map((t) => t.trim()).filter(Boolean);
  return tables.length > 0 && tables.length <= NARROW_TABLE_LIMIT && tables.every((t) => /^[\w$"]+(\\?\.[\w$"]+)?$/.test(t));
}
