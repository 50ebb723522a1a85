/**
 * DUP001 dedup-key-not-unique: a table consumers use to remember which events they handled has no
 * PRIMARY KEY or UNIQUE constraint on the event id (plus the consumer column when there is one).
 * Two deliveries of the same event then both "win" the check-then-insert, and the side effect runs
 * twice.
 */
import type { Fix, Rule } from '../../engine/types';
import type { SqlDocument } from '../../parsing/document';
import { walkPg, type PgNode, type SqlStatement } from '../../parsing/sql';
import { directoryOf, normalizedPath, type WorkspaceIndex } from '../../workspace/workspaceIndex';

/** Tables whose name says they record handled messages. */
const DEDUP_TABLE = /(processed|consumed|handled|received|seen|applied|dedup|idempoten|inbox)/i;
/** Columns that hold the event's identity. */
const KEY_COLUMN = /^(event|message|msg|delivery|request|dedup|deduplication|idempotency)_?(id|key|uuid)$/i;
/** Columns that are a dedup key wherever they appear. */
const STRONG_KEY_COLUMN = /^(idempotency_?key|dedup(lication)?_?(key|id))$/i;
/** Kafka coordinates: an offset identifies a message only together with its topic and partition. */
const OFFSET_COLUMN = /^(kafka_)?offset$/i;
const TOPIC_COLUMN = /^(kafka_)?topic(_?name)?$/i;
const PARTITION_COLUMN = /^(kafka_)?partition(_?(id|no|number))?$/i;
/** The consumer that handled the event, when several share the table. */
const CONSUMER_COLUMN = /^(consumer|consumer_?group|group_?id|handler|subscriber|subscription|processor|listener)(_?(name|id))?$/i;
/**
 * Columns whose value changes with every delivery: in a key next to the event id they let every
 * redelivery in (`(event_id, received_at)`, a surrogate `id`, an attempt counter).
 */
const VOLATILE_COLUMN = /^(id|attempts?|retry|retries|retry_count|attempt_no|version)$|(_at|_on|_time|_ts|_date|timestamp)$/i;
const VOLATILE_DEFAULT = /^(nextval|gen_random_uuid|uuid_generate_v[14]|uuidv[47]|now|clock_timestamp|statement_timestamp|transaction_timestamp|random)$/i;
const SERIAL_TYPE = /^(small|big)?serial[248]?$/i;

export const dedupKeyNotUnique: Rule<SqlDocument> = {
  code: 'DUP001',
  name: 'dedup-key-not-unique',
  family: 'dedup',
  severity: 'error',
  summary: 'A consumer dedup table has no PRIMARY KEY or UNIQUE constraint on the event id',
  explanation: {
    why:
      'Kafka and the outbox deliver at least once, so a consumer remembers the event ids it has handled. Without a ' +
      'unique constraint on the id, two deliveries of the same event (a redelivery after a rebalance, two replicas ' +
      'racing) both find no row, both insert one, and both run the side effect: the customer is charged twice. A ' +
      'surrogate `id bigserial PRIMARY KEY` does not help; it is unique for every insert.',
    fix:
      'Adds the constraint (the event id, plus the consumer column when the table has one). The consumer then records ' +
      'the event in the same transaction as its side effect with ' +
      '`INSERT INTO processed_events (event_id, consumer) VALUES ($1, $2) ON CONFLICT (event_id, consumer) DO NOTHING` ' +
      'and skips the event when no row was inserted.',
  },
  kinds: ['sql'],
  fixAvailability: 'always',
  fixSafety: 'unsafe',
  trigger: /create\s+(unlogged\s+|temp(orary)?\s+)?table/i,
  check({ doc, report, workspace }) {
    const tables = doc.statements.filter((s) => s.type === 'CreateStmt' && s.ast);
    if (tables.length === 0) return;
    const added = addedKeys(doc);
    for (const stmt of tables) {
      const table = readTable(stmt);
      if (!table) continue;
      const later = laterConstraints(added, stmt, table);
      const sibling = workspace ? siblingConstraints(workspace, doc.path, table) : { uniques: [], addsKeys: false };
      const uniques = [...table.uniques, ...later.uniques, ...sibling.uniques];
      const consumers = table.columns.filter((c) => CONSUMER_COLUMN.test(c));
      // a default only fills a value the insert leaves out: on the event id itself it does not make the key per delivery
      const volatile = (c: string) =>
        !table.partitionColumns.includes(c) && (VOLATILE_COLUMN.test(c) || table.generated.has(c) || (table.defaulted.has(c) && !keys.includes(c)));
      let keys = table.columns.filter((c) => STRONG_KEY_COLUMN.test(c) || (DEDUP_TABLE.test(table.name) && KEY_COLUMN.test(c)));
      let key: string[];
      if (keys.length > 0) {
        if (uniques.some((u) => u.some((c) => keys.includes(c)) && !u.some(volatile))) continue;
        key = [preferredKey(keys), ...consumers.filter((c) => !table.partitionColumns.includes(c))];
      } else {
        // dedup by Kafka coordinates: (topic, partition, offset), never the offset alone
        if (!DEDUP_TABLE.test(table.name)) continue;
        const offset = table.columns.find((c) => OFFSET_COLUMN.test(c));
        const topic = table.columns.find((c) => TOPIC_COLUMN.test(c));
        const partition = table.columns.find((c) => PARTITION_COLUMN.test(c));
        if (!offset || !topic || !partition) continue;
        // keyed per partition, the table stores the position reached, not the messages handled
        if (uniques.some((u) => u.includes(topic) && u.includes(partition) && !u.includes(offset))) continue;
        keys = [topic, partition, offset];
        if (uniques.some((u) => keys.every((k) => u.includes(k)) && !u.some(volatile))) continue;
        key = [...keys, ...consumers.filter((c) => !table.partitionColumns.includes(c))];
      }
      for (const p of table.partitionColumns) if (!key.includes(p)) key.push(p);
      const keyText = key.length === 1 ? `\`${key[0]}\`` : `\`(${key.join(', ')})\``;
      // a key another migration adds may be the primary key: a second one would make that migration fail
      const fix = constraintFix(doc, stmt, table, key, table.hasPrimaryKey || later.hasPrimaryKey || sibling.addsKeys);
      report({
        start: table.nameStart,
        end: table.nameEnd,
        message: `Dedup key ${keyText} of \`${table.name}\` has no PRIMARY KEY or UNIQUE constraint`,
        fixes: fix ? [fix] : [],
      });
    }
  },
};

interface TableInfo {
  name: string;
  schema: string | undefined;
  nameStart: number;
  nameEnd: number;
  columns: string[];
  /** Column lists of PRIMARY KEY / UNIQUE constraints. */
  uniques: string[][];
  hasPrimaryKey: boolean;
  partitionColumns: string[];
  /** Columns always filled by a sequence or an identity. */
  generated: Set<string>;
  /** Columns whose default is a random uuid or the clock. */
  defaulted: Set<string>;
}

function readTable(stmt: SqlStatement): TableInfo | undefined {
  const ast = stmt.ast!;
  const relation = ast.relation as { relname?: string; schemaname?: string; location?: number } | undefined;
  if (!relation?.relname || relation.location === undefined) return undefined;
  const columns: string[] = [];
  const uniques: string[][] = [];
  const generated = new Set<string>();
  const defaulted = new Set<string>();
  let hasPrimaryKey = false;
  for (const elt of (ast.tableElts as PgNode[] | undefined) ?? []) {
    const col = elt.ColumnDef as { colname?: string; constraints?: PgNode[]; typeName?: { names?: PgNode[] } } | undefined;
    if (col?.colname) {
      columns.push(col.colname);
      const typeName = ((col.typeName?.names ?? []).at(-1)?.String as { sval?: string } | undefined)?.sval ?? '';
      if (SERIAL_TYPE.test(typeName)) generated.add(col.colname);
      for (const c of col.constraints ?? []) {
        const constraint = c.Constraint as { contype?: string; raw_expr?: unknown } | undefined;
        if (constraint?.contype === 'CONSTR_IDENTITY') generated.add(col.colname);
        if (constraint?.contype === 'CONSTR_DEFAULT' && volatileDefault(constraint.raw_expr)) defaulted.add(col.colname);
      }
      for (const c of col.constraints ?? []) {
        const type = (c.Constraint as { contype?: string } | undefined)?.contype;
        if (type === 'CONSTR_PRIMARY' || type === 'CONSTR_UNIQUE') uniques.push([col.colname]);
        if (type === 'CONSTR_PRIMARY') hasPrimaryKey = true;
      }
      continue;
    }
    const constraint = elt.Constraint as { contype?: string } | undefined;
    if (constraint) {
      const cols = constraintColumns(constraint);
      if (cols) uniques.push(cols);
      if (constraint.contype === 'CONSTR_PRIMARY') hasPrimaryKey = true;
    }
  }
  const partitionColumns: string[] = [];
  const spec = ast.partspec as { partParams?: PgNode[] } | undefined;
  for (const p of spec?.partParams ?? []) {
    const elem = p.PartitionElem as { name?: string; expr?: unknown } | undefined;
    if (elem?.name) partitionColumns.push(elem.name);
    else if (elem?.expr) partitionColumns.push(...columnRefs(elem.expr));
  }
  const nameStart = stmt.toOffset(relation.location);
  const written = stmt.text.slice(nameStart - stmt.start).match(/^("[^"]*"|[\w$]+)(\s*\.\s*("[^"]*"|[\w$]+))?/);
  return {
    name: relation.relname,
    schema: relation.schemaname,
    nameStart,
    nameEnd: nameStart + (written ? written[0].length : relation.relname.length),
    columns,
    uniques,
    hasPrimaryKey,
    partitionColumns,
    generated,
    defaulted,
  };
}

/** A default that yields a new value per insert: `nextval(…)`, `gen_random_uuid()`, `now()`, `CURRENT_TIMESTAMP`. */
function volatileDefault(expr: unknown): boolean {
  let found = false;
  walkPg({ expr }, (type, body) => {
    if (type === 'SQLValueFunction') found = true;
    if (type === 'FuncCall') {
      const name = ((body.funcname as PgNode[] | undefined) ?? []).at(-1)?.String as { sval?: string } | undefined;
      if (name?.sval && VOLATILE_DEFAULT.test(name.sval)) found = true;
    }
  });
  return found;
}

/** Columns of a PRIMARY KEY / UNIQUE constraint, or undefined for other constraints. */
function constraintColumns(constraint: { contype?: string; keys?: PgNode[] }): string[] | undefined {
  if (constraint.contype !== 'CONSTR_PRIMARY' && constraint.contype !== 'CONSTR_UNIQUE') return undefined;
  return (constraint.keys ?? []).map((k) => (k.String as { sval?: string } | undefined)?.sval).filter((s): s is string => !!s);
}

function columnRefs(node: unknown): string[] {
  const out: string[] = [];
  walkPg(node, (type, body) => {
    if (type !== 'ColumnRef') return;
    const last = ((body.fields as PgNode[] | undefined) ?? []).at(-1)?.String as { sval?: string } | undefined;
    if (last?.sval) out.push(last.sval);
  });
  return out;
}

/** A key one statement adds to a table: `ALTER TABLE … ADD …` or `CREATE UNIQUE INDEX`. */
interface AddedKey {
  start: number;
  schema: string | undefined;
  uniques: string[][];
  hasPrimaryKey: boolean;
}

/**
 * `ALTER TABLE … ADD PRIMARY KEY/UNIQUE`, `ADD COLUMN … UNIQUE` and `CREATE UNIQUE INDEX` in the
 * file, by table name: read once per file, so a migration creating many tables is not scanned again
 * for each of them.
 */
function addedKeys(doc: SqlDocument): Map<string, AddedKey[]> {
  const byTable = new Map<string, AddedKey[]>();
  const add = (relation: { relname?: string; schemaname?: string } | undefined, start: number, uniques: string[][], hasPrimaryKey: boolean) => {
    if (!relation?.relname) return;
    const list = byTable.get(relation.relname) ?? [];
    list.push({ start, schema: relation.schemaname, uniques, hasPrimaryKey });
    byTable.set(relation.relname, list);
  };
  for (const stmt of doc.statements) {
    if (stmt.type === 'AlterTableStmt' && stmt.ast) {
      const uniques: string[][] = [];
      let hasPrimaryKey = false;
      for (const cmd of (stmt.ast.cmds as PgNode[] | undefined) ?? []) {
        const c = cmd.AlterTableCmd as { subtype?: string; def?: PgNode } | undefined;
        if (!c?.def) continue;
        if (c.subtype === 'AT_AddConstraint') {
          const constraint = c.def.Constraint as { contype?: string; keys?: PgNode[] } | undefined;
          const cols = constraint ? constraintColumns(constraint) : undefined;
          if (cols) uniques.push(cols);
          if (constraint?.contype === 'CONSTR_PRIMARY') hasPrimaryKey = true;
        } else if (c.subtype === 'AT_AddColumn') {
          const col = c.def.ColumnDef as { colname?: string; constraints?: PgNode[] } | undefined;
          if (!col?.colname) continue;
          for (const k of col.constraints ?? []) {
            const type = (k.Constraint as { contype?: string } | undefined)?.contype;
            if (type === 'CONSTR_PRIMARY' || type === 'CONSTR_UNIQUE') uniques.push([col.colname]);
          }
        }
      }
      add(stmt.ast.relation as { relname?: string }, stmt.start, uniques, hasPrimaryKey);
    }
    if (stmt.type === 'IndexStmt' && stmt.ast && stmt.ast.unique === true) {
      const cols: string[] = [];
      for (const p of (stmt.ast.indexParams as PgNode[] | undefined) ?? []) {
        const elem = p.IndexElem as { name?: string; expr?: unknown } | undefined;
        if (elem?.name) cols.push(elem.name);
        else if (elem?.expr) cols.push(...columnRefs(elem.expr));
      }
      add(stmt.ast.relation as { relname?: string }, stmt.start, [cols], false);
    }
  }
  return byTable;
}

/** The keys added to the table later in the file than its `CREATE TABLE`. */
function laterConstraints(added: Map<string, AddedKey[]>, create: SqlStatement, table: TableInfo): { uniques: string[][]; hasPrimaryKey: boolean } {
  const later = (added.get(table.name) ?? []).filter((k) => k.start > create.start && (!k.schema || !table.schema || k.schema === table.schema));
  return { uniques: later.flatMap((k) => k.uniques), hasPrimaryKey: later.some((k) => k.hasPrimaryKey) };
}

/**
 * Keys that other files in the same directory add to the table (`V4__processed_events_pk.sql`
 * after `V3__processed_events.sql`): migration tools run every file of their folder, so a key added
 * there is on the table. Files elsewhere (another service of a monorepo) are not its migrations.
 * `addsKeys` also counts keys whose columns are unknown (`ADD PRIMARY KEY USING INDEX`).
 */
function siblingConstraints(workspace: WorkspaceIndex, docPath: string, table: TableInfo): { uniques: string[][]; addsKeys: boolean } {
  const view = workspace.table(table.name, table.schema);
  if (!view) return { uniques: [], addsKeys: false };
  const self = normalizedPath(docPath);
  const dir = directoryOf(docPath);
  const uniques: string[][] = [];
  let addsKeys = false;
  for (const { path: other, fact } of view.alterations) {
    if (normalizedPath(other) === self || directoryOf(other) !== dir) continue;
    uniques.push(...fact.uniques);
    if (fact.uniques.length > 0 || fact.opaqueKeys) addsKeys = true;
  }
  return { uniques, addsKeys };
}

function preferredKey(keys: string[]): string {
  return keys.find((k) => STRONG_KEY_COLUMN.test(k)) ?? keys.find((k) => /^event/i.test(k)) ?? keys[0]!;
}

/**
 * Adds `PRIMARY KEY (…)` (or `UNIQUE (…)` when the table already has a primary key) as the last
 * element of the CREATE TABLE, on its own line in the file's indentation.
 */
function constraintFix(doc: SqlDocument, stmt: SqlStatement, table: TableInfo, key: string[], hasPrimaryKey: boolean): Fix | undefined {
  const list = elementList(stmt.text, table.nameEnd - stmt.start);
  if (!list) return undefined;
  const cols = key.map(quoteIdent).join(', ');
  const constraint = `${hasPrimaryKey ? 'UNIQUE' : 'PRIMARY KEY'} (${cols})`;
  const lastEnd = stmt.start + list.lastElementEnd;
  const close = stmt.start + list.close;
  const sameLine = doc.lines.positionAt(lastEnd).line === doc.lines.positionAt(close).line;
  const edits = [];
  if (sameLine) {
    edits.push({ start: lastEnd, end: lastEnd, newText: `, ${constraint}` });
  } else {
    const line = doc.lines.positionAt(lastEnd).line;
    const lineStart = doc.lines.lineStart(line);
    const indent = /^[ \t]*/.exec(doc.text.slice(lineStart))![0];
    const lineEnd = doc.lines.lineEnd(line);
    if (doc.text.slice(lastEnd, lineEnd).trim() === '') {
      edits.push({ start: lastEnd, end: lastEnd, newText: `,${doc.eol}${indent}${constraint}` });
    } else {
      // a comment follows the last column: the comma goes before it, the constraint on the next line
      edits.push({ start: lastEnd, end: lastEnd, newText: ',' });
      edits.push({ start: lineEnd, end: lineEnd, newText: `${doc.eol}${indent}${constraint}` });
    }
  }
  return {
    title: `Add \`${constraint}\` to \`${table.name}\`; consumers insert with \`ON CONFLICT (${cols}) DO NOTHING\``,
    safety: 'unsafe',
    edits,
  };
}

/** PostgreSQL's reserved key words: a column named like one (`offset`, `user`) must be quoted. */
const RESERVED = new Set(
  ('all analyse analyze and any array as asc asymmetric both case cast check collate column constraint create current_catalog ' +
    'current_date current_role current_time current_timestamp current_user default deferrable desc distinct do else end except ' +
    'false fetch for foreign from grant group having in initially intersect into lateral leading limit localtime localtimestamp ' +
    'not null offset on only or order placing primary references returning select session_user some symmetric system_user table ' +
    'then to trailing true union unique user using variadic when where window with').split(' '),
);

function quoteIdent(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) && !RESERVED.has(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

/**
 * The column list of a CREATE TABLE: offset (in the statement text) of its closing parenthesis
 * and of the end of its last element (comments and blanks excluded).
 */
function elementList(text: string, from: number): { close: number; lastElementEnd: number } | undefined {
  const open = text.indexOf('(', from);
  if (open < 0) return undefined;
  let depth = 0;
  let lastToken = -1;
  for (let i = open; i < text.length; i++) {
    const c = text[i]!;
    if (c === '-' && text[i + 1] === '-') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) return undefined;
      i = end + 1;
      continue;
    }
    if (c === "'" || c === '"') {
      let j = i + 1;
      while (j < text.length && !(text[j] === c && text[j + 1] !== c)) j += text[j] === c ? 2 : 1;
      if (j >= text.length) return undefined;
      i = j;
      lastToken = i + 1;
      continue;
    }
    if (c === '$') {
      const tag = /^\$[A-Za-z_]*\$/.exec(text.slice(i));
      if (tag) {
        const end = text.indexOf(tag[0], i + tag[0].length);
        if (end < 0) return undefined;
        i = end + tag[0].length - 1;
        lastToken = i + 1;
        continue;
      }
    }
    if (c === '(') depth++;
    else if (c === ')') {
      depth--;
      if (depth === 0) return lastToken > open ? { close: i, lastElementEnd: lastToken } : undefined;
    }
    if (!/\s/.test(c) && !(c === ')' && depth === 0)) lastToken = i + 1;
  }
  return undefined;
}
