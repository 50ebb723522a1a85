/**
 * PostgreSQL through libpg-query (the server's own parser compiled to WebAssembly). Text is split
 * into statements first; each is parsed alone, so a syntax error costs only its own statement.
 * Locations inside an AST are UTF-8 byte offsets into the statement's text; `toOffset` turns them
 * into UTF-16 document offsets.
 */
import { utf8ToUtf16Mapper } from './lineIndex';
import { splitSql, type SqlComment } from './sqlSplit';

/** A node of libpg-query's JSON AST: `{ "InsertStmt": { … } }` and friends. */
export type PgNode = Record<string, unknown>;

export interface SqlSyntaxError {
  message: string;
  /** Document offset the parser pointed at. */
  offset: number;
}

export interface SqlStatement {
  /** Document offsets of the statement (its `;` excluded). */
  start: number;
  end: number;
  terminatorEnd: number;
  text: string;
  /** The statement's node type (`InsertStmt`, `CreateStmt`, `TransactionStmt`, …); undefined when it failed to parse. */
  type: string | undefined;
  /** The statement node's body, e.g. the object under `InsertStmt`. */
  ast: Record<string, unknown> | undefined;
  error: SqlSyntaxError | undefined;
  /** A psql meta-command (`\i`, `\set`), kept so rules can see it but never parsed. */
  meta: boolean;
  /** Converts a byte location reported inside this statement's AST to a document offset. */
  toOffset(byteLocation: number): number;
  /** PL/pgSQL functions defined by this statement (CREATE FUNCTION/PROCEDURE … LANGUAGE plpgsql, DO). */
  plpgsql(): PlpgsqlFunction[];
}

export interface PlpgsqlFunction {
  /** Every SQL statement the function body executes, in order, nested blocks flattened. */
  statements: { query: string; kind: 'sql' | 'commit' | 'rollback' }[];
}

export interface SqlParseResult {
  statements: SqlStatement[];
  comments: SqlComment[];
}

interface PgQueryModule {
  loadModule(): Promise<void>;
  parseSync(sql: string): { stmts: { stmt: PgNode }[] };
  parsePlPgSQLSync(sql: string): { plpgsql_funcs: PgNode[] };
}

let pgQuery: PgQueryModule | undefined;
let loading: Promise<void> | undefined;

/** Loads the PostgreSQL parser once. Required lazily so documents without SQL never pay for it. */
export function loadSqlParser(): Promise<void> {
  loading ??= (async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require('libpg-query') as PgQueryModule;
    await mod.loadModule();
    pgQuery = mod;
  })();
  return loading;
}

export function isSqlParserLoaded(): boolean {
  return pgQuery !== undefined;
}

export function parseSql(text: string): SqlParseResult {
  const pg = pgQuery;
  if (!pg) throw new Error('the SQL parser is not loaded; await loadSqlParser() first');
  const { chunks, comments } = splitSql(text);
  const statements = chunks.map((chunk): SqlStatement => {
    const stmtText = text.slice(chunk.start, chunk.end);
    let mapper: ((b: number) => number) | undefined;
    const toOffset = (byteLocation: number) => {
      mapper ??= utf8ToUtf16Mapper(stmtText);
      return chunk.start + mapper(byteLocation);
    };
    let type: string | undefined;
    let ast: Record<string, unknown> | undefined;
    let error: SqlSyntaxError | undefined;
    if (!chunk.meta) {
      const parsed = parseStatement(pg, stmtText);
      type = parsed.type;
      ast = parsed.ast;
      if (parsed.error) {
        error = {
          message: parsed.error.message,
          offset: parsed.error.cursor !== undefined ? toOffset(parsed.error.cursor) : chunk.start,
        };
      }
    }
    let functions: PlpgsqlFunction[] | undefined;
    return {
      start: chunk.start,
      end: chunk.end,
      terminatorEnd: chunk.terminatorEnd,
      text: stmtText,
      type,
      ast,
      error,
      meta: chunk.meta,
      toOffset,
      plpgsql() {
        functions ??= parsePlpgsql(pg, type, ast, stmtText);
        return functions;
      },
    };
  });
  return { statements, comments };
}

interface ParsedStatement {
  type: string | undefined;
  ast: Record<string, unknown> | undefined;
  error: { message: string; cursor: number | undefined } | undefined;
}

/**
 * Parse results by statement text. An edit changes one statement; the others of the file come
 * from here instead of the parser, which makes re-linting a long migration after a keystroke cheap.
 * ASTs are shared between documents, so nothing may modify them. Bounded, least recently used out.
 */
const statementCache = new Map<string, ParsedStatement>();
/** Bounded by the text it holds (an AST is a few times its text): about 4 MB of statements. */
const CACHE_CHARACTERS = 4 * 1024 * 1024;
/** Longer statements (data loads) change with every keystroke inside them: not worth keeping. */
const CACHED_STATEMENT_MAX = 16 * 1024;
let cachedCharacters = 0;

/** Forgets every cached statement (the benchmark measures real parses with it). */
export function clearSqlStatementCache(): void {
  statementCache.clear();
  cachedCharacters = 0;
}

function parseStatement(pg: PgQueryModule, stmtText: string): ParsedStatement {
  const cached = statementCache.get(stmtText);
  if (cached) {
    statementCache.delete(stmtText);
    statementCache.set(stmtText, cached);
    return cached;
  }
  let result: ParsedStatement;
  try {
    const parsed = pg.parseSync(stmtText);
    const node = parsed.stmts[0]?.stmt;
    const type = node ? Object.keys(node)[0] : undefined;
    result = { type, ast: node && type ? (node[type] as Record<string, unknown>) : undefined, error: undefined };
  } catch (e) {
    const details = (e as { sqlDetails?: { cursorPosition?: number; message?: string } }).sqlDetails;
    result = {
      type: undefined,
      ast: undefined,
      error: { message: details?.message ?? (e instanceof Error ? e.message : String(e)), cursor: details?.cursorPosition },
    };
  }
  if (stmtText.length <= CACHED_STATEMENT_MAX) {
    statementCache.set(stmtText, result);
    cachedCharacters += stmtText.length;
    while (cachedCharacters > CACHE_CHARACTERS) {
      const oldest = statementCache.keys().next().value!;
      statementCache.delete(oldest);
      cachedCharacters -= oldest.length;
    }
  }
  return result;
}

function parsePlpgsql(
  pg: PgQueryModule,
  type: string | undefined,
  ast: Record<string, unknown> | undefined,
  stmtText: string,
): PlpgsqlFunction[] {
  if (!ast) return [];
  if (type === 'CreateFunctionStmt' && !isPlpgsqlFunction(ast)) return [];
  if (type !== 'CreateFunctionStmt' && type !== 'DoStmt') return [];
  try {
    const source = type === 'DoStmt' ? doBlockAsFunction(ast) : stmtText;
    if (!source) return [];
    const result = pg.parsePlPgSQLSync(source);
    return result.plpgsql_funcs.map((fn) => ({ statements: flattenPlpgsql(fn) }));
  } catch {
    return [];
  }
}

function isPlpgsqlFunction(ast: Record<string, unknown>): boolean {
  const options = (ast.options as PgNode[] | undefined) ?? [];
  return options.some((opt) => {
    const def = opt.DefElem as { defname?: string; arg?: { String?: { sval?: string } } } | undefined;
    return def?.defname === 'language' && def.arg?.String?.sval?.toLowerCase() === 'plpgsql';
  });
}

/** A DO block's body, wrapped in a function so the PL/pgSQL parser accepts it. */
function doBlockAsFunction(ast: Record<string, unknown>): string | undefined {
  const args = (ast.args as PgNode[] | undefined) ?? [];
  for (const arg of args) {
    const def = arg.DefElem as { defname?: string; arg?: { String?: { sval?: string } } } | undefined;
    if (def?.defname === 'as' && def.arg?.String?.sval !== undefined) {
      const body = def.arg.String.sval;
      let tag = '$pipeline_seams$';
      while (body.includes(tag)) tag = tag.replace(/\$$/, '_$');
      return `CREATE FUNCTION pipeline_seams_do_block() RETURNS void LANGUAGE plpgsql AS ${tag}${body}${tag}`;
    }
  }
  return undefined;
}

function flattenPlpgsql(fn: PgNode): PlpgsqlFunction['statements'] {
  const out: PlpgsqlFunction['statements'] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach(visit);
      return;
    }
    if (!value || typeof value !== 'object') return;
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
      if (key === 'PLpgSQL_stmt_execsql') {
        const query = (inner as { sqlstmt?: { PLpgSQL_expr?: { query?: string } } }).sqlstmt?.PLpgSQL_expr?.query;
        if (query) out.push({ query, kind: 'sql' });
      } else if (key === 'PLpgSQL_stmt_commit') out.push({ query: 'COMMIT', kind: 'commit' });
      else if (key === 'PLpgSQL_stmt_rollback') out.push({ query: 'ROLLBACK', kind: 'rollback' });
      visit(inner);
    }
  };
  visit(fn);
  return out;
}

/** Walks a libpg-query AST depth-first, calling `visit(type, body)` for every typed node. */
export function walkPg(node: unknown, visit: (type: string, body: Record<string, unknown>) => void): void {
  if (Array.isArray(node)) {
    for (const item of node) walkPg(item, visit);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const record = node as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const value = record[key];
    if (!value || typeof value !== 'object') continue;
    // node types are capitalised (`RangeVar`); fields are not (`relname`)
    const first = key.charCodeAt(0);
    if (first >= 65 && first <= 90 && !Array.isArray(value)) visit(key, value as Record<string, unknown>);
    walkPg(value, visit);
  }
}
