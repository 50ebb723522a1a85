/**
 * The database side of a code file, as the outbox rules see it: every operation that reads or
 * writes a table (SQL text handed to a driver, ORM and query-builder calls, entity fields set on
 * an outbox row), what it does to which table, and when its transaction commits. Built once per
 * document and shared by OBX001–OBX003.
 *
 * Positions are document offsets. Callbacks that run where they are written (a transaction
 * callback, `forEach`) belong to the function around them, so one relay or handler is one
 * "host" function whose operations can be ordered by offset.
 */
import type { Node } from 'web-tree-sitter';
import type { CallSite, CodeModel } from '../../code/codeModel';
import type { CodeDocument } from '../../parsing/document';
import type { CodeKind } from '../../parsing/fileKinds';
import {
  DATABASE_CLIENTS,
  isSentColumn,
  isStatusColumn,
  MARK_METHOD,
  OUTBOX_NAME,
  SENT_STATUS,
  type DatabaseTable,
} from './database';
import { sqlEffects, stringValue, type SqlEffect } from './sqlInCode';

export type DbRole =
  | 'mark'
  | 'outboxInsert'
  | 'outboxRead'
  | 'outboxOther'
  | 'write'
  | 'read'
  | 'begin'
  | 'commit'
  | 'rollback';

export interface DbOp {
  role: DbRole;
  /** The node reported and ordered by: the call, or the assignment/setter of an entity field. */
  node: Node;
  /** The host function (undefined at file level). */
  host: Node | undefined;
  /** Short description for messages: `UPDATE outbox`, `OutboxEvent.objects…update(...)`. */
  label: string;
  /** Table or model name as the code names it. */
  table: string | undefined;
  /** Text of the object the operation runs on (`cur`, `tx`, `self.session`), when there is one. */
  receiver: string | undefined;
  /** The root name of that object (`self` excluded): `cur`, `tx`, `session`. */
  receiverRoot: string | undefined;
  /** The operation hands rows back (`UPDATE … RETURNING`, `DELETE … RETURNING`). */
  returnsRows: boolean;
  style: 'sql' | 'orm' | 'entity';
  /** The call, for SQL and ORM operations. */
  call: CallSite | undefined;
  /** The SQL argument, for SQL operations. */
  sqlArg: Node | undefined;
  /** For an entity field set on an outbox row: the later call that writes it (`save(e)`), if any. */
  persistedBy: CallSite | undefined;
}

export type TxKind = 'block' | 'managed' | 'explicit' | 'autocommit' | 'unknown';

export interface TxContext {
  kind: TxKind;
  /** Operations with the same unit share one transaction. */
  unit: string;
  /** Offset at which the operation's transaction has committed (Infinity: after the host returns, or never seen). */
  commitAt: number;
  /** The transaction block (`with` statement or callback function) for `block`. */
  block?: Node;
  /** The commit call ending an `explicit` transaction, when seen. */
  commit?: CallSite;
}

const ROLE_PRIORITY: DbRole[] = ['mark', 'outboxInsert', 'write', 'outboxOther', 'outboxRead', 'begin', 'commit', 'rollback', 'read'];

const cache = new WeakMap<CodeModel, DatabaseModel>();

export function databaseModel(doc: CodeDocument): DatabaseModel {
  let model = cache.get(doc.code);
  if (!model) {
    model = new DatabaseModel(doc);
    cache.set(doc.code, model);
  }
  return model;
}

export class DatabaseModel {
  readonly code: CodeModel;
  readonly kind: CodeKind;
  readonly table: DatabaseTable;
  readonly ops: DbOp[];
  private commitCache: { call: CallSite; host: Node | undefined }[] | undefined;
  private outboxRows = new Map<number, Set<string>>();
  // tree-sitter finds a node's parent by descending from the root, which is slow next to a wide
  // root (a module with hundreds of functions): hosts and managed flags are looked up once per node
  private hosts = new Map<number, Node | undefined>();
  private managed = new Map<number, boolean>();
  private pythonMode: { django: boolean; asyncpg: boolean; autocommit: boolean } | undefined;

  constructor(readonly doc: CodeDocument) {
    this.code = doc.code;
    this.kind = doc.kind;
    this.table = DATABASE_CLIENTS[doc.kind];
    this.ops = this.collect();
  }

  // ---------------------------------------------------------------- hosts

  /** The function a node's effects belong to, skipping callbacks that run in place. */
  hostOf(node: Node): Node | undefined {
    if (this.hosts.has(node.id)) return this.hosts.get(node.id);
    let fn = this.code.enclosingFunction(node);
    while (fn && this.isInlineCallback(fn)) fn = this.code.enclosingFunction(fn);
    this.hosts.set(node.id, fn);
    return fn;
  }

  /** A function passed to a call that runs it right away (`forEach`, a transaction callback). */
  isInlineCallback(fn: Node): boolean {
    // declarations are never arguments
    if (/^(function_definition|function_declaration|method_definition|method_declaration|constructor_declaration|generator_function_declaration)$/.test(fn.type)) return false;
    const call = this.callTakingCallback(fn);
    if (!call) return false;
    if (!this.table.inlineCallbacks.includes(call.name)) return false;
    if (this.kind === 'java' && ['execute', 'run', 'call'].includes(call.name)) {
      return !!call.receiver && this.table.transactionReceiver.test(call.receiver);
    }
    return true;
  }

  /** The call a function literal is an argument of, if it is one. */
  callTakingCallback(fn: Node): CallSite | undefined {
    let parent = fn.parent;
    if (parent && (parent.type === 'parenthesized_expression' || parent.type === 'argument')) parent = parent.parent;
    if (!parent || !/argument/.test(parent.type)) return undefined;
    const call = parent.parent;
    if (!call || !this.code.syntax.call.has(call.type)) return undefined;
    return this.code.callSite(call);
  }

  /** True when `fn` is an async function whose awaits do not hold up the caller (`forEach(async …)`). */
  isDetachedAsync(fn: Node): boolean {
    return /^async\b/.test(fn.text) && !!this.callTakingCallback(fn);
  }

  opsIn(host: Node | undefined): DbOp[] {
    return this.ops.filter((o) => sameOrBoth(o.host, host));
  }

  // ---------------------------------------------------------------- collection

  private collect(): DbOp[] {
    const code = this.code;
    const t = this.table;
    const ops: DbOp[] = [];
    const sqlCalls = new Set<number>();
    for (const call of code.callsNamed([...new Set([...t.sqlMethods, ...t.sqlTags])])) {
      const op = this.sqlOp(call);
      if (!op) continue;
      sqlCalls.add(call.node.id);
      ops.push(op);
    }
    const ormNames = new Set([...t.ormUpdate, ...t.ormDelete, ...t.ormInsert]);
    for (const name of this.customMarkMethodNames()) ormNames.add(name);
    for (const call of code.callsNamed(ormNames)) {
      if (sqlCalls.has(call.node.id)) continue;
      const op = this.ormOp(call);
      if (op) ops.push(op);
    }
    // `repository.save(e)` / `event.save()` right after a field set on the row writes that mark, it inserts nothing
    const entity = this.entityMarks();
    const persists = new Set(entity.map((e) => e.persistedBy?.node.id).filter((id) => id !== undefined));
    const kept = ops.filter((o) => !(o.role === 'outboxInsert' && o.call && persists.has(o.call.node.id)));
    kept.push(...entity);
    return kept.sort((a, b) => a.node.startIndex - b.node.startIndex);
  }

  private sqlOp(call: CallSite): DbOp | undefined {
    const argsNode = call.node.childForFieldName('arguments');
    let sqlArg: Node | undefined;
    let text: string | undefined;
    if (argsNode?.type === 'template_string') {
      // tagged template: sql`…`, prisma.$executeRaw`…`
      if (!this.table.sqlTags.includes(call.name.replace(/^\$/, ''))) return undefined;
      sqlArg = argsNode;
      text = stringValue(this.code, argsNode);
    } else {
      for (const arg of call.args) {
        if (arg.type === 'keyword_argument') continue;
        const value = stringValue(this.code, arg);
        if (value !== undefined) {
          sqlArg = arg;
          text = value;
          break;
        }
      }
    }
    if (!sqlArg || text === undefined || !/\b(insert|update|delete|merge|select|with|begin|start|commit|end|rollback)\b/i.test(text)) return undefined;
    const effects = sqlEffects(text);
    if (effects.length === 0) return undefined;
    const ranked = effects.map((e) => ({ e, role: this.sqlRole(e) })).sort((a, b) => ROLE_PRIORITY.indexOf(a.role) - ROLE_PRIORITY.indexOf(b.role));
    const { e, role } = ranked[0]!;
    // the parser folds unquoted names to lower case; the message shows the name as written
    const written = e.table ? new RegExp(`\\b${e.table.replace(/[^\w]/g, '')}\\b`, 'i').exec(text)?.[0] : undefined;
    return {
      role,
      node: call.node,
      host: this.hostOf(call.node),
      label: sqlLabel(written ? { ...e, table: written } : e),
      table: e.table,
      receiver: call.receiver,
      receiverRoot: rootName(call.receiverNode),
      returnsRows: effects.some((x) => x.returning),
      style: 'sql',
      call,
      sqlArg,
      persistedBy: undefined,
    };
  }

  private sqlRole(e: SqlEffect): DbRole {
    const outbox = !!e.table && OUTBOX_NAME.test(e.table);
    switch (e.kind) {
      case 'begin':
      case 'commit':
      case 'rollback':
        return e.kind;
      case 'insert':
        return outbox ? 'outboxInsert' : 'write';
      case 'update':
        if (!outbox) return 'write';
        return e.sets.some((s) => isMarkingAssignment(s.column, s.value)) ? 'mark' : 'outboxOther';
      case 'delete':
        if (!outbox) return 'write';
        // DELETE … WHERE published_at < now() - interval '7 days' cleans up rows already sent
        return e.whereColumns.some((c) => isSentColumn(c) || isStatusColumn(c)) ? 'outboxOther' : 'mark';
      case 'merge':
        return outbox ? 'outboxOther' : 'write';
      case 'select':
        return e.reads.some((r) => OUTBOX_NAME.test(r)) ? 'outboxRead' : 'read';
      default:
        return 'read';
    }
  }

  /** Repository methods named like a mark (`outboxRepository.markAsSent(ids)`), found in the text and confirmed on the tree. */
  private customMarkMethodNames(): string[] {
    const names = new Set<string>();
    for (const m of this.code.text.matchAll(/\b(?:set|mark)(?:As)?[A-Z]\w*|\bmark_(?:as_)?[a-z_]+/g)) {
      if (MARK_METHOD.test(m[0]) || /^mark_(as_)?(sent|published|processed|dispatched|delivered|done)$/.test(m[0])) names.add(m[0]);
    }
    return [...names];
  }

  private ormOp(call: CallSite): DbOp | undefined {
    const t = this.table;
    const code = this.code;
    const top = chainTop(code, call.node);
    const receiver = call.receiver ?? '';
    const host = this.hostOf(call.node);
    const firstArg = call.args[0];
    const rows = this.outboxRowNames(host);
    const isCustomMark = !t.ormUpdate.includes(call.name) && !t.ormDelete.includes(call.name) && !t.ormInsert.includes(call.name);
    const mentionsOutbox =
      OUTBOX_NAME.test(receiver) ||
      (!!firstArg && (OUTBOX_NAME.test(firstArg.text) || code.mentions(firstArg, rows))) ||
      (call.receiverNode !== null && rootName(call.receiverNode) !== undefined && rows.has(rootName(call.receiverNode)!)) ||
      (top.id !== call.node.id && OUTBOX_NAME.test(code.text.slice(call.node.endIndex, top.endIndex)));
    const receiverIsDb = t.ormReceiver.test(receiver) || this.isKnexBuilder(call) || (this.kind === 'python' && /\.objects\b/.test(receiver));
    if (!mentionsOutbox && !receiverIsDb) return undefined;
    // TypeORM's `repository.create(dto)` only builds an entity in memory; Prisma's `prisma.order.create` writes
    if (call.name === 'create' && (this.kind === 'typescript' || this.kind === 'tsx' || this.kind === 'javascript') && /repo(sitory)?$|Repository$/i.test(receiver)) {
      return undefined;
    }
    // a method on an entity (`event.save()`, `e.markSent()`) needs an outbox row or a database receiver
    if (!call.receiver && this.kind !== 'python') return undefined;
    if (!call.receiver && this.kind === 'python' && !['update', 'delete', 'insert'].includes(call.name)) return undefined;
    if (!call.receiver && this.kind === 'python' && !mentionsOutbox) return undefined;
    let role: DbRole;
    if (isCustomMark) {
      // `event.setSent(true)` on an entity is an entity mark; `outboxRepository.markSent(id)` marks in the database
      if (!mentionsOutbox || (call.receiverNode && rows.has(rootName(call.receiverNode) ?? ''))) return undefined;
      role = 'mark';
    } else if (t.ormUpdate.includes(call.name)) {
      if (!mentionsOutbox) role = 'write';
      else role = this.chainSetsMark(call, top) ? 'mark' : 'outboxOther';
    } else if (t.ormDelete.includes(call.name)) {
      if (!mentionsOutbox) role = 'write';
      else role = this.chainFiltersOnSent(call, top) ? 'outboxOther' : 'mark';
    } else {
      role = mentionsOutbox ? 'outboxInsert' : 'write';
    }
    return {
      role,
      node: top,
      host,
      label: ormLabel(call),
      table: undefined,
      receiver: call.receiver,
      receiverRoot: rootName(call.receiverNode),
      returnsRows: false,
      style: 'orm',
      call,
      sqlArg: undefined,
      persistedBy: undefined,
    };
  }

  /** `knex('outbox')…`, `trx('orders')…`: a query builder started from a table name. */
  private isKnexBuilder(call: CallSite): boolean {
    if (this.kind !== 'typescript' && this.kind !== 'javascript' && this.kind !== 'tsx') return false;
    let node: Node | null = call.receiverNode;
    for (let i = 0; node && i < 12; i++) {
      if (node.type === 'call_expression') {
        const fn = node.childForFieldName('function');
        if (fn?.type === 'identifier' && /^(knex|trx|db|tx|k)$/.test(fn.text)) return true;
        node = fn;
      } else if (node.type === 'member_expression') node = node.childForFieldName('object');
      else break;
    }
    return /\.(table|from|into)\(/.test(call.receiver ?? '');
  }

  /** An ORM update whose assigned columns include a done-marker with a non-false value. */
  private chainSetsMark(call: CallSite, top: Node): boolean {
    for (const { key, value } of this.assignedKeys(call, top)) {
      if (isMarkingAssignment(key, valueOf(value))) return true;
    }
    return false;
  }

  /** An ORM delete filtered on a done-marker (`filter(published_at__lt=…)`, `Where("sent_at < ?")`): cleanup, not marking. */
  private chainFiltersOnSent(call: CallSite, top: Node): boolean {
    const code = this.code;
    for (const c of code.callsIn(top)) {
      if (!/^(filter|filter_by|where|Where|whereIn|andWhere|exclude|findBy\w*)$/.test(c.name) && c.node.id !== call.node.id) continue;
      for (const arg of c.args) {
        const words =
          arg.type === 'keyword_argument'
            ? [arg.childForFieldName('name')?.text ?? '']
            : (stringValue(code, arg) ?? (c.node.id === call.node.id ? '' : arg.text)).match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? [];
        if (words.some((w) => isSentColumn(w.replace(/__\w+$/, '')))) return true;
      }
    }
    return false;
  }

  /** Keys and values assigned by an ORM update chain: keyword arguments, dict/object/map keys, `Update("col", v)`. */
  private assignedKeys(call: CallSite, top: Node): { key: string; value: Node | null }[] {
    const out: { key: string; value: Node | null }[] = [];
    const code = this.code;
    const calls = code.callsIn(top).filter((c) => c.node.startIndex >= call.node.startIndex || c.node.id === call.node.id || top.id !== call.node.id);
    for (const c of calls) {
      if (c.name !== call.name && !['values', 'set', 'Set', 'data', 'UpdateColumn', 'Updates', 'Update'].includes(c.name) && c.node.id !== call.node.id) continue;
      for (const arg of c.args) out.push(...this.keysOf(arg));
      if (this.kind === 'go' && /^Update(Column)?$/.test(c.name) && c.args.length >= 2) {
        const key = stringValue(code, c.args[0]);
        if (key) out.push({ key, value: c.args[1] ?? null });
      }
    }
    return out;
  }

  private keysOf(arg: Node): { key: string; value: Node | null }[] {
    const out: { key: string; value: Node | null }[] = [];
    const code = this.code;
    if (arg.type === 'keyword_argument') {
      const name = arg.childForFieldName('name')?.text;
      if (name) out.push({ key: name, value: arg.childForFieldName('value') });
      return out;
    }
    const pairTypes = ['pair', 'keyed_element'];
    const containers = ['dictionary', 'object', 'literal_value', 'composite_literal'];
    if (containers.includes(arg.type) || arg.type === 'unary_expression') {
      for (const pair of arg.descendantsOfType(pairTypes)) {
        if (!pair) continue;
        let keyNode: Node | null;
        let valueNode: Node | null;
        if (pair.type === 'pair') {
          keyNode = pair.childForFieldName('key');
          valueNode = pair.childForFieldName('value');
        } else {
          keyNode = pair.namedChild(0);
          valueNode = pair.namedChild(1);
        }
        if (!keyNode) continue;
        const key = stringValue(code, keyNode.type === 'literal_element' ? keyNode.namedChild(0) : keyNode) ?? lastSegment(keyNode.text);
        out.push({ key, value: valueNode?.type === 'literal_element' ? valueNode.namedChild(0) : valueNode });
      }
    }
    return out;
  }

  /** Names in `host` that hold outbox rows: loaded through an outbox model, typed as one, or named so. */
  outboxRowNames(host: Node | undefined): Set<string> {
    const key = host?.id ?? -1;
    const cached = this.outboxRows.get(key);
    if (cached) return cached;
    const code = this.code;
    const scope = host ?? code.root;
    const seeds = new Set<string>();
    for (const a of code.assignmentsIn(scope)) {
      const declaration = a.node.parent && /declaration|var_spec/.test(a.node.parent.type) ? a.node.parent : a.node;
      const typeNode = declaration.childForFieldName('type');
      if ((a.value && OUTBOX_NAME.test(a.value.text)) || (typeNode && OUTBOX_NAME.test(typeNode.text))) a.names.forEach((n) => seeds.add(n));
      a.names.filter((n) => OUTBOX_NAME.test(n)).forEach((n) => seeds.add(n));
    }
    for (const spec of scope.descendantsOfType(['var_spec', 'local_variable_declaration', 'enhanced_for_statement'])) {
      if (!spec) continue;
      const typeNode = spec.childForFieldName('type');
      if (!typeNode || !OUTBOX_NAME.test(typeNode.text)) continue;
      for (const n of spec.descendantsOfType('identifier')) {
        if (n && (n.parent?.type === 'var_spec' || n.parent?.type === 'variable_declarator' || n.parent?.id === spec.id)) seeds.add(n.text);
      }
    }
    // for event in OutboxEvent.objects.filter(…) / for (OutboxEvent e : outboxRepository.findUnsent())
    for (const loop of scope.descendantsOfType([...code.syntax.loop])) {
      const binding = loop ? code.syntax.loopBinding(loop) : undefined;
      if (binding?.iterable && OUTBOX_NAME.test(binding.iterable.text)) binding.names.forEach((n) => seeds.add(n.text));
    }
    if (host) {
      for (const p of code.syntax.parameters(host)) {
        const decl = p.parent;
        if (OUTBOX_NAME.test(p.text) || (decl && OUTBOX_NAME.test(decl.text))) seeds.add(p.text);
      }
    }
    const derived = seeds.size > 0 ? code.derivedNames(scope, seeds) : seeds;
    this.outboxRows.set(key, derived);
    return derived;
  }

  /** `row.sent = True`, `event.publishedAt = new Date()`, `e.setSent(true)`, `e.PublishedAt = &now` on an outbox row. */
  private entityMarks(): DbOp[] {
    const code = this.code;
    const out: DbOp[] = [];
    if (!/(sent|published|processed|dispatched|delivered|relayed|done|completed|status|state)/i.test(code.text)) return out;
    for (const host of this.markingHosts()) {
      // outbox rows are named, typed or loaded as such somewhere in the function itself
      if (!host || !OUTBOX_NAME.test(host.text)) continue;
      const rows = this.outboxRowNames(host);
      if (rows.size === 0) continue;
      for (const a of code.assignmentsIn(host)) {
        const left = a.node.childForFieldName('left');
        const target = left?.type === 'expression_list' ? left.namedChild(0) : left;
        if (!target || !/attribute|member_expression|selector_expression|field_access/.test(target.type)) continue;
        const object = target.childForFieldName('object') ?? target.childForFieldName('operand');
        const field = target.childForFieldName('attribute') ?? target.childForFieldName('property') ?? target.childForFieldName('field');
        if (!object || !field || !rows.has(rootName(object) ?? '')) continue;
        if (!isMarkingAssignment(field.text, valueOf(a.value))) continue;
        out.push(this.entityOp(a.node, host, `${target.text} = …`, rootName(object)!));
      }
      if (this.kind === 'java') {
        for (const call of code.callsIn(host)) {
          if (!call.receiverNode || !rows.has(rootName(call.receiverNode) ?? '')) continue;
          if (!MARK_METHOD.test(call.name)) continue;
          if (/^setStatus|^setState/.test(call.name)) continue;
          const arg = call.args[0];
          if (arg && /^(false|null)$/.test(arg.text)) continue;
          out.push(this.entityOp(call.node, host, `${call.callee}(...)`, rootName(call.receiverNode)!));
        }
        for (const call of code.callsIn(host)) {
          if (!/^set(Status|State)$/.test(call.name) || !call.receiverNode || !rows.has(rootName(call.receiverNode) ?? '')) continue;
          const arg = call.args[0];
          if (arg && SENT_STATUS.test(lastSegment(stringValue(code, arg) ?? arg.text))) out.push(this.entityOp(call.node, host, `${call.callee}(...)`, rootName(call.receiverNode)!));
        }
      }
    }
    return out;
  }

  /**
   * Functions that may mark an outbox row through an entity: the ones around a `.sent = …`,
   * `.publishedAt = …`, `.setSent(…)` or `.setStatus(…)` in the text, confirmed on the tree. Found
   * from those anchors rather than by listing every function, which costs a walk of the whole file.
   */
  private markingHosts(): Node[] {
    const code = this.code;
    const hosts = new Map<number, Node>();
    for (const m of code.text.matchAll(/\.\s*([A-Za-z_]\w*)\s*(=(?!=)|\()/g)) {
      const name = m[1]!;
      const isCall = m[2] === '(';
      const relevant = isCall ? MARK_METHOD.test(name) || /^set(Status|State)$/.test(name) : isSentColumn(name) || isStatusColumn(name);
      if (!relevant) continue;
      const at = m.index + m[0].indexOf(name, 1);
      const leaf = code.root.descendantForIndex(at, at + name.length);
      const fn = leaf ? code.enclosingFunction(leaf) : undefined;
      if (fn && !hosts.has(fn.id) && !this.isInlineCallback(fn)) hosts.set(fn.id, fn);
    }
    return [...hosts.values()];
  }

  private entityOp(node: Node, host: Node, label: string, row: string): DbOp {
    const persisted = this.code
      .callsIn(host)
      .find(
        (c) =>
          c.node.startIndex > node.endIndex &&
          this.table.persistMethods.includes(c.name) &&
          (c.args.some((a) => this.code.mentions(a, new Set([row]))) || rootName(c.receiverNode) === row),
      );
    return {
      role: 'mark',
      node,
      host,
      label,
      table: undefined,
      receiver: persisted?.receiver,
      receiverRoot: persisted ? rootName(persisted.receiverNode) : undefined,
      returnsRows: false,
      style: 'entity',
      call: undefined,
      sqlArg: undefined,
      persistedBy: persisted,
    };
  }

  // ---------------------------------------------------------------- transactions

  /** Database commit calls (and SQL COMMITs) in the file, in source order. */
  commits(): CallSite[] {
    return this.commitEntries().map((e) => e.call);
  }

  private commitEntries(): { call: CallSite; host: Node | undefined }[] {
    if (!this.commitCache) {
      const fromCalls = this.code
        .callsNamed(this.table.commitMethods)
        .filter((c) => !!c.receiver && this.table.databaseReceiver.test(c.receiver) && !/consumer|kafka|producer/i.test(c.receiver));
      const fromSql = this.ops.filter((o) => o.role === 'commit' && o.call).map((o) => o.call!);
      this.commitCache = [...fromCalls, ...fromSql]
        .sort((a, b) => a.node.startIndex - b.node.startIndex)
        .map((call) => ({ call, host: this.hostOf(call.node) }));
    }
    return this.commitCache;
  }

  commitsIn(host: Node | undefined): CallSite[] {
    return this.commitEntries()
      .filter((e) => sameOrBoth(e.host, host))
      .map((e) => e.call);
  }

  /**
   * The transaction block around a node within its host: a `with` statement or a transaction
   * callback. Blocks nested in another are savepoints (psycopg, SQLAlchemy `begin_nested`, Django
   * `atomic`, knex), so the outermost one is the transaction that commits.
   */
  transactionBlock(node: Node, host: Node | undefined): { block: Node; end: number } | undefined {
    const code = this.code;
    let found: { block: Node; end: number } | undefined;
    for (let current = code.parentOf(node); current && !(host && current.id === host.id); current = code.parentOf(current)) {
      if (this.kind === 'python' && current.type === 'with_statement') {
        if (this.isTransactionWith(current)) found = { block: current, end: current.endIndex };
        continue;
      }
      if (code.syntax.function.has(current.type) && current.id !== host?.id) {
        const call = this.callTakingCallback(current);
        if (call && this.table.transactionBlocks.includes(call.name) && this.isTransactionCall(call)) {
          const stmt = code.statementOf(call.node);
          found = { block: current, end: stmt ? stmt.node.endIndex : call.node.endIndex };
        }
        continue;
      }
      if (code.syntax.call.has(current.type)) {
        // prisma.$transaction([ … ]): every query in the array runs in one transaction
        const site = code.callSite(current);
        if (site.name === '$transaction' && node.startIndex > (site.node.childForFieldName('arguments')?.startIndex ?? Infinity)) {
          const stmt = code.statementOf(current);
          found = { block: current, end: stmt ? stmt.node.endIndex : current.endIndex };
        }
      }
    }
    return found;
  }

  private isTransactionCall(call: CallSite): boolean {
    if (this.kind === 'java' && ['execute', 'run', 'call'].includes(call.name)) {
      return !!call.receiver && this.table.transactionReceiver.test(call.receiver);
    }
    if ((this.kind === 'typescript' || this.kind === 'javascript' || this.kind === 'tsx') && call.name === 'tx') {
      return !!call.receiver && /db|pg|database/i.test(call.receiver);
    }
    return true;
  }

  /**
   * `with conn:`, `with conn.transaction():`, `with session.begin():`, `with transaction.atomic():`,
   * `with psycopg.connect(…) as conn:`, `with pool.connection() as conn:`.
   */
  private isTransactionWith(withStmt: Node): boolean {
    // the statement's own items: a `with closing(consumer):` or a tracing span around the loop is
    // no transaction because a `with transaction.atomic():` is nested in it
    const clause = withStmt.namedChildren.find((c) => c?.type === 'with_clause');
    for (const item of clause?.namedChildren ?? []) {
      if (item?.type !== 'with_item') continue;
      const value = item.childForFieldName('value');
      if (!value) continue;
      const expr = value.type === 'as_pattern' ? value.namedChild(0) : value;
      if (!expr) continue;
      if (expr.type === 'identifier' || expr.type === 'attribute') {
        if (/(^|\.|_)(conn|connection|db|cnx)$/i.test(expr.text)) return true;
        continue;
      }
      if (expr.type === 'call') {
        const site = this.code.callSite(expr);
        if (this.table.transactionBlocks.includes(site.name) && site.name !== 'begin_nested') return true;
        if (site.name === 'connect' && /psycopg/.test(site.callee)) return true;
        if (isPoolConnection(site)) return true;
      }
    }
    return false;
  }

  /** True when the host runs in one framework-managed transaction (`@Transactional`, `@transaction.atomic`). */
  isManaged(host: Node | undefined): boolean {
    if (!host) return false;
    let known = this.managed.get(host.id);
    if (known === undefined) this.managed.set(host.id, (known = this.computeManaged(host)));
    return known;
  }

  private computeManaged(host: Node): boolean {
    const markers = this.table.managedMarkers;
    if (markers.length === 0) return false;
    const annotated = (node: Node | null | undefined): boolean => {
      if (!node) return false;
      for (const a of node.descendantsOfType(['annotation', 'marker_annotation', 'decorator'])) {
        if (!a) continue;
        const name = a.childForFieldName('name')?.text ?? a.namedChild(0)?.text ?? '';
        const base = lastSegment(name.replace(/\(.*$/s, ''));
        if (markers.includes(base) && !this.table.unmanagedArguments.test(a.text)) return true;
      }
      return false;
    };
    if (this.kind === 'java') {
      const modifiers = host.namedChildren.find((c) => c?.type === 'modifiers');
      if (annotated(modifiers)) return true;
      const cls = this.code.ancestor(host, (n) => n.type === 'class_declaration');
      if (annotated(cls?.namedChildren.find((c) => c?.type === 'modifiers'))) return true;
      return !!cls && this.calledOnlyFromManaged(host, modifiers, cls);
    }
    if (this.kind === 'python') {
      const decorated = host.parent?.type === 'decorated_definition' ? host.parent : undefined;
      if (!decorated) return false;
      return decorated.namedChildren.some((d) => d?.type === 'decorator' && markers.includes(lastSegment(d.text.replace(/^@/, '').replace(/\(.*$/s, ''))));
    }
    // TypeScript: decorators sit before the method in the class body
    let sibling = host.previousNamedSibling;
    while (sibling && sibling.type === 'decorator') {
      if (annotated(sibling) || markers.includes(lastSegment(sibling.text.replace(/^@/, '').replace(/\(.*$/s, '')))) return true;
      sibling = sibling.previousNamedSibling;
    }
    const cls = this.code.ancestor(host, (n) => n.type === 'class_declaration' || n.type === 'class');
    return !!cls && this.calledOnlyFromManaged(host, undefined, cls);
  }

  /**
   * A private Java method that the class calls only from methods running in one managed transaction
   * (`@Transactional` `place()` calling `doPlace()`): no proxy stands between them, so it runs in the
   * caller's transaction. Any other call (from an unmanaged method, a lambda, a method reference)
   * leaves it unmanaged.
   */
  private calledOnlyFromManaged(host: Node, modifiers: Node | null | undefined, cls: Node): boolean {
    const method = this.kind === 'java' ? 'method_declaration' : 'method_definition';
    if (host.type !== method || !isPrivateMethod(host, modifiers)) return false;
    const name = host.childForFieldName('name')?.text;
    if (!name) return false;
    // a method reference (`this::doPlace`, `this.doPlace` handed on uncalled) runs it from anywhere
    const reference = this.kind === 'java' ? /::\s*([#\w$]+)/g : /\bthis\s*\.\s*([#\w$]+)\b(?!\s*\()/g;
    if ([...cls.text.matchAll(reference)].some((m) => m[1] === name)) return false;
    // a cycle of helpers proves nothing: assume unmanaged while deciding
    this.managed.set(host.id, false);
    const calls = this.code
      .callsNamed([name])
      .filter((c) => c.node.startIndex >= cls.startIndex && c.node.endIndex <= cls.endIndex && (!c.receiver || c.receiver === 'this'));
    const outside = calls.filter((c) => c.node.startIndex < host.startIndex || c.node.endIndex > host.endIndex);
    if (outside.length === 0) return false;
    return outside.every((c) => {
      const caller = this.hostOf(c.node);
      return !!caller && caller.type === method && this.isManaged(caller);
    });
  }

  /** When the transaction that `node` (an operation, or a call standing for one) writes in commits. */
  txContext(node: Node, receiverRoot: string | undefined, host: Node | undefined = this.hostOf(node)): TxContext {
    const code = this.code;
    // a managed method is one transaction; blocks inside it join it (REQUIRED) or are savepoints
    if (this.isManaged(host)) return { kind: 'managed', unit: `fn:${host!.id}`, commitAt: Infinity };
    const block = this.transactionBlock(node, host);
    if (block) return { kind: 'block', unit: `block:${block.block.id}`, commitAt: block.end, block: block.block };
    const at = node.startIndex;
    const commits = this.commitsIn(host);
    const nextCommit = (filter: (c: CallSite) => boolean = () => true) => commits.find((c) => c.node.startIndex > at && filter(c));
    const epoch = (filter: (c: CallSite) => boolean = () => true) => commits.filter((c) => c.node.startIndex < at && filter(c)).length;
    const explicit = (unitKey: string, filter?: (c: CallSite) => boolean): TxContext => {
      const commit = nextCommit(filter);
      return { kind: 'explicit', unit: `explicit:${host?.id ?? 0}:${unitKey}:${epoch(filter)}`, commitAt: commit ? commit.node.endIndex : Infinity, commit };
    };

    // BEGIN … COMMIT sent as SQL on the same connection
    const sqlBegins = this.opsIn(host).filter((o) => (o.role === 'begin' || o.role === 'commit' || o.role === 'rollback') && o.node.startIndex < at && o.receiverRoot === receiverRoot);
    const lastControl = sqlBegins.at(-1);
    if (lastControl?.role === 'begin') {
      const begin = lastControl;
      const end = this.opsIn(host).find((o) => (o.role === 'commit' || o.role === 'rollback') && o.node.startIndex > at && o.receiverRoot === receiverRoot);
      return { kind: 'explicit', unit: `sql:${begin.node.id}`, commitAt: end ? end.node.endIndex : Infinity, commit: end?.call };
    }

    const scope = host ?? code.root;
    // a transaction object begun in this function: tx := db.Begin(), const trx = await knex.transaction()
    if (receiverRoot) {
      const begun = code
        .assignmentsIn(scope)
        .filter((a) => a.names.includes(receiverRoot) && a.node.startIndex < at && !!a.value && code.callsIn(a.value).some((c) => this.table.beginMethods.includes(c.name) && !c.args.some((x) => code.syntax.function.has(x.type))));
      if (begun.length > 0) {
        const last = begun.at(-1)!;
        const onReceiver = (c: CallSite) => rootName(c.receiverNode) === receiverRoot && c.node.startIndex > last.node.startIndex;
        const commit = nextCommit(onReceiver);
        return { kind: 'explicit', unit: `tx:${last.node.id}`, commitAt: commit ? commit.node.endIndex : Infinity, commit };
      }
      // TypeORM: `await qr.startTransaction()` … `qr.manager.save(…)` … `await qr.commitTransaction()`
      if (this.kind === 'typescript' || this.kind === 'tsx' || this.kind === 'javascript') {
        const onRoot = code.callsIn(scope).filter((c) => !!c.receiverNode && rootName(c.receiverNode) === receiverRoot);
        const last = onRoot.filter((c) => c.node.startIndex < at && (c.name === 'startTransaction' || c.name === 'beginTransaction')).at(-1);
        const ends = [...this.table.commitMethods, ...this.table.rollbackMethods];
        const end = last && onRoot.find((c) => c.node.startIndex > last.node.startIndex && ends.includes(c.name));
        // a write after the commit (or rollback) runs on its own again
        if (last && (!end || end.node.startIndex > at)) {
          const commit = end && this.table.commitMethods.includes(end.name) ? end : undefined;
          return { kind: 'explicit', unit: `tx:${last.node.id}`, commitAt: end ? end.node.endIndex : Infinity, commit };
        }
      }
    }

    switch (this.kind) {
      case 'python':
        return this.pythonContext(node, host, explicit);
      case 'java':
        return this.javaContext(node, receiverRoot, host, explicit);
      case 'go':
        if (receiverRoot && (this.table.transactionReceiver.test(receiverRoot) || this.isTransactionParameter(receiverRoot, host))) {
          return { kind: 'unknown', unit: `unknown:${node.id}`, commitAt: Infinity };
        }
        return autocommit(node);
      default:
        // node-postgres, knex, Prisma, TypeORM, Sequelize: one query, one transaction
        if (receiverRoot && (this.table.transactionReceiver.test(receiverRoot) || this.isTransactionParameter(receiverRoot, host))) {
          return { kind: 'unknown', unit: `unknown:${node.id}`, commitAt: Infinity };
        }
        if (this.passesTransactionOption(node)) return { kind: 'unknown', unit: `unknown:${node.id}`, commitAt: Infinity };
        return autocommit(node);
    }
  }

  /** Sequelize/TypeORM style `{ transaction: t }` option: the call joins a transaction begun elsewhere. */
  private passesTransactionOption(node: Node): boolean {
    return /\btransaction\s*[:,}]/.test(node.text) || /\{\s*transaction\s*\}/.test(node.text);
  }

  /** A parameter whose type or name says it is a transaction (`tx pgx.Tx`, `trx: Knex.Transaction`). */
  private isTransactionParameter(name: string, host: Node | undefined): boolean {
    if (!host) return false;
    for (const p of this.code.syntax.parameters(host)) {
      if (p.text !== name) continue;
      const decl = p.parent;
      if (decl && /\bTx\b|Transaction|\*sql\.Tx|pgx\.Tx|sqlx\.Tx|EntityManager|Connection/.test(decl.text)) return true;
      return this.table.transactionReceiver.test(name);
    }
    return false;
  }

  private pythonContext(
    node: Node,
    host: Node | undefined,
    explicit: (unitKey: string, filter?: (c: CallSite) => boolean) => TxContext,
  ): TxContext {
    const mode = this.pythonFileMode();
    const op = this.ops.find((o) => o.node.id === node.id);
    const receiver = op?.receiver ?? '';
    const call = this.code.syntax.call.has(node.type) ? this.code.callSite(node) : undefined;
    const djangoOrm =
      /\.objects\b/.test(receiver) || (op?.style === 'entity' && mode.django) || (mode.django && (call?.name === 'save' || call?.name === 'delete'));
    if ((mode.django || djangoOrm) && host && this.code.syntax.parameters(host).some((p) => p.text === 'request')) {
      // a view: ATOMIC_REQUESTS may run the whole request in one transaction
      return { kind: 'unknown', unit: `unknown:${node.id}`, commitAt: Infinity };
    }
    if (djangoOrm || (mode.django && op?.style === 'sql')) return autocommit(node);
    if (mode.asyncpg || mode.autocommit) return autocommit(node);
    return explicit('py');
  }

  /** Django: imported, or its ORM (`Model.objects…`) in use. */
  isDjango(): boolean {
    return this.kind === 'python' && (this.pythonFileMode().django || this.ops.some((o) => /\.objects\b/.test(o.receiver ?? '')));
  }

  /** Python: the file turns autocommit on (`connect(…, autocommit=True)`, `conn.autocommit = True`). */
  autocommitsPython(): boolean {
    return this.kind === 'python' && this.pythonFileMode().autocommit;
  }

  private pythonFileMode(): { django: boolean; asyncpg: boolean; autocommit: boolean } {
    if (this.pythonMode) return this.pythonMode;
    const imports = this.code.root.namedChildren.filter((c) => c && /import/.test(c.type)).map((c) => c!.text);
    const django = imports.some((i) => /\bdjango\b/.test(i));
    const asyncpg = imports.some((i) => /\basyncpg\b/.test(i));
    let autocommit = false;
    for (const m of this.code.text.matchAll(/\bautocommit\b/g)) {
      const leaf = this.code.root.descendantForIndex(m.index, m.index + m[0].length);
      const parent = leaf?.parent;
      if (!parent) continue;
      // connect(…, autocommit=True), conn.autocommit = True, ConnectionPool(…, kwargs={"autocommit": True})
      const key = parent.type === 'string' && parent.parent?.type === 'pair' && parent.parent.childForFieldName('key')?.id === parent.id ? parent.parent : undefined;
      const holder = parent.type === 'keyword_argument' ? parent : parent.parent?.type === 'assignment' ? parent.parent : key;
      const value = holder?.childForFieldName(holder.type === 'keyword_argument' || holder.type === 'pair' ? 'value' : 'right');
      if (value?.type === 'true') autocommit = true;
    }
    this.pythonMode = { django, asyncpg, autocommit };
    return this.pythonMode;
  }

  private javaContext(
    node: Node,
    receiverRoot: string | undefined,
    host: Node | undefined,
    explicit: (unitKey: string, filter?: (c: CallSite) => boolean) => TxContext,
  ): TxContext {
    const code = this.code;
    const calls = host ? code.callsIn(host) : [];
    const manual = calls.find(
      (c) =>
        c.node.startIndex < node.startIndex &&
        ((c.name === 'setAutoCommit' && c.args[0]?.text === 'false') || (this.table.beginMethods.includes(c.name) && !!c.receiver && /transaction|tx|session/i.test(c.receiver))),
    );
    if (manual) return explicit('jdbc');
    if (receiverRoot && this.isTransactionParameter(receiverRoot, host)) {
      return { kind: 'unknown', unit: `unknown:${node.id}`, commitAt: Infinity };
    }
    return autocommit(node);
  }
}

/**
 * psycopg_pool `pool.connection()` (and DBUtils' `PooledDB.connection()`): the connection it lends
 * commits what is still open when the block ends, or rolls it back on an error.
 */
export function isPoolConnection(site: CallSite): boolean {
  return site.name === 'connection' && site.args.length === 0 && !!site.receiver && /(^|\.|_)pool$/i.test(site.receiver);
}

function autocommit(node: Node): TxContext {
  return { kind: 'autocommit', unit: `auto:${node.id}`, commitAt: node.endIndex };
}

/** An assignment that marks a row done: a done-marker column set to something other than false/null, or a done status. */
export function isMarkingAssignment(column: string, value: string | boolean | null | undefined): boolean {
  if (isStatusColumn(column)) return typeof value === 'string' && SENT_STATUS.test(value);
  if (!isSentColumn(column)) return false;
  return value !== false && value !== null;
}

/** The literal value of a code expression: booleans, null/None/nil, strings, enum constants (`Status.SENT` → `SENT`). */
function valueOf(node: Node | null | undefined): string | boolean | null | undefined {
  if (!node) return undefined;
  const t = node.text;
  if (/^(true|True)$/.test(t)) return true;
  if (/^(false|False)$/.test(t)) return false;
  if (/^(null|None|nil|undefined)$/.test(t)) return null;
  const quoted = /^["'`](.*)["'`]$/s.exec(t);
  if (quoted) return quoted[1];
  if (/^[A-Za-z_][\w.]*\.[A-Z_]+$/.test(t)) return lastSegment(t);
  return undefined;
}

function sqlLabel(e: SqlEffect): string {
  const table = e.table ?? 'table';
  switch (e.kind) {
    case 'update':
      return `UPDATE ${table}`;
    case 'delete':
      return `DELETE FROM ${table}`;
    case 'insert':
      return `INSERT INTO ${table}`;
    case 'merge':
      return `MERGE INTO ${table}`;
    case 'select':
      return `SELECT … FROM ${table}`;
    default:
      return e.kind.toUpperCase();
  }
}

/** `OutboxEvent.objects.filter(...).update(...)`, `update(OutboxMessage)`: the call with long arguments elided. */
function ormLabel(call: CallSite): string {
  const callee = call.callee.replace(/\((?:[^()]|\([^()]*\))*\)/g, (m) => (m.length <= 26 && !m.includes('\n') ? m : '(...)'));
  const only = call.args.length === 1 ? call.args[0]! : undefined;
  const args = only && only.text.length <= 24 && !/[\n()]/.test(only.text) ? only.text : call.args.length ? '...' : '';
  return `${callee}(${args})`;
}

/** The outermost call of a method chain that `node` starts: `a.b(x).c(y)` for `a.b(x)`. */
export function chainTop(code: CodeModel, node: Node): Node {
  let current = node;
  for (let i = 0; i < 16; i++) {
    const parent = current.parent;
    if (!parent) break;
    if (/attribute|member_expression|selector_expression/.test(parent.type)) {
      const grand = parent.parent;
      if (grand && code.syntax.call.has(grand.type) && grand.childForFieldName('function')?.id === parent.id) {
        current = grand;
        continue;
      }
      // Go `….Update(…).Error`
      if (parent.type === 'selector_expression') {
        current = parent;
        continue;
      }
      break;
    }
    if (parent.type === 'method_invocation' && parent.childForFieldName('object')?.id === current.id) {
      current = parent;
      continue;
    }
    break;
  }
  return current;
}

/** `cur` in `cur.execute`, `session` in `self.session.add`, `tx` in `tx.outbox.update`, `knex` in `knex('t').where()`. */
export function rootName(node: Node | null | undefined): string | undefined {
  let current = node;
  for (let i = 0; current && i < 16; i++) {
    switch (current.type) {
      case 'identifier':
      case 'this':
      case 'self':
        return current.text;
      case 'attribute':
      case 'member_expression':
      case 'selector_expression':
      case 'field_access': {
        const object = current.childForFieldName('object') ?? current.childForFieldName('operand');
        if (object && (object.text === 'self' || object.text === 'this' || object.text === 'cls')) {
          return (current.childForFieldName('attribute') ?? current.childForFieldName('property') ?? current.childForFieldName('field'))?.text;
        }
        current = object;
        break;
      }
      case 'call':
      case 'call_expression':
        current = current.childForFieldName('function');
        break;
      case 'method_invocation': {
        const object = current.childForFieldName('object');
        if (!object) return current.childForFieldName('name')?.text;
        current = object;
        break;
      }
      case 'await':
      case 'await_expression':
      case 'parenthesized_expression':
      case 'non_null_expression':
        current = current.namedChild(0);
        break;
      default:
        return undefined;
    }
  }
  return undefined;
}

export function lastSegment(text: string): string {
  const parts = text.split('.');
  return parts[parts.length - 1]!.trim();
}

function sameOrBoth(a: Node | undefined, b: Node | undefined): boolean {
  if (!a || !b) return a === b;
  return a.id === b.id;
}

/** `private doPlace()` in Java or TypeScript, or a `#doPlace()` method. */
function isPrivateMethod(method: Node, javaModifiers: Node | null | undefined): boolean {
  if (javaModifiers) return javaModifiers.children.some((c) => c?.type === 'private');
  if (method.childForFieldName('name')?.type === 'private_property_identifier') return true;
  return method.namedChildren.some((c) => c?.type === 'accessibility_modifier' && c.text === 'private');
}
