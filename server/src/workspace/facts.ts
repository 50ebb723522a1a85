/**
 * What one file tells about the pipeline, as small plain data: the tables its SQL creates or alters
 * (columns, unique keys), the Kafka Connect connectors it configures (captured tables, slot and
 * publication, the columns an outbox EventRouter reads), PostgreSQL settings, the topics its code
 * consumes and produces, the tables that code touches and the `INSERT … ON CONFLICT (cols)` it runs.
 *
 * `extractFacts(doc)` is a pure function of the parsed document. Facts hold no trees and no text
 * beyond names, so a workspace of thousands of files keeps them all; every location carries both
 * its offsets (for findings in the file itself) and its line/character range (for related
 * information shown from other files). `mayHaveFacts(kind, text)` is the cheap text test that lets
 * an indexer skip parsing files that cannot contribute anything.
 */
import type { Node } from 'web-tree-sitter';
import { isMap, isPair, isScalar, isSeq } from 'yaml';
import type { CodeModel } from '../code/codeModel';
import { findSuppressions, type Suppression } from '../engine/suppressions';
import type { CodeDocument, ParsedDocument, SqlDocument } from '../parsing/document';
import { isCodeKind, type CodeKind, type FileKind } from '../parsing/fileKinds';
import type { JsonNode } from '../parsing/json';
import type { Position } from '../parsing/lineIndex';
import { isSqlParserLoaded, parseSql, type PgNode, type SqlStatement } from '../parsing/sql';
import { connectorConfigs, isDebeziumPostgres, literal, OUTBOX_EVENT_ROUTER, type ConfigEntry, type ConnectorConfig } from '../rules/cdc/connectorConfig';
import { pgServerSettings } from '../rules/cdc/pgSettings';
import { debeziumServerEnvironments } from '../rules/cdc/serverEnvironment';
import { pairOf, scalarText, valueOf } from '../rules/cdc/yamlView';
import { CONSUMER_CLIENTS } from '../rules/consumer/clients';
import { databaseModel } from '../rules/outbox/dbModel';
import { normalizePlaceholders, stringValue } from '../rules/outbox/sqlInCode';
import { PRODUCER_CLIENTS, producerVariables, isProducerReceiver } from '../rules/shared/producers';

export interface FactLocation {
  /** UTF-16 offsets in the file the fact comes from. */
  start: number;
  end: number;
  /** The same place as 0-based line/character positions. */
  range: { start: Position; end: Position };
}

export interface TableFact {
  /** As PostgreSQL stores it: unquoted names folded to lower case. */
  name: string;
  schema: string | undefined;
  /** True for CREATE TABLE; false for ALTER TABLE / CREATE UNIQUE INDEX adding to a table defined elsewhere. */
  created: boolean;
  columns: string[];
  /** Column sets of PRIMARY KEY / UNIQUE constraints and unique indexes. */
  uniques: string[][];
  /** An exclusion constraint or an expression index: ON CONFLICT inference cannot be judged from names alone. */
  opaqueKeys: boolean;
  /** `ALTER TABLE … RENAME COLUMN from TO to`: the table's keys follow the column to its new name. */
  renamedColumns?: { from: string; to: string }[];
  /** The table name where it is written. */
  location: FactLocation;
  /** The whole statement. */
  span: FactLocation;
}

export interface ConflictInsertFact {
  table: string;
  schema: string | undefined;
  /** The conflict target's columns, as PostgreSQL folds them. */
  columns: string[];
  /** `ON CONFLICT (…)` up to its closing parenthesis. */
  location: FactLocation;
}

export interface RouterFieldFact {
  /** The EventRouter option (`table.field.event.key`) or `table.fields.additional.placement`. */
  option: string;
  column: string;
  /** False when the column is the option's default (the option is not written). */
  configured: boolean;
  /** The option's value where it is written, or the transform's `type` entry for defaults. */
  location: FactLocation;
}

export interface EventRouterFact {
  /** The transform's alias (`outbox` in `transforms.outbox.type`). */
  alias: string;
  location: FactLocation;
  fields: RouterFieldFact[];
  /** `route.topic.replacement` (default `outbox.event.${routedByValue}`). */
  topicReplacement: string | undefined;
  /** A predicate limits the transform to some records. */
  hasPredicate: boolean;
}

export interface CaptureFilter {
  /** Regular expressions over `schema.table` (Debezium matches the whole name). */
  tableInclude: string[] | undefined;
  tableExclude: string[] | undefined;
  schemaInclude: string[] | undefined;
  schemaExclude: string[] | undefined;
  /** A list is written with a placeholder: what it captures is unknown. */
  unknown: boolean;
}

export interface ConnectorFact {
  /** The connector's `name` when the file gives one. */
  name: string | undefined;
  connectorClass: string | undefined;
  debeziumPostgres: boolean;
  /** `connector.class` where it is written: the connector's anchor. */
  location: FactLocation;
  /** Literal `database.hostname` / `database.port` / `database.dbname`, lower-cased host. */
  host: string | undefined;
  port: string;
  dbname: string | undefined;
  /** Effective slot and publication (Debezium defaults `debezium` and `dbz_publication`). */
  slot: { value: string; configured: boolean; location: FactLocation } | undefined;
  publication: { value: string; configured: boolean; location: FactLocation } | undefined;
  /** `publication.autocreate.mode` (default `all_tables`). */
  publicationMode: string;
  capture: CaptureFilter;
  /** `topic.prefix` (Debezium 2) or `database.server.name` (Debezium 1). */
  topicPrefix: string | undefined;
  eventRouter: EventRouterFact | undefined;
  /** Topics a sink connector reads. */
  sinkTopics: string[];
}

export interface PgSettingFact {
  /** Lower-cased parameter name; `*` for `ALTER SYSTEM RESET ALL`. */
  name: string;
  value: string | undefined;
  /** `RESET`: back to the built-in default. */
  reset?: boolean;
  location: FactLocation;
}

export interface TopicUseFact {
  /** The topic as written; a placeholder part reads `*` (`*.events`). */
  topic: string;
  location: FactLocation;
}

export interface TableUseFact {
  table: string;
  write: boolean;
  location: FactLocation;
}

export interface ServerEnvironmentFact {
  /** The properties files the service reads (absolute paths). */
  files: string[];
  /** Its environment variables, in order; a value is undefined when not written as a plain scalar. */
  variables: { name: string; value: string | undefined }[];
  location: FactLocation;
}

export interface FileFacts {
  path: string;
  kind: FileKind;
  tables: TableFact[];
  /** Tables named in SQL that did not parse: their keys and columns may be incomplete. */
  uncertainTables: string[];
  conflictInserts: ConflictInsertFact[];
  connectors: ConnectorFact[];
  pgSettings: PgSettingFact[];
  /** Compose services that run Debezium Server with settings in environment variables. */
  serverEnvironments: ServerEnvironmentFact[];
  consumes: TopicUseFact[];
  produces: TopicUseFact[];
  tablesUsed: TableUseFact[];
  suppressions: Suppression[];
}

export function emptyFacts(path: string, kind: FileKind): FileFacts {
  return {
    path,
    kind,
    tables: [],
    uncertainTables: [],
    conflictInserts: [],
    connectors: [],
    pgSettings: [],
    serverEnvironments: [],
    consumes: [],
    produces: [],
    tablesUsed: [],
    suppressions: [],
  };
}

export function hasFacts(f: FileFacts): boolean {
  return (
    f.tables.length > 0 ||
    f.uncertainTables.length > 0 ||
    f.conflictInserts.length > 0 ||
    f.connectors.length > 0 ||
    f.pgSettings.length > 0 ||
    f.serverEnvironments.length > 0 ||
    f.consumes.length > 0 ||
    f.produces.length > 0
  );
}

const SQL_ANCHOR = /\b(create\s+(unlogged\s+|temp(orary)?\s+)?table|alter\s+table|create\s+unique\s+index|on\s+conflict|alter\s+system)\b/i;
const CONFIG_ANCHOR = /connector\.class|KafkaConnector|\bConnector\b/;
const PG_FLAG_ANCHOR = /wal_level|wal-level|max_slot_wal_keep_size|max-slot-wal-keep-size/;
/** A compose service that mounts Debezium Server's config folder. */
const SERVER_ENV_ANCHOR = /\/debezium\/conf/;

/** The calls whose arguments name consumed topics (besides each client's consumer factories). */
const SUBSCRIBE_CALLS = ['subscribe', 'Subscribe', 'SubscribeTopics', 'Consume'];
/** kafka-go's `kafka.NewWriter(kafka.WriterConfig{Topic: …})`. */
const GO_WRITER_FACTORIES = ['NewWriter'];
/** `ON CONFLICT (cols)` in a SQL string of the code. */
const CONFLICT_IN_CODE = /\bon\s+conflict\s*\(/i;
const codeAnchors = new Map<CodeKind, RegExp>();

/**
 * What every code file with facts contains: the name of a call `codeFacts` reads topics from (a
 * whole word, as `callsNamed` finds it), a Spring `@KafkaListener`, a kafka-go `kafka.Writer{`, or
 * an `ON CONFLICT (` in SQL. A file with none of them yields no facts, so it is not parsed for them:
 * a class that only imports a Kafka package costs nothing.
 */
function codeAnchor(kind: CodeKind): RegExp {
  let anchor = codeAnchors.get(kind);
  if (!anchor) {
    const calls = [...SUBSCRIBE_CALLS, ...(CONSUMER_CLIENTS[kind]?.consumerFactories ?? []), ...PRODUCER_CLIENTS[kind].sendMethods];
    if (kind === 'go') calls.push(...GO_WRITER_FACTORIES);
    anchor = new RegExp([...[...new Set(calls)].map((n) => `\\b${n}\\b`), 'KafkaListener', 'kafka\\.Writer\\s*\\{'].join('|'));
    codeAnchors.set(kind, anchor);
  }
  return anchor;
}

/** Whether a file of this kind and text can hold any fact (cheap: a text test, no parse). */
export function mayHaveFacts(kind: FileKind, text: string): boolean {
  if (isCodeKind(kind)) return codeAnchor(kind).test(text) || CONFLICT_IN_CODE.test(text);
  switch (kind) {
    case 'sql':
      return SQL_ANCHOR.test(text);
    case 'json':
    case 'properties':
      return text.includes('connector.class');
    case 'yaml':
      return CONFIG_ANCHOR.test(text) || PG_FLAG_ANCHOR.test(text) || SERVER_ENV_ANCHOR.test(text);
    case 'shell':
      return PG_FLAG_ANCHOR.test(text);
    case 'pgconf':
      return true;
  }
}

/** Parsers `extractFacts` needs for a kind beyond the document's own (SQL strings inside code). */
export function factParsers(kind: FileKind): FileKind[] {
  return isCodeKind(kind) ? ['sql'] : [];
}

/** The facts of one parsed document. Never throws on odd input: a part that cannot be read is left out. */
export function extractFacts(doc: ParsedDocument): FileFacts {
  return mayHaveFacts(doc.kind, doc.text) ? readFacts(doc) : emptyFacts(doc.path, doc.kind);
}

/** The facts of a document, read whatever its text (`mayHaveFacts` must hold for every document with facts). */
export function readFacts(doc: ParsedDocument): FileFacts {
  const facts = emptyFacts(doc.path, doc.kind);
  const loc = (start: number, end: number): FactLocation => ({
    start,
    end,
    range: { start: doc.lines.positionAt(start), end: doc.lines.positionAt(end) },
  });
  if (doc.kind === 'sql') sqlFacts(doc, facts, loc);
  if (doc.kind === 'json' || doc.kind === 'yaml' || doc.kind === 'properties') {
    const names = connectorNames(doc);
    for (const config of connectorConfigs(doc)) {
      const fact = connectorFact(config, loc);
      if (!fact) continue;
      fact.name ??= names.find((n) => n.start <= fact.location.start && fact.location.start < n.end)?.name;
      facts.connectors.push(fact);
    }
  }
  if (doc.kind === 'pgconf' || doc.kind === 'sql' || doc.kind === 'yaml' || doc.kind === 'shell') {
    for (const group of pgServerSettings(doc)) {
      for (const s of group.settings) {
        if (PG_SETTINGS.has(s.name) || s.name === '*') {
          facts.pgSettings.push({ name: s.name, value: s.value, ...(s.reset ? { reset: true } : {}), location: loc(s.start, s.end) });
        }
      }
    }
  }
  if (doc.kind === 'yaml' && SERVER_ENV_ANCHOR.test(doc.text)) {
    for (const env of debeziumServerEnvironments(doc)) {
      facts.serverEnvironments.push({ files: env.files, variables: env.variables.map(({ name, value }) => ({ name, value })), location: loc(env.start, env.end) });
    }
  }
  if (isCodeKind(doc.kind)) codeFacts(doc as CodeDocument, facts, loc);
  if (hasFacts(facts)) facts.suppressions = findSuppressions(doc);
  return facts;
}

const PG_SETTINGS = new Set(['wal_level', 'max_slot_wal_keep_size', 'max_replication_slots', 'max_wal_senders']);

type Loc = (start: number, end: number) => FactLocation;

// ---------------------------------------------------------------------------------------------
// SQL: tables, keys, conflict targets

function sqlFacts(doc: SqlDocument, facts: FileFacts, loc: Loc): void {
  for (const stmt of doc.statements) {
    if (!stmt.ast) {
      if (stmt.error) facts.uncertainTables.push(...namesIn(stmt.text));
      continue;
    }
    switch (stmt.type) {
      case 'CreateStmt': {
        const table = createdTable(stmt, loc);
        if (table) facts.tables.push(table);
        break;
      }
      case 'AlterTableStmt': {
        const table = alteredTable(stmt, loc);
        if (table) facts.tables.push(table);
        break;
      }
      case 'IndexStmt': {
        const table = indexedTable(stmt, loc);
        if (table) facts.tables.push(table);
        break;
      }
      case 'RenameStmt': {
        renamed(stmt, facts, loc);
        break;
      }
      case 'InsertStmt': {
        const insert = conflictInsert(stmt.ast, stmt.text, stmt.start, loc);
        if (insert) facts.conflictInserts.push(insert);
        break;
      }
    }
  }
}

/** Lower-case words after TABLE / INTO / ON / UPDATE in a statement that did not parse. */
function namesIn(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(/\b(?:table|into|on|update|references)\s+(?:if\s+(?:not\s+)?exists\s+)?(?:only\s+)?(?:"?[\w$]+"?\s*\.\s*)?"?([\w$]+)"?/gi)) {
    out.add(m[1]!.toLowerCase());
  }
  return [...out];
}

interface Relation {
  relname?: string;
  schemaname?: string;
  location?: number;
}

function nameLocation(stmt: SqlStatement, relation: Relation, loc: Loc): FactLocation {
  const start = stmt.toOffset(relation.location ?? 0);
  const written = stmt.text.slice(start - stmt.start).match(/^("[^"]*"|[\w$]+)(\s*\.\s*("[^"]*"|[\w$]+))?/);
  return loc(start, start + (written ? written[0].length : (relation.relname ?? '').length));
}

function emptyTable(stmt: SqlStatement, relation: Relation, created: boolean, loc: Loc): TableFact {
  return {
    name: relation.relname!,
    schema: relation.schemaname,
    created,
    columns: [],
    uniques: [],
    opaqueKeys: false,
    location: nameLocation(stmt, relation, loc),
    span: loc(stmt.start, stmt.end),
  };
}

function sval(node: PgNode | undefined): string | undefined {
  return (node?.String as { sval?: string } | undefined)?.sval;
}

function constraintKeys(constraint: { contype?: string; keys?: PgNode[] }, table: TableFact): void {
  if (constraint.contype === 'CONSTR_PRIMARY' || constraint.contype === 'CONSTR_UNIQUE') {
    const cols = (constraint.keys ?? []).map(sval).filter((s): s is string => !!s);
    // `UNIQUE USING INDEX name` names no columns: the keys are unknown
    if (cols.length > 0) table.uniques.push(cols);
    else table.opaqueKeys = true;
  } else if (constraint.contype === 'CONSTR_EXCLUSION') {
    table.opaqueKeys = true;
  }
}

function columnDef(col: { colname?: string; constraints?: PgNode[] }, table: TableFact): void {
  if (!col.colname) return;
  table.columns.push(col.colname);
  for (const c of col.constraints ?? []) {
    const type = (c.Constraint as { contype?: string } | undefined)?.contype;
    if (type === 'CONSTR_PRIMARY' || type === 'CONSTR_UNIQUE') table.uniques.push([col.colname]);
  }
}

function createdTable(stmt: SqlStatement, loc: Loc): TableFact | undefined {
  const ast = stmt.ast!;
  const relation = ast.relation as Relation | undefined;
  if (!relation?.relname) return undefined;
  const table = emptyTable(stmt, relation, true, loc);
  for (const elt of (ast.tableElts as PgNode[] | undefined) ?? []) {
    const col = elt.ColumnDef as { colname?: string; constraints?: PgNode[] } | undefined;
    if (col) columnDef(col, table);
    const constraint = elt.Constraint as { contype?: string; keys?: PgNode[] } | undefined;
    if (constraint) constraintKeys(constraint, table);
    // LIKE other_table: the columns and keys come from elsewhere
    if (elt.TableLikeClause) table.opaqueKeys = true;
  }
  // CREATE TABLE … PARTITION OF / INHERITS / AS: columns are defined elsewhere
  if (ast.partbound || ((ast.inhRelations as unknown[] | undefined)?.length ?? 0) > 0 || ast.ofTypename) table.opaqueKeys = true;
  return table;
}

function alteredTable(stmt: SqlStatement, loc: Loc): TableFact | undefined {
  const ast = stmt.ast!;
  const relation = ast.relation as Relation | undefined;
  if (!relation?.relname || (ast.objtype && ast.objtype !== 'OBJECT_TABLE')) return undefined;
  const table = emptyTable(stmt, relation, false, loc);
  for (const cmd of (ast.cmds as PgNode[] | undefined) ?? []) {
    const c = cmd.AlterTableCmd as { subtype?: string; def?: PgNode; name?: string } | undefined;
    if (!c) continue;
    if (c.subtype === 'AT_AddConstraint' && c.def?.Constraint) constraintKeys(c.def.Constraint as { contype?: string; keys?: PgNode[] }, table);
    if (c.subtype === 'AT_AddColumn' && c.def?.ColumnDef) columnDef(c.def.ColumnDef as { colname?: string; constraints?: PgNode[] }, table);
  }
  return table.columns.length > 0 || table.uniques.length > 0 || table.opaqueKeys ? table : undefined;
}

/**
 * Renames. A renamed column is a column from then on (the old name is kept too: facts are a union
 * over migrations, so a column that ever existed never counts as missing), and so are the keys
 * that hold it (PostgreSQL renames the column inside its constraints). A renamed table makes
 * both names uncertain rather than guessing which file ran first.
 */
function renamed(stmt: SqlStatement, facts: FileFacts, loc: Loc): void {
  const ast = stmt.ast!;
  const relation = ast.relation as Relation | undefined;
  const newname = typeof ast.newname === 'string' ? ast.newname : undefined;
  if (!relation?.relname || !newname) return;
  if (ast.renameType === 'OBJECT_COLUMN') {
    const table = emptyTable(stmt, relation, false, loc);
    table.columns.push(newname);
    if (typeof ast.subname === 'string') table.renamedColumns = [{ from: ast.subname, to: newname }];
    facts.tables.push(table);
  } else if (ast.renameType === 'OBJECT_TABLE') {
    facts.uncertainTables.push(relation.relname, newname);
  }
}

function indexedTable(stmt: SqlStatement, loc: Loc): TableFact | undefined {
  const ast = stmt.ast!;
  if (ast.unique !== true) return undefined;
  const relation = ast.relation as Relation | undefined;
  if (!relation?.relname) return undefined;
  const table = emptyTable(stmt, relation, false, loc);
  const cols: string[] = [];
  for (const p of (ast.indexParams as PgNode[] | undefined) ?? []) {
    const elem = p.IndexElem as { name?: string; expr?: unknown } | undefined;
    if (elem?.name) cols.push(elem.name);
    else table.opaqueKeys = true;
  }
  if (!table.opaqueKeys && cols.length > 0) table.uniques.push(cols);
  return table;
}

interface InferClause {
  indexElems?: PgNode[];
  conname?: string;
}

/** An `INSERT … ON CONFLICT (cols)` statement: table, target columns and where the target is written. */
function conflictInsert(ast: Record<string, unknown>, text: string, base: number, loc: Loc): ConflictInsertFact | undefined {
  const relation = ast.relation as Relation | undefined;
  const clause = ast.onConflictClause as { infer?: InferClause } | undefined;
  const elems = clause?.infer?.indexElems;
  if (!relation?.relname || !elems || elems.length === 0) return undefined;
  const columns: string[] = [];
  for (const e of elems) {
    const name = (e.IndexElem as { name?: string } | undefined)?.name;
    // an expression in the target: inference depends on expression indexes we do not model
    if (!name) return undefined;
    columns.push(name);
  }
  const m = /\bon\s+conflict\s*\(/i.exec(text);
  if (!m) return undefined;
  const close = closingParen(text, m.index + m[0].length - 1);
  if (close < 0) return undefined;
  return { table: relation.relname, schema: relation.schemaname, columns, location: loc(base + m.index, base + close + 1) };
}

function closingParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return i;
  }
  return -1;
}

// ---------------------------------------------------------------------------------------------
// Connectors

/**
 * Connector names written outside the config: a REST payload's `name` next to its `config`, a
 * Kubernetes resource's `metadata.name`. Each with the text range it names.
 */
function connectorNames(doc: ParsedDocument): { start: number; end: number; name: string }[] {
  const out: { start: number; end: number; name: string }[] = [];
  if (doc.kind === 'json') {
    const visit = (node: JsonNode | undefined, depth: number): void => {
      if (!node || depth > 8) return;
      if (node.type === 'array') node.children?.forEach((c) => visit(c, depth + 1));
      if (node.type !== 'object') return;
      const props = node.children ?? [];
      const name = props.find((p) => p.children?.[0]?.value === 'name' && p.children?.[1]?.type === 'string')?.children?.[1]?.value;
      const config = props.find((p) => p.children?.[0]?.value === 'config' && p.children?.[1]?.type === 'object');
      if (typeof name === 'string' && config) out.push({ start: config.offset, end: config.offset + config.length, name });
    };
    visit(doc.root, 0);
  } else if (doc.kind === 'yaml') {
    const keyed: { start: number; end: number; name: string }[] = [];
    for (const d of doc.documents) {
      yamlValuesNames(d.contents, out, keyed);
      const metadata = d.get('metadata') as unknown;
      const name = isMap(metadata) ? metadata.get('name') : undefined;
      const range = d.contents?.range;
      if (typeof name === 'string' && range) out.push({ start: range[0], end: range[1], name });
    }
    // a key names the connector only when nothing says its name outright
    out.push(...keyed);
  }
  return out;
}

/** Keys too generic to name a connector (`debezium: {connector: {…}}`, `spec: {config: {…}}`). */
const GENERIC_CONFIG_KEY = /^(configs?|connectors?|spec|source|debezium|connect|kafka-?connect|values)$/i;

/**
 * Connector names in values files (Helm and the like), innermost first: `{name: x, config: {…}}`
 * written as in a REST payload, and, into `keyed`, a config map under a key that names it
 * (`orders-outbox: {config: {connector.class: …}}` or `orders-outbox: {connector.class: …}`).
 */
function yamlValuesNames(root: unknown, out: { start: number; end: number; name: string }[], keyed: { start: number; end: number; name: string }[]): void {
  const go = (node: unknown, keys: readonly (string | undefined)[], depth: number): void => {
    if (depth > 32 || !node) return;
    if (isSeq(node)) {
      for (const item of node.items) go(item, [...keys, undefined], depth + 1);
      return;
    }
    if (!isMap(node)) return;
    for (const item of node.items) if (isPair(item)) go(item.value, [...keys, isScalar(item.key) ? String(item.key.value) : undefined], depth + 1);
    const name = scalarText(valueOf(node, 'name'));
    const config = valueOf(node, 'config') ?? valueOf(node, 'configs');
    const configRange = isMap(config) ? config.range : undefined;
    if (name && configRange) out.push({ start: configRange[0], end: configRange[1], name });
    const range = node.range;
    if (!range || !pairOf(node, 'connector.class')) return;
    let key = keys.at(-1);
    if (key !== undefined && /^configs?$/i.test(key)) key = keys.at(-2);
    if (key && !GENERIC_CONFIG_KEY.test(key)) keyed.push({ start: range[0], end: range[1], name: key });
  };
  go(root, [], 0);
}

export const SLOT_DEFAULT = 'debezium';
export const PUBLICATION_DEFAULT = 'dbz_publication';

/**
 * The columns Debezium's outbox EventRouter reads from each captured row, with their defaults
 * (Debezium 2.x: `table.field.event.id` = `id`, `table.field.event.key` = `aggregateid`,
 * `table.field.event.payload` = `payload`, `route.by.field` = `aggregatetype`). Options without a
 * default are read only when set.
 */
export const ROUTER_DEFAULTS: readonly { option: string; column: string | undefined }[] = [
  { option: 'table.field.event.id', column: 'id' },
  { option: 'table.field.event.key', column: 'aggregateid' },
  { option: 'table.field.event.payload', column: 'payload' },
  { option: 'route.by.field', column: 'aggregatetype' },
  { option: 'table.field.event.timestamp', column: undefined },
  { option: 'table.field.event.schema.version', column: undefined },
  // Debezium 1.x read the event type from a column; a config that still names it means that version.
  { option: 'table.field.event.type', column: undefined },
];

function connectorFact(config: ConnectorConfig, loc: Loc): ConnectorFact | undefined {
  const cls = config.connectorClass;
  if (!cls) return undefined;
  const at = (e: ConfigEntry) => loc(e.valueStart, e.valueEnd);
  const debeziumPostgres = isDebeziumPostgres(config);
  const slotEntry = config.get('slot.name');
  const pubEntry = config.get('publication.name');
  const slotValue = slotEntry ? literal(slotEntry) : SLOT_DEFAULT;
  const pubValue = pubEntry ? literal(pubEntry) : PUBLICATION_DEFAULT;
  const host = literal(config.get('database.hostname'))?.toLowerCase();
  const sinkTopics = splitList(literal(config.get('topics')) ?? '');
  return {
    name: literal(config.get('name')),
    connectorClass: literal(cls),
    debeziumPostgres,
    location: loc(cls.valueStart, cls.valueEnd),
    host: host || undefined,
    port: literal(config.get('database.port')) ?? '5432',
    dbname: literal(config.get('database.dbname')),
    slot: debeziumPostgres && slotValue ? { value: slotValue, configured: !!slotEntry, location: slotEntry ? at(slotEntry) : loc(cls.valueStart, cls.valueEnd) } : undefined,
    publication:
      debeziumPostgres && pubValue ? { value: pubValue, configured: !!pubEntry, location: pubEntry ? at(pubEntry) : loc(cls.valueStart, cls.valueEnd) } : undefined,
    publicationMode: (literal(config.get('publication.autocreate.mode')) ?? 'all_tables').toLowerCase(),
    capture: captureFilter(config),
    topicPrefix: literal(config.get('topic.prefix')) ?? literal(config.get('database.server.name')),
    eventRouter: eventRouterFact(config, loc),
    sinkTopics,
  };
}

/** The tables a connector captures, as its include and exclude lists say (legacy names included). */
export function captureFilter(config: ConnectorConfig): CaptureFilter {
  const list = (key: string, legacy: string): { values: string[] | undefined; unknown: boolean } => {
    const entry = config.get(key) ?? config.get(legacy);
    if (!entry) return { values: undefined, unknown: false };
    const value = literal(entry);
    if (value === undefined) return { values: undefined, unknown: true };
    return { values: splitList(value), unknown: false };
  };
  const ti = list('table.include.list', 'table.whitelist');
  const te = list('table.exclude.list', 'table.blacklist');
  const si = list('schema.include.list', 'schema.whitelist');
  const se = list('schema.exclude.list', 'schema.blacklist');
  return {
    tableInclude: ti.values,
    tableExclude: te.values,
    schemaInclude: si.values,
    schemaExclude: se.values,
    unknown: ti.unknown || te.unknown || si.unknown || se.unknown,
  };
}

function splitList(value: string): string[] {
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}

function eventRouterFact(config: ConnectorConfig, loc: Loc): EventRouterFact | undefined {
  const transforms = literal(config.get('transforms'));
  if (transforms === undefined) return undefined;
  const alias = splitList(transforms).find((name) => literal(config.get(`transforms.${name}.type`)) === OUTBOX_EVENT_ROUTER);
  if (!alias) return undefined;
  const typeEntry = config.get(`transforms.${alias}.type`)!;
  const prefix = `transforms.${alias}.`;
  const fields: RouterFieldFact[] = [];
  for (const { option, column } of ROUTER_DEFAULTS) {
    const entry = config.get(prefix + option);
    if (entry) {
      const value = literal(entry);
      if (value) fields.push({ option, column: value, configured: true, location: loc(entry.valueStart, entry.valueEnd) });
    } else if (column && !config.templated) {
      // a config a template fills in may set the option: its default is not known to be read
      fields.push({ option, column, configured: false, location: loc(typeEntry.valueStart, typeEntry.valueEnd) });
    }
  }
  const additional = config.get(prefix + 'table.fields.additional.placement');
  const additionalValue = literal(additional);
  if (additional && additionalValue) {
    for (const item of splitList(additionalValue)) {
      const column = item.split(':')[0]!.trim();
      if (column) fields.push({ option: 'table.fields.additional.placement', column, configured: true, location: loc(additional.valueStart, additional.valueEnd) });
    }
  }
  return {
    alias,
    location: loc(typeEntry.valueStart, typeEntry.valueEnd),
    fields,
    // the replacement holds `${routedByValue}` by design: read it as written, not as a placeholder
    topicReplacement: config.get(prefix + 'route.topic.replacement')?.value?.trim() || 'outbox.event.${routedByValue}',
    hasPredicate: config.get(prefix + 'predicate') !== undefined,
  };
}

// ---------------------------------------------------------------------------------------------
// Code: topics consumed and produced, tables touched, conflict targets in SQL strings

function codeFacts(doc: CodeDocument, facts: FileFacts, loc: Loc): void {
  const code = doc.code;
  const kind = doc.kind;
  consumedTopics(code, kind, facts, loc);
  producedTopics(code, kind, facts, loc);
  if (isSqlParserLoaded()) conflictInsertsInCode(doc, facts, loc);
  if (facts.consumes.length > 0 || facts.produces.length > 0) {
    for (const op of databaseModel(doc).ops) {
      if (!op.table || op.role === 'begin' || op.role === 'commit' || op.role === 'rollback') continue;
      const write = op.role !== 'read' && op.role !== 'outboxRead';
      facts.tablesUsed.push({ table: op.table.toLowerCase(), write, location: loc(op.node.startIndex, op.node.endIndex) });
    }
  }
}

/** A topic string: literal text, with interpolated parts as `*`. Undefined when not a string. */
function topicOf(code: CodeModel, node: Node | null | undefined): string | undefined {
  const value = stringValue(code, node);
  if (value === undefined) return undefined;
  // stringValue renders interpolations as quoted identifiers
  const topic = value.replace(/"[A-Za-z0-9_]*"/g, '*').trim();
  return /^[\w.*-]+$/.test(topic) && /[\w]/.test(topic) ? topic : undefined;
}

function strings(code: CodeModel, node: Node | null | undefined): Node[] {
  if (!node) return [];
  // a list of topics: Python list/tuple, JS array, Go composite literal, Java List.of(…)
  if (/^(list|tuple|array|expression_list|literal_value|array_initializer|element_initializer_list)$/.test(node.type)) {
    return node.namedChildren.filter((c): c is Node => !!c).flatMap((c) => strings(code, c));
  }
  if (node.type === 'literal_element' || node.type === 'keyed_element') return node.namedChildren.filter((c): c is Node => !!c).flatMap((c) => strings(code, c));
  if (node.type === 'composite_literal') return strings(code, node.childForFieldName('body'));
  if (code.syntax.call.has(node.type)) {
    const site = code.callSite(node);
    if (['of', 'asList', 'singletonList', 'listOf', 'List', 'Arrays'].includes(site.name)) return site.args.flatMap((a) => strings(code, a));
    return [node];
  }
  return [node];
}

function addTopics(code: CodeModel, nodes: Node[], into: TopicUseFact[], loc: Loc, anchor: Node): void {
  for (const n of nodes) {
    const topic = topicOf(code, n);
    if (!topic) continue;
    const at = n.startIndex >= anchor.startIndex && n.endIndex <= anchor.endIndex ? n : anchor;
    if (!into.some((t) => t.topic === topic && t.location.start === at.startIndex)) into.push({ topic, location: loc(at.startIndex, at.endIndex) });
  }
}

/** `{ topic: … }` / `{ topics: […] }` objects (kafkajs), Go `Topic:` / `GroupTopics:` fields. */
function topicProperties(code: CodeModel, node: Node | null | undefined): Node[] {
  if (!node) return [];
  const out: Node[] = [];
  for (const child of node.namedChildren) {
    if (!child) continue;
    if (child.type === 'pair' || child.type === 'keyed_element') {
      const key = child.type === 'pair' ? child.childForFieldName('key') : child.namedChild(0);
      const value = child.type === 'pair' ? child.childForFieldName('value') : child.namedChild(1);
      if (key && /^["']?(topic|topics|Topic|GroupTopics)["']?$/.test(key.text.replace(/^literal_element\s*/, ''))) out.push(...strings(code, value));
    }
  }
  return out;
}

function consumedTopics(code: CodeModel, kind: CodeKind, facts: FileFacts, loc: Loc): void {
  const table = CONSUMER_CLIENTS[kind];
  if (!table) return;
  const names = [...SUBSCRIBE_CALLS, ...table.consumerFactories];
  for (const call of code.callsNamed(names)) {
    if (call.name === 'subscribe' || call.name === 'Subscribe' || call.name === 'SubscribeTopics') {
      if (!call.receiver || !/consumer|reader|client|kafka/i.test(call.receiver)) continue;
      const first = call.args[0];
      if (!first) continue;
      if (first.type === 'object') addTopics(code, topicProperties(code, first), facts.consumes, loc, call.node);
      else if (first.type === 'keyword_argument') {
        const topics = call.args.find((a) => a.childForFieldName('name')?.text === 'topics');
        addTopics(code, strings(code, topics?.childForFieldName('value')), facts.consumes, loc, call.node);
      } else addTopics(code, strings(code, first), facts.consumes, loc, call.node);
    } else if (call.name === 'Consume') {
      // sarama ConsumerGroup.Consume(ctx, topics, handler)
      if (kind === 'go' && call.args.length === 3) addTopics(code, strings(code, call.args[1]), facts.consumes, loc, call.node);
    } else if (kind === 'python') {
      // KafkaConsumer("orders", …) / AIOKafkaConsumer("orders", …): positional topics
      const positional = call.args.filter((a) => a.type !== 'keyword_argument' && a.type !== 'dictionary');
      addTopics(code, positional.flatMap((a) => strings(code, a)), facts.consumes, loc, call.node);
    } else if (kind === 'go') {
      // kafka.NewReader(kafka.ReaderConfig{Topic: …})
      for (const arg of call.args) {
        const body = arg.type === 'composite_literal' ? arg.childForFieldName('body') : arg.type === 'unary_expression' ? arg.namedChild(0)?.childForFieldName('body') : undefined;
        addTopics(code, topicProperties(code, body), facts.consumes, loc, call.node);
      }
    }
  }
  if (kind === 'java') {
    for (const annotation of namedNodes(code, 'KafkaListener', 'annotation', 'name')) {
      const args = annotation.childForFieldName('arguments');
      for (const pair of args?.namedChildren ?? []) {
        if (pair?.type === 'element_value_pair' && pair.childForFieldName('key')?.text === 'topics') {
          addTopics(code, strings(code, pair.childForFieldName('value')), facts.consumes, loc, annotation);
        }
      }
    }
  }
}

function producedTopics(code: CodeModel, kind: CodeKind, facts: FileFacts, loc: Loc): void {
  const table = PRODUCER_CLIENTS[kind];
  const variables = producerVariables(code, table);
  for (const call of code.callsNamed(table.sendMethods)) {
    if (!isProducerReceiver(call, table, variables)) continue;
    const first = call.args[0];
    if (!first) continue;
    let nodes: Node[];
    if (first.type === 'keyword_argument') {
      const topic = call.args.find((a) => a.childForFieldName('name')?.text === 'topic');
      nodes = topic ? [topic.childForFieldName('value')!].filter(Boolean) : [];
    } else if (first.type === 'object') nodes = topicProperties(code, first);
    else if (kind === 'go') {
      // kafka-go Writer{Topic: …} is set on the writer; sarama ProducerMessage{Topic: …} on the message
      nodes = call.args.flatMap((a) => {
        const body = a.type === 'composite_literal' ? a.childForFieldName('body') : a.type === 'unary_expression' ? a.namedChild(0)?.childForFieldName('body') : undefined;
        return topicProperties(code, body);
      });
    } else nodes = [first];
    addTopics(code, nodes, facts.produces, loc, call.node);
  }
  if (kind === 'go') {
    for (const call of code.callsNamed(GO_WRITER_FACTORIES)) {
      for (const arg of call.args) {
        const body = arg.type === 'composite_literal' ? arg.childForFieldName('body') : arg.type === 'unary_expression' ? arg.namedChild(0)?.childForFieldName('body') : undefined;
        addTopics(code, topicProperties(code, body), facts.produces, loc, call.node);
      }
    }
    // &kafka.Writer{Topic: …}
    for (const lit of namedNodes(code, 'kafka.Writer', 'composite_literal', 'type')) {
      addTopics(code, topicProperties(code, lit.childForFieldName('body')), facts.produces, loc, lit);
    }
  }
}

/**
 * The nodes of `type` whose `field` reads exactly `name` (`@KafkaListener(…)`, `kafka.Writer{…}`), in
 * source order: found from the name's places in the text, each climbing to the nearest node of that
 * type, rather than by walking the whole file on every keystroke.
 */
function namedNodes(code: CodeModel, name: string, type: string, field: string): Node[] {
  const found = new Map<number, Node>();
  for (let at = code.text.indexOf(name); at >= 0; at = code.text.indexOf(name, at + name.length)) {
    for (let n: Node | null = code.root.descendantForIndex(at, at + name.length); n; n = code.parentOf(n)) {
      if (n.type !== type) continue;
      if (n.childForFieldName(field)?.text === name) found.set(n.id, n);
      break;
    }
  }
  return [...found.values()].sort((a, b) => a.startIndex - b.startIndex);
}

const STRING_TYPES = new Set(['string', 'string_literal', 'interpreted_string_literal', 'raw_string_literal', 'template_string', 'text_block']);
const STRING_WRAPPERS = new Set(['concatenated_string', 'binary_operator', 'binary_expression', 'parenthesized_expression']);

/** `ON CONFLICT (cols)` inside SQL strings of the code: the text finds the spot, the tree and the SQL parser confirm it. */
function conflictInsertsInCode(doc: CodeDocument, facts: FileFacts, loc: Loc): void {
  const code = doc.code;
  const seen = new Set<number>();
  for (const m of doc.text.matchAll(new RegExp(CONFLICT_IN_CODE.source, 'gi'))) {
    let node: Node | null = code.root.descendantForIndex(m.index, m.index + 2);
    while (node && !STRING_TYPES.has(node.type)) node = node.parent;
    if (!node) continue;
    let top: Node = node;
    while (top.parent && STRING_WRAPPERS.has(top.parent.type)) top = top.parent;
    if (seen.has(top.id)) continue;
    seen.add(top.id);
    const sql = stringValue(code, top);
    if (!sql) continue;
    let parsed;
    try {
      parsed = parseSql(normalizePlaceholders(sql));
    } catch {
      continue;
    }
    const close = closingParen(doc.text, m.index + m[0].length - 1);
    if (close < 0 || close > node.endIndex) continue;
    for (const stmt of parsed.statements) {
      if (stmt.type !== 'InsertStmt' || !stmt.ast) continue;
      const insert = conflictInsert(stmt.ast, stmt.text, 0, loc);
      if (!insert) continue;
      // the columns written at this spot must be the ones parsed
      const written = doc.text.slice(m.index + m[0].length, close).split(',').map((c) => c.trim().replace(/^"|"$/g, '').toLowerCase());
      if (written.join(',') !== insert.columns.map((c) => c.toLowerCase()).join(',')) continue;
      facts.conflictInserts.push({ ...insert, location: loc(m.index, close + 1) });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Shared helpers

/** The qualified name Debezium matches include lists against; unqualified tables live in `public`. */
export function qualifiedName(table: { name: string; schema: string | undefined }): string {
  return `${table.schema ?? 'public'}.${table.name}`;
}

function fullMatch(patterns: readonly string[], value: string): boolean {
  return patterns.some((p) => {
    try {
      return new RegExp(`^(?:${p})$`, 'i').test(value);
    } catch {
      return p.toLowerCase() === value.toLowerCase();
    }
  });
}

/** Whether the connector captures `table` (unknown lists capture nothing we can name). */
export function captures(capture: CaptureFilter, table: { name: string; schema: string | undefined }): boolean {
  if (capture.unknown) return false;
  const qualified = qualifiedName(table);
  const schema = table.schema ?? 'public';
  if (capture.schemaInclude && !fullMatch(capture.schemaInclude, schema)) return false;
  if (capture.schemaExclude && fullMatch(capture.schemaExclude, schema)) return false;
  if (capture.tableInclude && !fullMatch(capture.tableInclude, qualified)) return false;
  if (capture.tableExclude && fullMatch(capture.tableExclude, qualified)) return false;
  return true;
}

/** The connector names the table in its include list (not merely "every table"). */
export function capturesExplicitly(capture: CaptureFilter, table: { name: string; schema: string | undefined }): boolean {
  return !!capture.tableInclude && captures(capture, table);
}

const OUTBOX_NAME = /outbox/i;

/** A table built to be an outbox: named so, or shaped like the EventRouter's default table. */
export function isOutboxTable(table: { name: string; columns: readonly string[] }): boolean {
  if (OUTBOX_NAME.test(table.name)) return true;
  const cols = new Set(table.columns.map((c) => c.toLowerCase()));
  return (cols.has('aggregatetype') || cols.has('aggregate_type')) && cols.has('payload');
}
