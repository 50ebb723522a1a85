/**
 * COM001 commit-before-side-effect: the consumer commits (or stores) the offset before doing the
 * message's work. A crash between the two loses the work: Kafka resumes after the committed offset.
 */
import type { Node } from 'web-tree-sitter';
import type { CallSite, CodeModel, StatementRef } from '../../code/codeModel';
import { moveStatementAfter } from '../../code/moves';
import type { Fix, Rule } from '../../engine/types';
import type { CodeDocument } from '../../parsing/document';
import { COMMIT_NAMES, SARAMA_SESSION } from './clients';
import { pythonAutoCommit } from './consumerConfig';
import { consumerFile, isMessageSideEffect, messageContextAt, typedNames, type ConsumerFile, type MessageContext } from './consumerContext';
import { isPartOfHandOff } from './handoffs';
import { pendingBlockWrite, pendingWriteFinder } from './transactionCommits';

export const commitBeforeSideEffect: Rule<CodeDocument> = {
  code: 'COM001',
  name: 'commit-before-side-effect',
  family: 'consumer',
  severity: 'error',
  summary: 'The offset is committed before the side effect of the same message runs',
  explanation: {
    why:
      'Kafka redelivers from the last committed offset. Committing first and then doing the work makes the consumer ' +
      'at-most-once: if the process dies (deploy, OOM kill, rebalance) after the commit and before the work finishes, ' +
      'the message is never seen again and the charge, email or write is silently lost. A database write is done only ' +
      'when its transaction commits: an offset committed between the write and that commit loses the write the same way.',
    fix:
      'Moves the commit statement, unchanged, to just after the last statement that does the work (or commits the ' +
      'transaction holding it). The consumer becomes ' +
      'at-least-once: a crash now causes a redelivery instead of a loss, so keep the work idempotent (dedupe on the event id).',
  },
  kinds: ['python', 'typescript', 'tsx', 'javascript', 'java', 'go'],
  // SQL text in code (`BEGIN` … `COMMIT`, an `INSERT`) tells which database writes are still uncommitted
  requires: ['sql'],
  fixAvailability: 'sometimes',
  fixSafety: 'safe',
  trigger: COMMIT_NAMES,
  check({ doc, report }) {
    const file = consumerFile(doc);
    if (!file) return;
    const sessions = doc.kind === 'go' ? typedNames(doc.code, SARAMA_SESSION) : undefined;
    for (const commit of file.commits) {
      if (sessions && isSessionCommit(commit, sessions)) continue;
      const finding = analyse(doc, commit, file);
      if (!finding) continue;
      report({
        start: commit.node.startIndex,
        end: commit.node.endIndex,
        message: finding.message,
        fixes: finding.fix ? [finding.fix] : [],
      });
    }
  },
};

/**
 * sarama's `session.Commit()` sends the offsets already marked, which belong to finished messages;
 * the current message is covered only once `MarkMessage` runs, and that call is checked on its own.
 */
function isSessionCommit(commit: CallSite, sessions: ReadonlySet<string>): boolean {
  return commit.name === 'Commit' && !!commit.receiver && sessions.has(commit.receiver.replace(/^.*\./, ''));
}

interface Analysis {
  message: string;
  fix: Fix | undefined;
}

function analyse(doc: CodeDocument, commit: CallSite, file: ConsumerFile): Analysis | undefined {
  const code = doc.code;
  const stmt = code.statementOf(commit.node);
  if (!stmt) return undefined;
  // Go's `defer s.MarkMessage(msg, "")` runs when the function returns: after the work
  if (stmt.node.type === 'defer_statement') return undefined;
  // confluent-kafka with `enable.auto.commit` off: a stored offset is committed only by the consumer's
  // own `commit()`, which is checked where it is
  if (doc.kind === 'python' && commit.name === 'store_offsets' && commit.receiver && pythonAutoCommit(code, commit.receiver) === false) return undefined;
  let context = messageContextAt(code, commit.node, file);
  if (!context) return undefined;
  // work handed to another thread is COM002's concern: its order in the source says nothing
  let { isWork, isEffect, describe } = effectsIn(doc, commit, context);
  if (commitsEarlierOffsets(code, commit, offsetsOf(code, commit, file), stmt, context, isWork)) return undefined;

  // Walk outwards: the statements after the commit in its list, then (through if/try/with blocks,
  // never out of a loop or function) the statements after the enclosing statement.
  let ref: StatementRef | undefined = stmt;
  let climbed = false;
  while (ref) {
    // statements after a `continue` / `return` / `raise` of the same block never run after this commit
    const { later, jump } = code.followingUntilJump(ref);
    const effectful = later.filter((s) => code.callsIn(s, { skipNestedFunctions: true }).some(isEffect));
    if (effectful.length > 0) {
      const anchor = effectful[effectful.length - 1]!;
      const firstEffect = code.callsIn(effectful[0]!, { skipNestedFunctions: true }).find(isEffect)!;
      const lastEffect = outermost(code.callsIn(anchor, { skipNestedFunctions: true }).filter(isEffect)).at(-1)!;
      const target = isWork(lastEffect) ? `${lastEffect.callee}(...)` : callText(lastEffect);
      // a commit moved after `return charge(msg)` would never run
      const fix = climbed || code.syntax.jump.has(anchor.type) ? undefined : moveFix(doc, commit, stmt, later, anchor, target);
      return { message: `Offset committed before ${describe(firstEffect)}`, fix };
    }
    if (jump) break;
    let owner = ownerStatement(code, ref.list);
    if (!owner) {
      // A loop that does nothing but commit (`for m in batch: resolveOffset(m.offset)`) commits the
      // whole batch before what follows it: the walk goes on after the loop, where the batch
      // (not the loop's message) is what the work is about.
      const found = commitOnlyLoop(code, ref.list, file, isWork);
      const outer = found && messageContextAt(code, found.loop, file);
      owner = found && outer && runsOverBatch(found.iterable, outer) ? code.statementOf(found.loop) : undefined;
      if (!owner || !outer) break;
      context = outer;
      ({ isWork, isEffect, describe } = effectsIn(doc, commit, context));
    }
    ref = owner;
    climbed = true;
  }
  // the offset commit sits inside the transaction block that holds the message's writes
  const block = pendingBlockWrite(doc, commit, isWork, context);
  if (block) return { message: `Offset committed before the ${block.block} commits \`${block.write.label}\``, fix: undefined };
  return undefined;
}

/**
 * What counts as the message's work for a commit, given the names that hold the message: its own
 * side effects (not hand-offs to another thread: their order in the source says nothing, COM002
 * checks them), and the database commits that make its writes durable.
 */
function effectsIn(
  doc: CodeDocument,
  commit: CallSite,
  context: MessageContext,
): { isWork: (c: CallSite) => boolean; isEffect: (c: CallSite) => boolean; describe: (c: CallSite) => string } {
  const code = doc.code;
  const isWork = (c: CallSite) => isMessageSideEffect(doc.kind, code, c, context) && !isPartOfHandOff(code, c);
  const pendingWrite = pendingWriteFinder(doc, commit, isWork, context);
  return {
    isWork,
    isEffect: (c) => isWork(c) || pendingWrite(c) !== undefined,
    describe: (c) => {
      const pending = isWork(c) ? undefined : pendingWrite(c);
      return pending ? `\`${callText(pending.commit)}\` commits ${pending.label}` : `\`${c.callee}(...)\` runs`;
    },
  };
}

/**
 * The `for … of/in` loop whose body holds `list` (directly, or through if/try blocks), when that
 * body does no work of its message: every call in it commits or is no work (logging, a heartbeat,
 * reading fields). A loop without an iterable (`while`) runs over no batch of its own.
 */
function commitOnlyLoop(code: CodeModel, list: Node, file: ConsumerFile, isWork: (c: CallSite) => boolean): { loop: Node; iterable: Node } | undefined {
  const loop = code.enclosingLoop(list);
  const iterable = loop && code.syntax.loopBinding(loop)?.iterable;
  if (!loop || !iterable) return undefined;
  const calls = code.callsIn(loop, { skipNestedFunctions: true }).filter((c) => c.node.startIndex >= iterable.endIndex);
  const commits = calls.filter((c) => file.commits.some((k) => k.node.id === c.node.id));
  // what a commit is handed (`new OffsetAndMetadata(r.offset() + 1)`) is part of the commit
  const inCommit = (c: CallSite) => commits.some((k) => k.node.startIndex <= c.node.startIndex && c.node.endIndex <= k.node.endIndex);
  return commits.length > 0 && calls.every((c) => inCommit(c) || !isWork(c)) ? { loop, iterable } : undefined;
}

/**
 * The loop runs over the batch handled here: its iterable is a name (or a field of one) that holds
 * the batch where the loop starts (a handler's parameter, what a poll returned before it). Not a
 * slice (`msgs[:done]` is part of the batch), not a list of messages kept from an earlier pass.
 */
function runsOverBatch(iterable: Node, context: MessageContext): boolean {
  const path = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$/.exec(iterable.text);
  return !!path && context.seeds.has(path[0].split('.')[0]!);
}

/**
 * The explicit offsets a commit is handed, when they are a plain variable: kafka-python / aiokafka
 * `commit(offsets)`, confluent-kafka `commit(offsets=…)` / `commit(message=…)`, Java
 * `commitSync(currentOffsets)` / `commitAsync(currentOffsets, callback)`.
 */
function explicitOffsets(code: CodeModel, commit: CallSite): Node | undefined {
  if (code.kind === 'python') {
    for (const arg of commit.args) {
      if (arg.type === 'keyword_argument') {
        if (/^(offsets|message)$/.test(arg.childForFieldName('name')?.text ?? '')) return plainName(code, arg.childForFieldName('value'));
      } else if (arg.id === commit.args[0]?.id) {
        return plainName(code, arg);
      }
    }
    return undefined;
  }
  if (code.kind === 'java' && /^commit(Sync|Async)$/.test(commit.name)) {
    const first = plainName(code, commit.args[0] ?? null);
    return first && /offset/i.test(first.text) ? first : undefined;
  }
  return undefined;
}

/**
 * The explicit offsets of a commit, or of a call of a helper that only commits: the argument handed
 * for the helper's offsets parameter (`commit_offsets(consumer, pending)`), or the field or module
 * variable the helper commits (`commitProcessed()` around `consumer.commitSync(currentOffsets)`).
 */
function offsetsOf(code: CodeModel, commit: CallSite, file: ConsumerFile): Node | undefined {
  const helper = file.helperCommits.get(commit.node.id);
  if (!helper) return explicitOffsets(code, commit);
  const inner = explicitOffsets(code, helper.commit);
  if (!inner) return undefined;
  const params = code.syntax.parameters(helper.fn);
  const index = params.findIndex((p) => code.identifiers(p).has(inner.text));
  if (index < 0) return inner;
  const keyword = commit.args.find((a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === inner.text);
  if (keyword) return plainName(code, keyword.childForFieldName('value'));
  // `def commit_offsets(self, offsets)` called as `self.commit_offsets(pending)`
  const shift = code.kind === 'python' && commit.receiver && /^(self|cls)$/.test(params[0]?.text ?? '') ? 1 : 0;
  const arg = commit.args[index - shift];
  return arg?.type === 'keyword_argument' ? undefined : plainName(code, arg ?? null);
}

function plainName(code: CodeModel, node: Node | null): Node | undefined {
  return node && code.syntax.identifier.has(node.type) ? node : undefined;
}

/** Nothing yet: `None`, `null`, or an empty collection (`{}`, `[]`, `dict()`, `new HashMap<>()`). */
function isEmptyInitialiser(code: CodeModel, value: Node | null): boolean {
  if (!value) return false;
  if (/^\s*(\{\s*\}|\[\s*\]|None|null)\s*$/.test(value.text)) return true;
  return code.syntax.call.has(value.type) && code.callSite(value).args.length === 0 && /^(dict|list|new \w+(<[^>]*>)?)\(\)$/.test(value.text.replace(/\s+/g, ' '));
}

/**
 * True when the commit hands over offsets recorded for earlier messages only: a variable that no
 * statement of the loop's current pass touches before the commit and a later statement of the loop
 * fills for the next pass; not the message, not a parameter, and before the loop only set to
 * nothing (`None`, `{}`, `new HashMap<>()`). A periodic `consumer.commit(offsets)` at the top of
 * the loop, or `commit(message=previous)`, commits work already done.
 */
function commitsEarlierOffsets(
  code: CodeModel,
  commit: CallSite,
  offsets: Node | undefined,
  stmt: StatementRef,
  context: MessageContext,
  isWork: (c: CallSite) => boolean,
): boolean {
  if (!offsets || context.seeds.has(offsets.text)) return false;
  let outermost = code.enclosingLoop(commit.node);
  if (!outermost) return false;
  for (let loop = code.enclosingLoop(outermost); loop; loop = code.enclosingLoop(loop)) outermost = loop;
  const fn = code.enclosingFunction(commit.node);
  if (fn && code.syntax.parameters(fn).some((p) => code.identifiers(p).has(offsets.text))) return false;
  const names = new Set([offsets.text]);
  let filledLater = false;
  for (let ref: StatementRef | undefined = stmt; ref; ref = code.statementOf(ref.list)) {
    const inLoop = outermost.startIndex <= ref.list.startIndex && ref.list.endIndex <= outermost.endIndex;
    if (inLoop && code.following(ref).some((s) => code.mentions(s, names))) filledLater = true;
    for (const before of code.preceding(ref)) {
      if (inLoop) {
        // filled (or possibly filled) in this pass, or the message's work done before the commit
        if (code.mentions(before, names)) return false;
        if (code.callsIn(before, { skipNestedFunctions: true }).some(isWork)) return false;
      } else if (code.mentions(before, names)) {
        const assignments = code.assignmentsIn(before);
        const initialises = assignments.length > 0 && assignments.every((a) => a.names.includes(offsets.text) && isEmptyInitialiser(code, a.value));
        if (!initialises) return false;
      }
    }
  }
  // set after the work for the next pass: `offsets[tp] = …`, `pending = msg`, `currentOffsets.put(…)`
  return filledLater;
}

/** The statement whose block `list` is, unless that means leaving a loop body or a function. */
function ownerStatement(code: CodeModel, list: Node): StatementRef | undefined {
  let current: Node | null = list.parent;
  while (current) {
    if (code.syntax.loop.has(current.type) || code.syntax.function.has(current.type)) return undefined;
    const ref = code.statementOf(current);
    if (ref && ref.node.id === current.id) return ref;
    current = current.parent;
  }
  return undefined;
}

/** Calls that change what a consumer may commit: after them, a moved commit would fail or commit the wrong thing. */
const CONSUMER_LIFECYCLE = /^(close|unsubscribe|seek|seekToBeginning|seekToEnd|pause|resume|assign|subscribe|disconnect|stop|wakeup)$/i;

function moveFix(
  doc: CodeDocument,
  commit: CallSite,
  stmt: StatementRef,
  later: Node[],
  anchor: Node,
  lastEffect: string,
): Fix | undefined {
  const code = doc.code;
  const edits = moveStatementAfter(doc, stmt.node, anchor);
  if (!edits) return undefined;
  const between = later.slice(0, later.findIndex((s) => s.id === anchor.id) + 1);
  // a name the commit statement assigns (its result, an error) that the statements it moves past read
  const assigned = escapingNames(code, stmt.node);
  const usesResult = assigned.size > 0 && between.some((s) => code.mentions(s, assigned));
  const argNames = new Set(commit.args.flatMap((a) => [...code.identifiers(a)]));
  const reassignsArgs = between.some((s) => code.assignmentsIn(s).some((a) => a.names.some((n) => argNames.has(n))));
  const jumps = between.some((s) => code.jumpsIn(s).length > 0);
  // moving past `consumer.close()`, `unsubscribe()`, `seek()` would commit on a consumer in another state
  const usesConsumer = between.some((s) =>
    code.callsIn(s, { skipNestedFunctions: true }).some((c) => c.receiver !== undefined && c.receiver === commit.receiver && CONSUMER_LIFECYCLE.test(c.name)),
  );
  if (usesConsumer) return undefined;
  return {
    title: `Move the commit after \`${lastEffect}\``,
    safety: usesResult || reassignsArgs || jumps ? 'unsafe' : 'safe',
    edits,
  };
}

/**
 * Names a statement defines for the statements after it: not those scoped to one of its blocks or
 * to a Go `if err := …; err != nil` header.
 */
function escapingNames(code: CodeModel, stmt: Node): Set<string> {
  const out = new Set<string>();
  const own = stmt.type === 'short_var_declaration' || stmt.type === 'assignment_statement' ? [stmt] : [];
  const nodes = [...own, ...(stmt.descendantsOfType([...code.syntax.assignmentTypes]).filter(Boolean) as Node[])];
  for (const node of nodes) {
    let scoped = false;
    for (let n: Node | null = node; n && n.id !== stmt.id; n = n.parent) {
      const parent: Node | null = n.parent;
      if (code.syntax.statementList.has(n.type) || code.syntax.function.has(n.type)) scoped = true;
      if (parent && parent.childForFieldName('initializer')?.id === n.id) scoped = true;
    }
    if (!scoped) code.syntax.assignment(node).forEach((a) => a.names.forEach((name) => out.add(name.text)));
  }
  return out;
}

/** `session.commit()`, `tx.Commit()`, `client.query('COMMIT')`: short calls as written, long ones elided. */
function callText(call: CallSite): string {
  const text = call.node.text;
  return text.length <= 40 && !text.includes('\n') ? text : `${call.callee}(...)`;
}

/** Calls not nested in another call of the list: `ledger.post(record.value())` names `ledger.post`. */
function outermost(calls: CallSite[]): CallSite[] {
  return calls.filter((c) => !calls.some((o) => o !== c && o.node.startIndex <= c.node.startIndex && c.node.endIndex <= o.node.endIndex));
}
