/**
 * Database commits that make a message's work durable. A consumer that writes the message's rows,
 * commits the offset and only then commits the database transaction has the same hole as one that
 * commits before doing the work: a crash between the two commits rolls the rows back while Kafka
 * already resumes after the message.
 *
 * Which calls commit a transaction, and which writes a commit covers, is the database model's
 * knowledge (rules/outbox/dbModel.ts): only writes in an explicit transaction (a session,
 * connection or `Tx` committed by a call, or SQL `BEGIN` … `COMMIT`) are pending until the commit.
 * Autocommitted writes, `with session.begin():` blocks and framework-managed transactions are
 * durable on their own, and a Kafka transaction (`producer.commit_transaction()`,
 * `transaction.commit()` on a kafkajs producer transaction) is not a database commit.
 */
import type { Node } from 'web-tree-sitter';
import type { CallSite, CodeModel } from '../../code/codeModel';
import type { CodeDocument } from '../../parsing/document';
import type { CodeKind } from '../../parsing/fileKinds';
import { DATABASE_CLIENTS } from '../outbox/database';
import { databaseModel, isPoolConnection, rootName, type DatabaseModel, type DbOp } from '../outbox/dbModel';
import { exclusive, fallsThrough } from '../outbox/flow';
import type { MessageContext } from './consumerContext';
import { functionNamed } from './handlers';

export interface PendingWrite {
  /** The database commit that makes the write durable. */
  commit: CallSite;
  /** What is still uncommitted when the offset is committed: "`session.add(...)`", "what `self.apply(...)` wrote". */
  label: string;
}

const WRITE_ROLES = new Set(['write', 'outboxInsert', 'mark', 'outboxOther']);

/**
 * A function telling, for a call after the offset commit `offsetCommit`, whether it is a database
 * commit that makes a write of the message durable. The database model is built only when a call
 * could be one.
 */
export function pendingWriteFinder(
  doc: CodeDocument,
  offsetCommit: CallSite,
  isMessageWork: (c: CallSite) => boolean,
  context: MessageContext,
): (call: CallSite) => PendingWrite | undefined {
  const table = DATABASE_CLIENTS[doc.kind];
  const candidateNames = new Set([...table.commitMethods, ...table.sqlMethods, ...table.sqlTags]);
  let db: DatabaseModel | undefined;
  let commitIds: Set<number> | undefined;
  const memo = new Map<number, PendingWrite | undefined>();
  return (call) => {
    if (!candidateNames.has(call.name)) return undefined;
    if (memo.has(call.node.id)) return memo.get(call.node.id);
    db ??= databaseModel(doc);
    commitIds ??= new Set(db.commits().map((c) => c.node.id));
    const found = commitIds.has(call.node.id) ? pendingWrite(db, offsetCommit, call, isMessageWork, context) : undefined;
    memo.set(call.node.id, found);
    return found;
  };
}

function pendingWrite(
  db: DatabaseModel,
  offsetCommit: CallSite,
  dbCommit: CallSite,
  isMessageWork: (c: CallSite) => boolean,
  context: MessageContext,
): PendingWrite | undefined {
  const commitRoot = rootName(dbCommit.receiverNode);
  if (!commitRoot) return undefined;
  const committed = (w: DbOp) => {
    const ctx = db.txContext(w.node, w.receiverRoot, w.host);
    return ctx.kind === 'explicit' && ctx.commit?.node.id === dbCommit.node.id;
  };
  const write = messageWrites(db, offsetCommit, dbCommit.node.startIndex, isMessageWork, context).find(
    (w) => committed(w) && sameConnection(db.code, w.receiverRoot!, commitRoot),
  );
  if (storesOffsets(db, offsetCommit, dbCommit.node.startIndex, committed)) return undefined;
  if (write) return { commit: dbCommit, label: `\`${write.label}\`` };
  const helper = helperWrite(db, offsetCommit, commitRoot, isMessageWork);
  return helper ? { commit: dbCommit, label: `what \`${helper.callee}(...)\` wrote` } : undefined;
}

/**
 * A call before the offset commit that hands the committed handle and the message to a function of
 * this file (`self.apply(session, event)`), where that function writes through the handle and
 * leaves committing to its caller. A function defined elsewhere may commit by itself: not known,
 * not reported.
 */
function helperWrite(db: DatabaseModel, offsetCommit: CallSite, commitRoot: string, isMessageWork: (c: CallSite) => boolean): CallSite | undefined {
  const code = db.code;
  const host = db.hostOf(offsetCommit.node);
  const pass = code.enclosingLoop(offsetCommit.node) ?? host ?? code.root;
  for (const call of code.callsIn(pass, { skipNestedFunctions: true })) {
    if (call.node.startIndex >= offsetCommit.node.startIndex) break;
    if (!isMessageWork(call)) continue;
    const handed = call.args.findIndex((a) => a.type === 'identifier' && sameConnection(code, a.text, commitRoot));
    if (handed < 0) continue;
    const fn = functionNamed(code, call.name);
    if (!fn || db.isManaged(fn) || db.commitsIn(fn).length > 0) continue;
    const param = code.syntax.parameters(fn)[handed]?.text;
    if (!param) continue;
    const writes = db.opsIn(fn).filter((o) => WRITE_ROLES.has(o.role) && o.receiverRoot === param);
    if (writes.length === 0 || !writes.every((o) => db.txContext(o.node, o.receiverRoot, o.host).kind === 'explicit')) continue;
    if (exclusive(code, call.node, offsetCommit.node, host) || !fallsThrough(code, call.node, offsetCommit.node, host)) continue;
    if (rolledBackBetween(db, call.node, offsetCommit, host)) continue;
    return call;
  }
  return undefined;
}

/**
 * The transaction also records the consumer's offsets (`UPDATE consumer_offsets …`, a column
 * filled from `msg.offset()`): the database is the source of truth for the position and the
 * consumer seeks to it on assignment, so the order of the advisory Kafka commit does not matter.
 */
function storesOffsets(db: DatabaseModel, offsetCommit: CallSite, until: number, inTransaction: (w: DbOp) => boolean): boolean {
  const host = db.hostOf(offsetCommit.node);
  return db.opsIn(host).some((o) => o.node.startIndex < until && WRITE_ROLES.has(o.role) && /offset/i.test(o.node.text) && inTransaction(o));
}

export interface PendingBlockWrite {
  /** The block as the message names it: "`with transaction.atomic()` block", "`knex.transaction(...)` callback". */
  block: string;
  write: DbOp;
}

/**
 * A write of the message in a transaction block (`with conn:`, `with transaction.atomic():`,
 * `knex.transaction(async (trx) => …)`, GORM `db.Transaction(func…)`) that also holds the offset
 * commit: the block commits when it ends, after the offset.
 */
export function pendingBlockWrite(
  doc: CodeDocument,
  offsetCommit: CallSite,
  isMessageWork: (c: CallSite) => boolean,
  context: MessageContext,
): PendingBlockWrite | undefined {
  // most consumers write nothing before their commit, and most commits sit in no block that could
  // be a transaction: both are cheap to rule out, the file's database model is not
  if (!mayBeInTransactionBlock(doc, offsetCommit.node)) return undefined;
  const from = doc.code.enclosingLoop(offsetCommit.node)?.startIndex ?? 0;
  if (!writeNames(doc.kind).test(doc.text.slice(from, offsetCommit.node.startIndex))) return undefined;
  const db = databaseModel(doc);
  for (const write of messageWrites(db, offsetCommit, offsetCommit.node.startIndex, isMessageWork, context)) {
    const ctx = db.txContext(write.node, write.receiverRoot, write.host);
    const block = ctx.block;
    if (ctx.kind !== 'block' || !block || !within(offsetCommit.node, block)) continue;
    if (committedInConnectionBlock(db, write, block, offsetCommit)) continue;
    const inBlock = (o: DbOp) => within(o.node, block);
    if (storesOffsets(db, offsetCommit, block.endIndex, inBlock)) return undefined;
    const label = blockLabel(db, block);
    if (label) return { block: label, write };
  }
  return undefined;
}

/**
 * A `with conn:` / `with psycopg.connect(…) as conn:` / `with pool.connection() as conn:` block commits what is still pending when it
 * ends, but often the block is only the connection's lifetime around the whole consumer loop and
 * nothing is pending: the connection autocommits, `conn.commit()` ran between the write and the
 * offset commit, or the write sat in an inner transaction block (`with conn.transaction():`,
 * `with conn:`) that ended before the offset commit.
 */
function committedInConnectionBlock(db: DatabaseModel, write: DbOp, block: Node, offsetCommit: CallSite): boolean {
  if (block.type !== 'with_statement' || !isConnectionWith(db, block)) return false;
  if (db.autocommitsPython()) return true;
  const code = db.code;
  const host = db.hostOf(offsetCommit.node);
  const committedBetween = db
    .commits()
    .some(
      (c) =>
        c.node.startIndex > write.node.endIndex &&
        c.node.endIndex < offsetCommit.node.startIndex &&
        within(c.node, block) &&
        sameConnection(code, write.receiverRoot!, rootName(c.receiverNode) ?? '') &&
        !exclusive(code, write.node, c.node, host) &&
        unconditionalBefore(c.node, offsetCommit.node) &&
        fallsThrough(code, c.node, offsetCommit.node, host),
    );
  if (committedBetween) return true;
  for (let n = write.node.parent; n && n.id !== block.id; n = n.parent) {
    if (n.type !== 'with_statement' || n.endIndex > offsetCommit.node.startIndex) continue;
    const exprs = withExpressions(n);
    // psycopg2 `with conn:` commits whatever is open when it ends
    if (exprs.some(isConnection)) return true;
    // `with conn.transaction():` is a savepoint when a statement outside such a block already opened the
    // connection's transaction: then only the connection block commits
    if (exprs.some((e) => isTransactionExpression(db, e)) && everyStatementInBlock(db, write, block)) return true;
  }
  return false;
}

/** Every statement of the write's connection within the connection block runs in a transaction block of its own. */
function everyStatementInBlock(db: DatabaseModel, write: DbOp, block: Node): boolean {
  const code = db.code;
  return db.ops
    .filter((o) => within(o.node, block) && !!o.receiverRoot && sameConnection(code, o.receiverRoot, write.receiverRoot!))
    .every((o) => {
      for (let n = o.node.parent; n && n.id !== block.id; n = n.parent) {
        if (n.type === 'with_statement' && withExpressions(n).some((e) => isTransactionExpression(db, e))) return true;
      }
      return false;
    });
}

const CONDITIONAL = new Set(['if_statement', 'elif_clause', 'else_clause', 'for_statement', 'while_statement', 'except_clause', 'conditional_expression', 'boolean_operator', 'match_statement']);

/** `commit` runs on every way to `later`: no condition, loop or exception handler sits between it and their common block. */
function unconditionalBefore(commit: Node, later: Node): boolean {
  for (let n = commit.parent; n; n = n.parent) {
    if (within(later, n)) return true;
    if (CONDITIONAL.has(n.type)) return false;
  }
  return false;
}

/**
 * `with conn:`, `with self.conn:`, `with psycopg.connect(dsn) as conn:`, `with pool.connection() as conn:`:
 * a connection, not a transaction begun for the block.
 */
function isConnectionWith(db: DatabaseModel, withStmt: Node): boolean {
  const exprs = withExpressions(withStmt);
  const connection = (e: Node) => isConnection(e) || (e.type === 'call' && (db.code.callSite(e).name === 'connect' || isPoolConnection(db.code.callSite(e))));
  return exprs.some(connection) && !exprs.some((e) => e.type === 'call' && isTransactionExpression(db, e));
}

function isConnection(expr: Node): boolean {
  return (expr.type === 'identifier' || expr.type === 'attribute') && /(^|\.|_)(conn|connection|cnx)$/i.test(expr.text);
}

/** `conn.transaction()`, `session.begin()`, `transaction.atomic()`, or a connection used as a block (`with conn:`). */
function isTransactionExpression(db: DatabaseModel, expr: Node): boolean {
  if (isConnection(expr)) return true;
  if (expr.type !== 'call') return false;
  const name = db.code.callSite(expr).name;
  return db.table.transactionBlocks.includes(name) && name !== 'begin_nested';
}

/** The context expressions of the statement's own items (`conn` in `with conn.cursor() as cur:`), not those of nested blocks. */
function withExpressions(withStmt: Node): Node[] {
  const clause = withStmt.namedChildren.find((c) => c?.type === 'with_clause');
  const out: Node[] = [];
  for (const item of clause?.namedChildren ?? []) {
    if (item?.type !== 'with_item') continue;
    const value = item.childForFieldName('value');
    const expr = value?.type === 'as_pattern' ? value.namedChild(0) : value;
    if (expr) out.push(expr);
  }
  return out;
}

/**
 * Writes of the message in the same pass of the innermost loop (or the handler) as the offset
 * commit, before `until`. A write before the offset commit must reach it without passing a rollback.
 */
function messageWrites(db: DatabaseModel, offsetCommit: CallSite, until: number, isMessageWork: (c: CallSite) => boolean, context: MessageContext): DbOp[] {
  const code = db.code;
  const host = db.hostOf(offsetCommit.node);
  const pass = code.enclosingLoop(offsetCommit.node) ?? host ?? code.root;
  const out: DbOp[] = [];
  for (const write of db.opsIn(host)) {
    if (write.node.startIndex >= until) break;
    if (!WRITE_ROLES.has(write.role) || !write.call || !write.receiverRoot) continue;
    if (write.node.startIndex < pass.startIndex || write.node.endIndex > pass.endIndex) continue;
    if (!writesTheMessage(code, write, until, isMessageWork, context)) continue;
    if (write.node.startIndex < offsetCommit.node.startIndex) {
      if (exclusive(code, write.node, offsetCommit.node, host) || !fallsThrough(code, write.node, offsetCommit.node, host)) continue;
      if (rolledBackBetween(db, write.node, offsetCommit, host)) continue;
    }
    out.push(write);
  }
  return out;
}

/**
 * A necessary condition for `node` to be inside a transaction block (see DatabaseModel.transactionBlock):
 * a Python `with` statement around it, or a call around it named like a transaction block call (a
 * callback passed to `knex.transaction(...)` or GORM's `db.Transaction(...)`, `prisma.$transaction([...])`).
 */
function mayBeInTransactionBlock(doc: CodeDocument, node: Node): boolean {
  const code = doc.code;
  const blockCalls = DATABASE_CLIENTS[doc.kind].transactionBlocks;
  for (let n = code.parentOf(node); n; n = code.parentOf(n)) {
    if (n.type === 'with_statement') return true;
    if (code.syntax.call.has(n.type)) {
      const name = code.callSite(n).name;
      if (name === '$transaction' || blockCalls.includes(name)) return true;
    }
  }
  return false;
}

const writeNamePatterns = new Map<CodeKind, RegExp>();

/** Any name of a call that writes rows: SQL execution, ORM inserts, updates and deletes. */
function writeNames(kind: CodeKind): RegExp {
  let pattern = writeNamePatterns.get(kind);
  if (!pattern) {
    const t = DATABASE_CLIENTS[kind];
    const names = [...new Set([...t.sqlMethods, ...t.sqlTags, ...t.ormInsert, ...t.ormUpdate, ...t.ormDelete])].map((n) => n.replace(/\$/g, '\\$'));
    writeNamePatterns.set(kind, (pattern = new RegExp(`\\b(?:${names.join('|')})\\b`)));
  }
  return pattern;
}

/** How a message names a transaction block, or undefined when it is not one this rule can name. */
function blockLabel(db: DatabaseModel, block: Node): string | undefined {
  if (block.type === 'with_statement') {
    const item = block.descendantsOfType('with_item')[0];
    const value = item?.childForFieldName('value');
    const expr = value?.type === 'as_pattern' ? value.namedChild(0) : value;
    return expr ? `\`with ${short(expr.text)}\` block` : undefined;
  }
  if (db.code.syntax.function.has(block.type)) {
    const call = db.callTakingCallback(block);
    return call ? `\`${call.callee}(...)\` callback` : undefined;
  }
  if (db.code.syntax.call.has(block.type)) return `\`${db.code.callSite(block).callee}(...)\` transaction`;
  return undefined;
}

function short(text: string): string {
  return text.length <= 40 && !text.includes('\n') ? text : `${text.replace(/\(.*$/s, '')}(...)`;
}

/**
 * The write is the message's work: it reads the message, or it prepares a statement that a later
 * call fills with the message (`ps = conn.prepareStatement("INSERT …")`, then
 * `ps.setString(1, record.key())`).
 */
function writesTheMessage(code: CodeModel, write: DbOp, until: number, isMessageWork: (c: CallSite) => boolean, context: MessageContext): boolean {
  const call = write.call!;
  if (isMessageWork(call)) return true;
  const stmt = code.statementOf(call.node);
  if (!stmt) return false;
  const prepared = new Set(code.assignmentsIn(stmt.node).filter((a) => a.value && within(call.node, a.value)).flatMap((a) => a.names));
  if (prepared.size === 0) return false;
  const scope = code.enclosingFunction(call.node) ?? code.root;
  return code
    .callsIn(scope, { skipNestedFunctions: true })
    .some(
      (c) =>
        c.node.startIndex > call.node.endIndex &&
        c.node.startIndex < until &&
        prepared.has(rootName(c.receiverNode) ?? '') &&
        c.args.some((a) => code.mentions(a, context.derived)),
    );
}

const rollbacksByModel = new WeakMap<DatabaseModel, Node[]>();

/** `rollback()` calls on a database handle anywhere in the file, found once per file (a text scan of the whole file). */
function rollbackCalls(db: DatabaseModel): Node[] {
  let found = rollbacksByModel.get(db);
  if (!found) {
    found = db.code.callsNamed(db.table.rollbackMethods).filter((c) => !!c.receiver && db.table.databaseReceiver.test(c.receiver)).map((c) => c.node);
    rollbacksByModel.set(db, found);
  }
  return found;
}

/** A rollback between the write and the offset commit that control can pass through on its way to the commit. */
function rolledBackBetween(db: DatabaseModel, write: Node, offsetCommit: CallSite, host: Node | undefined): boolean {
  const code = db.code;
  const rollbacks = [...rollbackCalls(db), ...db.opsIn(host).filter((o) => o.role === 'rollback').map((o) => o.node)];
  return rollbacks.some(
    (r) =>
      r.startIndex > write.endIndex &&
      r.endIndex < offsetCommit.node.startIndex &&
      code.ancestor(r, (n) => n.type === 'defer_statement', (n) => code.syntax.function.has(n.type)) === undefined &&
      !exclusive(code, write, r, host) &&
      !exclusive(code, r, offsetCommit.node, host) &&
      fallsThrough(code, r, offsetCommit.node, host),
  );
}

/**
 * The write's handle and the committed one are the same connection: the same name, or one made
 * from the other anywhere in the file (`cur = conn.cursor()`, `with conn.cursor() as cur:`,
 * `tx = session.beginTransaction()`, `self.cur = self.conn.cursor()`).
 */
function sameConnection(code: CodeModel, writeRoot: string, commitRoot: string): boolean {
  if (writeRoot === commitRoot) return true;
  const made = (from: string, to: string) => derivedAnywhere(code, from).has(to);
  return made(commitRoot, writeRoot) || made(writeRoot, commitRoot);
}

const derivations = new WeakMap<CodeModel, Map<string, Set<string>>>();

/** Names assigned (anywhere in the file, functions included) from an expression that mentions `name`. */
function derivedAnywhere(code: CodeModel, name: string): Set<string> {
  let byName = derivations.get(code);
  if (!byName) derivations.set(code, (byName = new Map()));
  const known = byName.get(name);
  if (known) return known;
  const out = new Set<string>();
  const names = new Set([name]);
  for (const node of code.nodesOfTypes(code.root, code.syntax.assignmentTypes)) {
    for (const a of code.syntax.assignment(node)) {
      if (a.value && code.mentions(a.value, names)) a.names.forEach((n) => out.add(n.text));
    }
  }
  if (code.kind === 'python') {
    // with conn.cursor() as cur:
    for (const item of code.nodesOfTypes(code.root, ['with_item'])) {
      const value = item.childForFieldName('value');
      if (value?.type !== 'as_pattern') continue;
      const expr = value.namedChild(0);
      const alias = value.childForFieldName('alias');
      if (expr && alias && code.mentions(expr, names)) code.identifiers(alias).forEach((n) => out.add(n));
    }
  }
  byName.set(name, out);
  return out;
}

function within(inner: Node, outer: Node): boolean {
  return inner.startIndex >= outer.startIndex && inner.endIndex <= outer.endIndex;
}
