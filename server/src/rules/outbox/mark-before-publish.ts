/**
 * OBX001 mark-before-publish: an outbox relay commits "this row is done" (UPDATE … SET sent,
 * DELETE FROM outbox, an ORM equivalent) before the broker has acknowledged the publish. A crash
 * in between leaves a row flagged as delivered for an event nobody received: the event is lost.
 */
import type { Node } from 'web-tree-sitter';
import type { CallSite } from '../../code/codeModel';
import type { Fix, Rule, TextEdit } from '../../engine/types';
import type { CodeDocument } from '../../parsing/document';
import { isAsyncWrite } from '../shared/producers';
import { OUTBOX_NAME } from './database';
import { databaseModel, type DatabaseModel, type DbOp } from './dbModel';
import { indentOf, insertLineBefore, moveAfter } from './edits';
import { assignedNames, commonList, exclusive, fallsThrough } from './flow';
import { functionName, hostPublishes, type HostPublish } from './publishing';

export const markBeforePublish: Rule<CodeDocument> = {
  code: 'OBX001',
  name: 'mark-before-publish',
  family: 'outbox',
  severity: 'error',
  summary: 'An outbox row is marked sent before the broker has acknowledged its publish',
  explanation: {
    why:
      'The relay reads a row, publishes it and marks it done. If the mark commits first and the process dies before ' +
      'the broker acknowledges the message (a deploy, an OOM kill, a broker timeout), the row is flagged as delivered ' +
      'while the broker never received it: no retry will ever pick it up, and downstream services silently miss an order or a payment. ' +
      'A publish that is only enqueued (`produce()` without `flush()`, a kafkajs `send()` without `await`, a Java ' +
      '`send()` without `.get()`, a kafka-go `WriteMessages` on a writer built with `Async: true`) is not acknowledged either.',
    fix:
      'Reorders the relay to publish, wait for the acknowledgement (flush, await, `.get()`), and only then mark the row. ' +
      'A crash between publish and mark now re-publishes the row on the next run, so delivery becomes at-least-once: ' +
      'consumers must dedupe on the event id (see DUP001).',
  },
  kinds: ['python', 'typescript', 'tsx', 'javascript', 'java', 'go'],
  requires: ['sql'],
  fixAvailability: 'sometimes',
  fixSafety: 'safe',
  trigger: OUTBOX_NAME,
  check({ doc, report }) {
    const db = databaseModel(doc);
    const marks = markSites(db);
    if (marks.length === 0) return;
    const publishes = hostPublishes(doc);
    if (publishes.length === 0) return;
    for (const mark of marks) {
      if (mark.commitAt === Infinity) continue;
      const hit = firstUnacknowledged(db, mark, publishes);
      if (!hit) continue;
      const fix = buildFix(doc, db, mark, hit.publish, hit.markFirst);
      report({
        start: mark.node.startIndex,
        end: mark.node.endIndex,
        message:
          `Outbox row ${mark.deletes ? 'deleted' : 'marked sent'} by \`${mark.label}\` before \`${hit.publish.call.callee}(...)\` is acknowledged` +
          (isAsyncWrite(db.code, hit.publish.call) ? ' (the writer is `Async`)' : ''),
        fixes: fix ? [fix] : [],
      });
    }
  },
};

interface MarkSite {
  node: Node;
  host: Node | undefined;
  label: string;
  deletes: boolean;
  /** Offset at which the mark's transaction has committed. */
  commitAt: number;
  /** The commit call that ends it, when it is a separate call in the host. */
  commit: CallSite | undefined;
  /** The call that writes an entity mark (`repository.save(e)`), which moves with it. */
  persist: CallSite | undefined;
  op: DbOp | undefined;
}

/** Marks in each host: direct ones, and calls to functions of the same file that mark. */
function markSites(db: DatabaseModel): MarkSite[] {
  const out: MarkSite[] = [];
  const direct = db.ops.filter((o) => o.role === 'mark');
  for (const op of direct) {
    const site = directSite(db, op);
    if (site) out.push(site);
  }
  // marking functions: def _mark_sent(self, ids): … / private void markSent(long id) { … }
  const marking = new Map<string, { fn: Node; commitsInside: boolean; deletes: boolean }>();
  for (const site of out) {
    if (!site.host) continue;
    const name = functionName(site.host);
    if (!name) continue;
    const commitsInside = site.commitAt <= site.host.endIndex || db.isManaged(site.host);
    const prev = marking.get(name);
    marking.set(name, { fn: site.host, commitsInside: (prev?.commitsInside ?? true) && commitsInside, deletes: site.deletes });
  }
  if (marking.size > 0) {
    for (const call of db.code.callsNamed(marking.keys())) {
      const info = marking.get(call.name)!;
      if (call.node.startIndex >= info.fn.startIndex && call.node.endIndex <= info.fn.endIndex) continue;
      if (call.receiver && !/^(self|this|cls|[a-z])$/.test(call.receiver)) continue;
      const host = db.hostOf(call.node);
      let commitAt: number;
      let commit: CallSite | undefined;
      if (db.isManaged(host)) commitAt = Infinity;
      else if (info.commitsInside) commitAt = call.node.endIndex;
      else {
        const ctx = db.txContext(call.node, undefined, host);
        commitAt = ctx.commitAt;
        commit = ctx.commit;
      }
      out.push({ node: call.node, host, label: `${call.callee}(...)`, deletes: info.deletes, commitAt, commit, persist: undefined, op: undefined });
    }
  }
  return out;
}

function directSite(db: DatabaseModel, op: DbOp): MarkSite | undefined {
  const deletes = /^DELETE|\bdel\b|delete|destroy|remove/i.test(op.label) && !/update/i.test(op.label);
  if (op.style === 'entity') {
    // an entity field set on an outbox row is written by a later save, or by the session's commit
    if (op.persistedBy) {
      const ctx = db.txContext(op.persistedBy.node, op.receiverRoot, op.host);
      return {
        node: op.node,
        host: op.host,
        label: op.label,
        deletes: false,
        commitAt: Math.max(ctx.commitAt, op.node.endIndex),
        commit: ctx.commit,
        persist: op.persistedBy,
        op,
      };
    }
    if (db.kind !== 'python') return undefined;
    const ctx = db.txContext(op.node, undefined, op.host);
    if (ctx.kind === 'autocommit') return undefined;
    return { node: op.node, host: op.host, label: op.label, deletes: false, commitAt: ctx.commitAt, commit: ctx.commit, persist: undefined, op };
  }
  const ctx = db.txContext(op.node, op.receiverRoot, op.host);
  return { node: op.node, host: op.host, label: op.label, deletes, commitAt: ctx.commitAt, commit: ctx.commit, persist: undefined, op };
}

/** The first publish in the mark's host that the mark's commit overtakes. */
function firstUnacknowledged(db: DatabaseModel, mark: MarkSite, publishes: HostPublish[]): { publish: HostPublish; markFirst: boolean } | undefined {
  const code = db.code;
  for (const p of publishes) {
    if (!sameHost(p.host, mark.host)) continue;
    if (p.call.node.startIndex >= mark.node.startIndex && p.call.node.endIndex <= mark.node.endIndex) continue;
    if (exclusive(code, mark.node, p.call.node, mark.host)) continue;
    const markFirst = mark.node.startIndex < p.call.node.startIndex;
    if (markFirst) {
      if (!fallsThrough(code, mark.node, p.call.node, mark.host)) continue;
      if (mark.commitAt < p.ackAt) return { publish: p, markFirst };
    } else {
      if (!fallsThrough(code, p.call.node, mark.node, mark.host)) continue;
      if (p.ackAt > mark.commitAt) return { publish: p, markFirst };
    }
  }
  return undefined;
}

// ------------------------------------------------------------------------------------------ fix

function buildFix(doc: CodeDocument, db: DatabaseModel, mark: MarkSite, publish: HostPublish, markFirst: boolean): Fix | undefined {
  if (markFirst) {
    // publish → (its acknowledgement) → mark; when the acknowledgement is out of reach (after a loop
    // that holds the mark too), wait right after the publish instead
    if (publish.inPlace) return moveFix(doc, db, mark, publish, publish.call.node, false);
    if (publish.ackNode && publish.ackAt !== Infinity) {
      const fix = moveFix(doc, db, mark, publish, publish.ackNode, false);
      if (fix) return fix;
    }
    return moveFix(doc, db, mark, publish, publish.call.node, true);
  }
  if (publish.ackNode && publish.ackNode.startIndex > mark.node.startIndex) {
    const fix = moveFix(doc, db, mark, publish, publish.ackNode, false);
    if (fix) return fix;
  }
  return ackInPlaceFix(doc, db, mark, publish);
}

/** Moves the mark (with its commit and result checks) to just after `target`'s statement, adding a wait when `needAck`. */
function moveFix(doc: CodeDocument, db: DatabaseModel, mark: MarkSite, publish: HostPublish, target: Node, needAck: boolean): Fix | undefined {
  const code = db.code;
  const common = commonList(code, mark.node, target, mark.host);
  if (!common || common.a.id === common.b.id || common.a.startIndex > common.b.startIndex) return undefined;
  const statements = code.statements(common.list);
  const from = statements.findIndex((s) => s.id === common.a.id);
  const to = statements.findIndex((s) => s.id === common.b.id);
  if (from < 0 || to < 0) return undefined;

  // ranges of the other effects in this host, read once: tree-sitter offsets cost a call into WebAssembly each
  const range = (n: Node) => ({ start: n.startIndex, end: n.endIndex });
  const markRange = mark.op ? range(mark.op.node) : undefined;
  const others = [
    ...hostPublishes(doc).filter((p) => sameHost(p.host, mark.host)).map((p) => range(p.call.node)),
    ...db
      .opsIn(mark.host)
      .filter((o) => o.role !== 'commit' && o.role !== 'begin' && o.node.id !== mark.node.id && (!mark.op || o.node.id !== mark.op.node.id))
      .map((o) => range(o.node))
      .filter((r) => !(markRange && markRange.start <= r.start && r.end <= markRange.end)),
  ];
  const containsOther = (stmt: Node) => {
    const s = range(stmt);
    return others.some((r) => r.start >= s.start && r.end <= s.end);
  };
  if (containsOther(common.a)) return undefined;

  // the mark's statement, its commit when that sits before the anchor, and the checks right after them
  const moved: Node[] = [common.a];
  for (const follower of [mark.persist, mark.commit]) {
    if (!follower) continue;
    const index = statements.findIndex((s) => within(follower.node, s));
    if (index > from && index < to && !moved.includes(statements[index]!)) {
      if (containsOther(statements[index]!) && !(mark.persist && within(mark.persist.node, statements[index]!))) return undefined;
      moved.push(statements[index]!);
    }
  }
  for (const stmt of [...moved]) {
    const i = statements.findIndex((s) => s.id === stmt.id);
    const next = statements[i + 1];
    if (next && i + 1 < to && !moved.includes(next) && isResultCheck(code, stmt, next)) moved.push(next);
  }
  moved.sort((a, b) => a.startIndex - b.startIndex);
  const between = statements.slice(from + 1, to + 1).filter((s) => !moved.includes(s));

  // the publish reads what the mark returns (UPDATE … RETURNING): no reordering can keep that
  const movedNames = new Set<string>();
  moved.forEach((s) => assignedNames(code, s).forEach((n) => movedNames.add(n)));
  if (between.some((s) => code.mentions(s, movedNames))) return undefined;
  const usedByMoved = new Set<string>();
  moved.forEach((s) => code.identifiers(s).forEach((n) => usedByMoved.add(n)));
  const reassigned = between.some((s) => [...assignedNames(code, s)].some((n) => usedByMoved.has(n)));
  const jumps = between.some((s) => code.jumpsIn(s).some((j) => !insideErrorExit(code, j, s)));
  // a moved commit now also commits whatever the statements it passes write
  const commitMoved = !!mark.commit && moved.some((s) => within(mark.commit!.node, s) && s.id !== common.a.id);
  const writesBetween = commitMoved && db.opsIn(mark.host).some((o) => o.role !== 'read' && o.role !== 'outboxRead' && between.some((s) => within(o.node, s)));
  const anchor = common.b;
  const compoundAnchor =
    /^(try_statement|try_with_resources_statement|if_statement|with_statement|switch_statement|expression_switch_statement)$/.test(anchor.type) && !isErrorExit(code, anchor);

  let prefix = '';
  const extra: TextEdit[] = [];
  if (needAck) {
    const ack = ackStatement(doc, db, publish, indentOf(doc, anchor));
    if (ack === undefined) {
      const awaitEdit = awaitPublish(db, publish);
      if (!awaitEdit) return undefined;
      extra.push(awaitEdit);
    } else prefix = ack;
  }
  const edits = moveAfter(doc, moved, anchor, prefix);
  if (!edits) return undefined;
  const safe = !needAck && !reassigned && !jumps && !compoundAnchor && !writesBetween;
  return {
    title: needAck
      ? `Wait for ${ackLabel(doc, db, publish)}, then run \`${mark.label}\``
      : `Move \`${mark.label}\` after ${publish.inPlace && target.id === publish.call.node.id ? `\`${publish.call.callee}(...)\`` : `\`${callText(code, target)}\``}`,
    safety: safe ? 'safe' : 'unsafe',
    edits: [...extra, ...edits],
  };
}

/** A publish that comes first but is only enqueued: wait for it right before the mark. */
function ackInPlaceFix(doc: CodeDocument, db: DatabaseModel, mark: MarkSite, publish: HostPublish): Fix | undefined {
  const stmt = db.code.statementOf(mark.node);
  if (!stmt) return undefined;
  const line = ackStatement(doc, db, publish, indentOf(doc, stmt.node));
  let edit: TextEdit | undefined;
  if (line !== undefined) edit = insertLineBefore(doc, stmt.node, line.replace(/\r?\n$/, ''));
  else edit = awaitPublish(db, publish);
  if (!edit) return undefined;
  return { title: `Wait for ${ackLabel(doc, db, publish)} before \`${mark.label}\``, safety: 'unsafe', edits: [edit] };
}

/** `producer.flush()` as a statement line (with line break) in the file's language, or undefined where there is none. */
function ackStatement(doc: CodeDocument, db: DatabaseModel, publish: HostPublish, indent: string): string | undefined {
  if (publish.indirect || !publish.call.receiver) return undefined;
  const receiver = publish.call.receiver;
  switch (db.kind) {
    case 'python':
      return `${indent}${awaitPrefix(publish)}${receiver}.flush()${doc.eol}`;
    case 'java':
      return `${indent}${receiver}.flush();${doc.eol}`;
    default:
      return undefined;
  }
}

/** aiokafka's flush is a coroutine. */
function awaitPrefix(publish: HostPublish): string {
  return publish.call.awaited ? 'await ' : '';
}

function ackLabel(doc: CodeDocument, db: DatabaseModel, publish: HostPublish): string {
  if (ackStatement(doc, db, publish, '') !== undefined) return `\`${publish.call.receiver}.flush()\``;
  return `\`${publish.call.callee}(...)\``;
}

/** kafkajs: `producer.send(…)` as a statement in an async function becomes `await producer.send(…)`. */
function awaitPublish(db: DatabaseModel, publish: HostPublish): TextEdit | undefined {
  if (db.kind !== 'typescript' && db.kind !== 'tsx' && db.kind !== 'javascript') return undefined;
  const call = publish.call;
  if (call.awaited || call.node.parent?.type !== 'expression_statement') return undefined;
  const fn = db.code.enclosingFunction(call.node);
  if (!fn || !/^async\b/.test(fn.text) || db.isDetachedAsync(fn)) return undefined;
  return { start: call.node.startIndex, end: call.node.startIndex, newText: 'await ' };
}

/** `if err != nil { … }` / `if cur.rowcount == 0: …` right after a statement, checking what it assigned. */
function isResultCheck(code: DatabaseModel['code'], stmt: Node, next: Node): boolean {
  if (next.type !== 'if_statement') return false;
  const names = assignedNames(code, stmt);
  const condition = next.childForFieldName('condition');
  return names.size > 0 && !!condition && code.mentions(condition, names) && !next.childForFieldName('alternative');
}

/** A jump that is the failure exit of a Go error check somewhere inside `within`. */
function insideErrorExit(code: DatabaseModel['code'], jump: Node, scope: Node): boolean {
  for (let current = jump.parent; current; current = current.parent) {
    if (current.type === 'if_statement' && isErrorExit(code, current)) return true;
    if (current.id === scope.id) return false;
  }
  return false;
}

/** Go's `if err != nil { return … }` (or `if err := f(); err != nil`): the failure exit of a call, not a branch of the relay's logic. */
function isErrorExit(code: DatabaseModel['code'], stmt: Node): boolean {
  if (code.kind !== 'go' || stmt.type !== 'if_statement') return false;
  const condition = stmt.childForFieldName('condition');
  return !!condition && /\berr\b\s*!=\s*nil/.test(condition.text) && !stmt.childForFieldName('alternative');
}

function callText(code: DatabaseModel['code'], node: Node): string {
  if (code.syntax.call.has(node.type)) {
    const site = code.callSite(node);
    return `${site.callee}(${site.args.length === 0 ? '' : '...'})`;
  }
  return node.text.length <= 40 ? node.text : `${node.text.slice(0, 37)}...`;
}

function within(inner: Node, outer: Node): boolean {
  return inner.startIndex >= outer.startIndex && inner.endIndex <= outer.endIndex;
}

function sameHost(a: Node | undefined, b: Node | undefined): boolean {
  if (!a || !b) return a === b;
  return a.id === b.id;
}
