/**
 * SQL written inside code: the text of a string expression (literals, concatenations, f-strings,
 * template strings, constants defined elsewhere in the file), read by the real PostgreSQL parser.
 * Driver placeholders (`%s`, `%(name)s`, `?`, `:name`) become `$n` first, and interpolated
 * expressions become quoted identifiers, so that `f"UPDATE {OUTBOX_TABLE} SET …"` still parses
 * and still names its table.
 */
import type { Node } from 'web-tree-sitter';
import type { CodeModel } from '../../code/codeModel';
import { isSqlParserLoaded, parseSql, walkPg, type PgNode } from '../../parsing/sql';

export type SqlKind = 'insert' | 'update' | 'delete' | 'merge' | 'select' | 'begin' | 'commit' | 'rollback' | 'other';

export interface SqlEffect {
  kind: SqlKind;
  /** Lower-case table name, for DML. */
  table: string | undefined;
  /** Columns assigned by an UPDATE (last name of `SET a.b = …`), with their constant values when literal. */
  sets: { column: string; value: string | boolean | null | undefined }[];
  /** Columns named in the WHERE clause. */
  whereColumns: string[];
  /** `RETURNING …`: the statement hands rows back to the code. */
  returning: boolean;
  /** Tables read (FROM, sub-selects), lower-case. */
  reads: string[];
}

const MAX_DEPTH = 4;

/** The text of a string-valued expression, when it can be read without running the code. */
export function stringValue(code: CodeModel, node: Node | null | undefined, depth = 0): string | undefined {
  if (!node || depth > MAX_DEPTH) return undefined;
  switch (node.type) {
    // Python
    case 'string':
    case 'string_literal':
    case 'interpreted_string_literal':
    case 'raw_string_literal':
    case 'template_string':
      return literalText(code, node);
    case 'concatenated_string':
      return joinAll(node.namedChildren.map((c) => stringValue(code, c, depth + 1)));
    case 'parenthesized_expression':
      return stringValue(code, node.namedChildren.find((c) => c && !code.syntax.comment.has(c.type)), depth + 1);
    case 'binary_operator':
    case 'binary_expression': {
      const op = node.childForFieldName('operator')?.text ?? node.children.find((c) => c?.type === '+')?.type;
      if (op !== '+') return undefined;
      const left = stringValue(code, node.childForFieldName('left'), depth + 1);
      const right = stringValue(code, node.childForFieldName('right'), depth + 1);
      return left !== undefined && right !== undefined ? left + right : undefined;
    }
    case 'identifier':
      return constantValue(code, node, depth + 1);
    case 'expression_list':
      return node.namedChildCount === 1 ? stringValue(code, node.namedChild(0), depth + 1) : undefined;
    case 'call':
    case 'call_expression':
    case 'method_invocation': {
      // text("…"), sql.SQL("…"), "…".format(…), "…".formatted(…), fmt.Sprintf("…", …), String.format("…", …)
      const site = code.callSite(node);
      if (['text', 'SQL', 'Sprintf', 'format', 'formatted', 'dedent', 'strip', 'trim', 'trimIndent', 'stripIndent'].includes(site.name)) {
        if (site.receiverNode && ['format', 'formatted', 'strip', 'trim', 'trimIndent', 'stripIndent'].includes(site.name)) {
          const inner = stringValue(code, site.receiverNode, depth + 1);
          if (inner !== undefined) return inner.replace(/\{[^{}]*\}|%[sd]/g, ' "x" ');
        }
        const first = site.args.find((a) => a.type !== 'keyword_argument');
        const inner = stringValue(code, first, depth + 1);
        return inner?.replace(/%[-+ #0]*\d*[sdvqf]/g, ' "x" ');
      }
      return undefined;
    }
    case 'object': {
      // node-postgres query config: { text: '…', values }
      for (const prop of node.namedChildren) {
        if (prop?.type === 'pair' && /^["']?text["']?$/.test(prop.childForFieldName('key')?.text ?? '')) {
          return stringValue(code, prop.childForFieldName('value'), depth + 1);
        }
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

function joinAll(parts: (string | undefined)[]): string | undefined {
  return parts.every((p) => p !== undefined) ? parts.join('') : undefined;
}

/** Content of a literal, with interpolations replaced by quoted identifiers built from their text. */
function literalText(code: CodeModel, node: Node): string {
  const content = node.namedChildren.filter((c): c is Node => !!c);
  if (content.length === 0) {
    // a literal whose grammar exposes no content node: strip the quotes
    return node.text.replace(/^[a-zA-Z]*("""|'''|"|'|`)/, '').replace(/("""|'''|"|'|`)$/, '');
  }
  let out = '';
  for (const part of content) {
    switch (part.type) {
      case 'string_start':
      case 'string_end':
        break;
      case 'interpolation':
      case 'template_substitution':
        out += placeholderFor(part.namedChildren.find((c) => c && !code.syntax.comment.has(c.type))?.text ?? '');
        break;
      case 'escape_sequence':
        out += unescape(part.text);
        break;
      case 'string_content':
        // Python keeps escape sequences inside the content node
        out += part.text.replace(/\\./g, unescape);
        break;
      default:
        out += part.text;
    }
  }
  return out;
}

function unescape(seq: string): string {
  switch (seq) {
    case '\\n':
      return '\n';
    case '\\t':
      return '\t';
    case "\\'":
      return "'";
    case '\\"':
      return '"';
    case '\\\\':
      return '\\';
    default:
      return ' ';
  }
}

/** `${OUTBOX_TABLE}` → `"OUTBOX_TABLE"`, `{self.table}` → `"self_table"`. */
function placeholderFor(expression: string): string {
  const name = expression.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '') || 'x';
  return `"${name}"`;
}

/** The string a name is bound to in the file: a constant, a field, a local assigned once. */
function constantValue(code: CodeModel, identifier: Node, depth: number): string | undefined {
  const name = identifier.text;
  const scopes: Node[] = [];
  const fn = code.enclosingFunction(identifier);
  if (fn) scopes.push(fn);
  scopes.push(code.root);
  for (const scope of scopes) {
    // inside a function only assignments before the use count; at file level any single binding does
    const values = code
      .assignmentsIn(scope)
      .filter((a) => a.names.length === 1 && a.names[0] === name && a.value && (scope === code.root || a.node.startIndex < identifier.startIndex));
    if (values.length === 1) return stringValue(code, values[0]!.value, depth);
    if (values.length > 1) return undefined;
  }
  if (code.kind === 'go') {
    // package-level `const markSent = "…"`
    for (const spec of code.root.descendantsOfType('const_spec')) {
      if (!spec) continue;
      const names = spec.childrenForFieldName('name').filter(Boolean) as Node[];
      if (names.length === 1 && names[0]!.text === name) return stringValue(code, spec.childForFieldName('value'), depth);
    }
  }
  return undefined;
}

/**
 * Rewrites driver placeholders to PostgreSQL's `$n`, outside quoted strings: psycopg's `%s` and
 * `%(name)s`, JDBC's `?`, named `:name` parameters (SQLAlchemy text, JPA, sqlx). `::type` casts stay.
 */
export function normalizePlaceholders(sql: string): string {
  let out = '';
  let n = 1;
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i]!;
    if (c === "'" || c === '"') {
      const end = sql.indexOf(c, i + 1);
      const stop = end < 0 ? sql.length : end + 1;
      out += sql.slice(i, stop);
      i = stop - 1;
      continue;
    }
    if (c === '%') {
      const m = /^%(\([A-Za-z_]\w*\))?[sdb]/.exec(sql.slice(i));
      if (m) {
        out += `$${n++}`;
        i += m[0].length - 1;
        continue;
      }
      if (sql[i + 1] === '%') {
        out += '%';
        i++;
        continue;
      }
    }
    if (c === '?') {
      out += `$${n++}`;
      continue;
    }
    if (c === ':' && sql[i + 1] !== ':' && (i === 0 || sql[i - 1] !== ':')) {
      const m = /^:([A-Za-z_]\w*)/.exec(sql.slice(i));
      if (m) {
        out += `$${n++}`;
        i += m[0].length - 1;
        continue;
      }
    }
    out += c;
  }
  return out;
}

const EFFECT_CACHE_SIZE = 2000;
// The same SQL strings come back on every keystroke of an open file: parse each once
const effectCache = new Map<string, SqlEffect[]>();

/** Parses SQL text from code into effects; empty when the parser is not loaded or nothing parses. */
export function sqlEffects(sql: string): SqlEffect[] {
  if (!isSqlParserLoaded()) return [];
  const cached = effectCache.get(sql);
  if (cached) return cached;
  const effects = parseEffects(sql);
  if (effectCache.size >= EFFECT_CACHE_SIZE) effectCache.delete(effectCache.keys().next().value!);
  effectCache.set(sql, effects);
  return effects;
}

function parseEffects(sql: string): SqlEffect[] {
  let parsed;
  try {
    parsed = parseSql(normalizePlaceholders(sql));
  } catch {
    return [];
  }
  const out: SqlEffect[] = [];
  for (const stmt of parsed.statements) {
    if (!stmt.ast || !stmt.type) continue;
    out.push(...effectsOf(stmt.type, stmt.ast));
  }
  return out;
}

/** Effects of one parsed statement; data-modifying CTEs (`WITH m AS (UPDATE …)`) count as their own. */
export function effectsOf(type: string, ast: Record<string, unknown>): SqlEffect[] {
  const out: SqlEffect[] = [];
  const top = effectOf(type, ast);
  const nested: SqlEffect[] = [];
  walkPg(ast.withClause, (t, body) => {
    if (t === 'InsertStmt' || t === 'UpdateStmt' || t === 'DeleteStmt' || t === 'MergeStmt') nested.push(effectOf(t, body));
  });
  out.push(...nested, top);
  return out;
}

function effectOf(type: string, ast: Record<string, unknown>): SqlEffect {
  const relation = ast.relation as { relname?: string } | undefined;
  const base: SqlEffect = { kind: 'other', table: relation?.relname?.toLowerCase(), sets: [], whereColumns: [], returning: false, reads: [] };
  base.reads = tablesRead(type === 'SelectStmt' ? ast : { where: ast.whereClause, from: ast.fromClause, using: ast.usingClause, select: ast.selectStmt });
  base.whereColumns = columnsIn(ast.whereClause);
  base.returning = !!ast.returningList || !!ast.returningClause;
  switch (type) {
    case 'InsertStmt':
      return { ...base, kind: 'insert' };
    case 'DeleteStmt':
      return { ...base, kind: 'delete' };
    case 'MergeStmt':
      return { ...base, kind: 'merge' };
    case 'UpdateStmt': {
      const sets: SqlEffect['sets'] = [];
      for (const target of (ast.targetList as PgNode[] | undefined) ?? []) {
        const res = target.ResTarget as { name?: string; indirection?: PgNode[]; val?: PgNode } | undefined;
        if (!res?.name) continue;
        const last = res.indirection?.map((i) => (i.String as { sval?: string } | undefined)?.sval).filter(Boolean).at(-1);
        sets.push({ column: (last ?? res.name).toLowerCase(), value: constant(res.val) });
      }
      return { ...base, kind: 'update', sets };
    }
    case 'SelectStmt':
      return { ...base, kind: 'select', table: base.reads[0] };
    case 'TransactionStmt': {
      const kind = String(ast.kind ?? '');
      if (kind === 'TRANS_STMT_BEGIN' || kind === 'TRANS_STMT_START') return { ...base, kind: 'begin' };
      if (kind === 'TRANS_STMT_COMMIT') return { ...base, kind: 'commit' };
      if (kind === 'TRANS_STMT_ROLLBACK') return { ...base, kind: 'rollback' };
      return base;
    }
    default:
      return base;
  }
}

/** A literal's value: string, boolean, null; undefined for expressions and parameters. */
function constant(node: PgNode | undefined): string | boolean | null | undefined {
  if (!node) return undefined;
  if (node.TypeCast) return constant((node.TypeCast as { arg?: PgNode }).arg);
  const c = node.A_Const as { sval?: { sval?: string }; boolval?: { boolval?: boolean }; isnull?: boolean; ival?: unknown } | undefined;
  if (!c) return undefined;
  if (c.isnull) return null;
  if (c.sval) return c.sval.sval ?? '';
  if (c.boolval) return c.boolval.boolval === true;
  if ('boolval' in c) return false;
  return undefined;
}

function columnsIn(node: unknown): string[] {
  const out: string[] = [];
  walkPg(node, (type, body) => {
    if (type !== 'ColumnRef') return;
    const fields = (body.fields as PgNode[] | undefined) ?? [];
    const last = fields.at(-1)?.String as { sval?: string } | undefined;
    if (last?.sval) out.push(last.sval.toLowerCase());
  });
  return out;
}

function tablesRead(node: unknown): string[] {
  const out: string[] = [];
  walkPg(node, (type, body) => {
    if (type === 'RangeVar' && typeof body.relname === 'string') out.push(body.relname.toLowerCase());
  });
  // typed fields come unwrapped: fromClause holds { RangeVar } wrappers, but relation fields do not
  return out;
}
