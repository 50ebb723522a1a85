/**
 * COM002 implicit-commit-before-processing: the code never commits too early, but the client does
 * it for you before the work is done:
 *   - kafka-go `ReadMessage` on a reader with a `GroupID` commits before it returns the message;
 *   - kafkajs commits once the `eachMessage` / `eachBatch` promise resolves, so work that is not
 *     awaited inside the handler finishes (or fails) after its offset is committed;
 *   - an offset committed, marked or stored next to work handed to another thread, goroutine or
 *     task is committed before that work has run, whatever the order of the lines;
 *   - a Python consumer that auto-commits in the background (its literal config in the file says so,
 *     or leaves the client's default) commits the offsets of messages whose hand-off to another
 *     thread or task the loop does not wait for.
 */
import type { Node } from 'web-tree-sitter';
import type { CallSite, CodeModel } from '../../code/codeModel';
import { ownLines } from '../../code/moves';
import type { Fix, Report, Rule, TextEdit } from '../../engine/types';
import type { CodeDocument } from '../../parsing/document';
import { DATABASE_CLIENTS } from '../outbox/database';
import { indentUnit, lineIndent } from '../shared/indentation';
import { isLoggingCall, isPureCall } from '../shared/sideEffects';
import { isProducerReceiver, PRODUCER_CLIENTS, producerVariables } from '../shared/producers';
import { COMMIT_NAMES, CONSUMER_CLIENTS } from './clients';
import { bindingNames, pythonConsumersOf, type PythonConsumer } from './consumerConfig';
import {
  consumerFile,
  derivedMessageNames,
  isConsumerReceiver,
  isInMemoryUpdate,
  isMessageSideEffect,
  isMetricCall,
  messageContextAt,
  reachableAfter,
  type MessageContext,
} from './consumerContext';
import { isAsyncFunction, kafkajsHandlers } from './handlers';
import { handOffsIn, isPartOfHandOff, waitsBetween, type HandOff } from './handoffs';

export const implicitCommitBeforeProcessing: Rule<CodeDocument> = {
  code: 'COM002',
  name: 'implicit-commit-before-processing',
  family: 'consumer',
  severity: 'error',
  summary: 'The client commits the offset before the message has been processed',
  explanation: {
    why:
      'Some clients commit on your behalf at a fixed point: kafka-go `ReadMessage` commits before returning the message ' +
      'when the reader has a `GroupID`; kafkajs commits once the `eachMessage` / `eachBatch` promise resolves, so a ' +
      'promise left un-awaited finishes after the commit; and a message handed to another thread, goroutine or task is ' +
      'still being worked on when the loop commits or marks its offset. If the process dies in that window, Kafka ' +
      'resumes after the message and its work (a charge, a write) is lost without a trace.',
    fix:
      'Makes the commit wait for the work: `FetchMessage` plus `CommitMessages` after the processing for kafka-go, ' +
      '`await` on the un-awaited side effect for kafkajs. Work handed to another thread has no mechanical fix: commit ' +
      'from the worker once it is done, or wait for it (join, `WaitGroup`, `gather`) before committing.',
  },
  kinds: ['python', 'typescript', 'tsx', 'javascript', 'java', 'go'],
  fixAvailability: 'sometimes',
  fixSafety: 'safe',
  // kafka-go's ReadMessage, kafkajs handlers, an offset commit next to a hand-off, or a Python consumer
  // constructed in the file (a call: Java's `Consumer<T>` interface alone does not make a file a consumer)
  trigger: new RegExp(`\\b(ReadMessage|eachMessage|eachBatch)\\b|\\b(KafkaConsumer|AIOKafkaConsumer|Consumer|DeserializingConsumer)\\s*\\(|${COMMIT_NAMES.source}`),
  check({ doc, report }) {
    if (doc.kind === 'go') checkReadMessage(doc, report);
    if (doc.kind === 'typescript' || doc.kind === 'tsx' || doc.kind === 'javascript') checkUnawaited(doc, report);
    checkHandOffs(doc, report);
    if (doc.kind === 'python') checkAutoCommitHandOffs(doc, report);
  },
};

// ---------------------------------------------------------------------------------------------
// kafka-go ReadMessage with a GroupID

interface KafkaGoReader {
  /** Names the reader is bound to (a variable, a struct field). */
  names: string[];
  /** True / false when the config is visible, undefined when it is built elsewhere. */
  grouped: boolean | undefined;
}

function checkReadMessage(doc: CodeDocument, report: (r: Report) => void): void {
  const code = doc.code;
  if (!doc.text.includes('ReadMessage') || !doc.text.includes('segmentio/kafka-go')) return;
  const table = CONSUMER_CLIENTS.go!;
  const readers = kafkaGoReaders(code);
  if (readers.length === 0) return;
  for (const read of code.callsNamed(['ReadMessage'])) {
    if (!read.receiver || !isGroupedReader(read.receiver, readers)) continue;
    const stmt = code.statementOf(read.node);
    if (!stmt) continue;
    const message = readTarget(code, stmt.node, read);
    if (!message) continue;
    const fn = code.enclosingFunction(read.node) ?? code.root;
    const derived = derivedMessageNames(code, fn, new Set([message]), table);
    const context: MessageContext = { derived, seeds: new Set([message]), table, consumers: new Set() };
    const { later } = code.followingUntilJump(stmt);
    const isWork = (s: Node) =>
      code.callsIn(s, { skipNestedFunctions: true }).some((c) => isMessageSideEffect('go', code, c, context)) ||
      handOffsIn(code, s, derived).length > 0;
    const effectful = later.filter(isWork);
    if (effectful.length === 0) continue;
    const first = code.callsIn(effectful[0]!, { skipNestedFunctions: true }).find((c) => isMessageSideEffect('go', code, c, context) || isPartOfHandOff(code, c));
    const label = first ? `\`${first.callee}(...)\`` : 'the processing';
    // work handed to a goroutine still runs after any commit placed here: no mechanical fix for that
    const handsOff = effectful.some((s) => handOffsIn(code, s, derived).length > 0);
    const fix = handsOff ? undefined : fetchAndCommitFix(doc, read, stmt, message, effectful[effectful.length - 1]!, first);
    report({
      start: read.node.startIndex,
      end: read.node.endIndex,
      message: `\`${read.callee}\` commits the offset (the reader has a \`GroupID\`) before ${label} runs`,
      fixes: fix ? [fix] : [],
    });
  }
}

/** kafka-go readers built in this file and whether their config sets a `GroupID`. */
function kafkaGoReaders(code: CodeModel): KafkaGoReader[] {
  const out: KafkaGoReader[] = [];
  for (const call of code.callsNamed(['NewReader'])) {
    const config = resolveConfig(code, call.args[0]);
    const grouped = config ? hasGroupId(config) : undefined;
    out.push({ names: bindingNames(code, call.node), grouped });
  }
  return out;
}

function resolveConfig(code: CodeModel, arg: Node | undefined): Node | undefined {
  if (!arg) return undefined;
  const literal = arg.type === 'unary_expression' ? arg.childForFieldName('operand') : arg;
  if (literal?.type === 'composite_literal') return literal;
  if (literal?.type !== 'identifier') return undefined;
  const assigned = code.assignmentsIn(code.root).filter((a) => a.names.includes(literal.text) && a.value);
  const value = assigned.at(-1)?.value;
  const inner = value?.type === 'expression_list' ? value.namedChildren[0] : value;
  return inner?.type === 'composite_literal' ? inner : undefined;
}

function hasGroupId(config: Node): boolean {
  for (const element of config.childForFieldName('body')?.namedChildren ?? []) {
    if (element?.type !== 'keyed_element') continue;
    const key = element.childForFieldName('key') ?? element.namedChildren[0];
    const value = element.childForFieldName('value') ?? element.namedChildren[1];
    if (key?.text === 'GroupID' && value && value.text !== '""') return true;
  }
  return false;
}

function isGroupedReader(receiver: string, readers: KafkaGoReader[]): boolean {
  const name = receiver.replace(/^.*\./, '');
  const named = readers.find((r) => r.names.includes(name));
  if (named) return named.grouped === true;
  return readers.every((r) => r.grouped === true);
}

/** `m, err := r.ReadMessage(ctx)`: the message name. */
function readTarget(code: CodeModel, stmt: Node, read: CallSite): string | undefined {
  const assignment = code.syntax.assignment(stmt)[0];
  if (!assignment?.value || !(assignment.value.startIndex <= read.node.startIndex && read.node.endIndex <= assignment.value.endIndex)) {
    return undefined;
  }
  const first = assignment.names[0]?.text;
  return first && first !== '_' ? first : undefined;
}

function fetchAndCommitFix(
  doc: CodeDocument,
  read: CallSite,
  stmt: { node: Node; list: Node; index: number },
  message: string,
  anchor: Node,
  work: CallSite | undefined,
): Fix | undefined {
  const code = doc.code;
  // a commit inserted after `return process(m)` would never run
  if (code.syntax.jump.has(anchor.type)) return undefined;
  const nameNode = code.syntax.callParts(read.node).name;
  const target = ownLines(doc, anchor);
  const ctx = read.args[0]?.text;
  if (!nameNode || !target || !ctx || !read.receiver) return undefined;
  const handling = commitErrorHandling(doc, stmt);
  if (!handling) return undefined;
  const indent = lineIndent(doc, stmt.node.startIndex);
  const unit = indentUnit(doc);
  const eol = doc.eol;
  const body = handling.map((line) => `${indent}${unit}${line}`).join(eol);
  const commit = `${indent}if err := ${read.receiver}.CommitMessages(${ctx}, ${message}); err != nil {${eol}${body}${eol}${indent}}${eol}`;
  const atEnd = target.end === doc.text.length && !doc.text.endsWith('\n');
  const edits: TextEdit[] = [
    { start: nameNode.startIndex, end: nameNode.endIndex, newText: 'FetchMessage' },
    { start: target.end, end: target.end, newText: atEnd ? eol + commit.slice(0, -eol.length) : commit },
  ];
  return {
    title: `Use \`FetchMessage\` and commit after ${work ? `\`${work.callee}(...)\`` : 'the processing'}`,
    safety: 'safe',
    edits,
  };
}

/**
 * How a failed commit is handled: like the failed read just above it (the body of its
 * `if err != nil { … }`, one indentation level deep), or `return err` in a function that returns
 * an error. Undefined when neither applies.
 */
function commitErrorHandling(doc: CodeDocument, stmt: { node: Node; list: Node; index: number }): string[] | undefined {
  const code = doc.code;
  const next = code.statements(stmt.list)[stmt.index + 1];
  if (next?.type === 'if_statement' && !next.childForFieldName('alternative') && /^err\s*!=\s*nil$/.test(next.childForFieldName('condition')?.text ?? '')) {
    const block = next.childForFieldName('consequence');
    const list = block?.namedChildren.find((c) => c?.type === 'statement_list');
    const statements = list ? code.statements(list) : [];
    if (statements.length > 0 && list) {
      const first = ownLines(doc, statements[0]!);
      const last = ownLines(doc, statements[statements.length - 1]!);
      if (first && last) {
        const base = lineIndent(doc, statements[0]!.startIndex);
        return doc.text
          .slice(first.start, last.end)
          .split(/\r?\n/)
          .filter((l, i, all) => i < all.length - 1 || l !== '')
          .map((l) => (l.startsWith(base) ? l.slice(base.length) : l.trimStart()))
          .map(aboutCommit);
      }
    }
  }
  const fn = code.enclosingFunction(stmt.node);
  if (fn?.childForFieldName('result')?.text === 'error') return ['return err'];
  return undefined;
}

/** The read's log lines, reworded for the commit: "read: %v" → "commit: %v". Only string literals change. */
function aboutCommit(line: string): string {
  const reword = (word: string) => (/^[A-Z]/.test(word) ? 'Commit' : 'commit') + (/ing$/i.test(word) ? 'ting' : '');
  return line.replace(/"(?:[^"\\\n]|\\.)*"|`[^`]*`/g, (literal) => literal.replace(/\b(?:read|reading|fetch|fetching)\b/gi, reword));
}

// ---------------------------------------------------------------------------------------------
// kafkajs: side effects not awaited inside eachMessage / eachBatch

const PROMISE_COMBINATORS = new Set(['all', 'allSettled', 'race', 'any']);

function checkUnawaited(doc: CodeDocument, report: (r: Report) => void): void {
  const code = doc.code;
  const handlers = kafkajsHandlers(code);
  if (handlers.length === 0) return;
  const table = CONSUMER_CLIENTS[doc.kind]!;
  const asyncNames = asyncFunctionNames(code);
  const producers = PRODUCER_CLIENTS[doc.kind];
  const producerNames = producerVariables(code, producers);
  for (const fn of handlers) {
    const seeds = new Set(code.syntax.parameters(fn).map((p) => p.text));
    if (seeds.size === 0) continue;
    const derived = code.derivedNames(fn, seeds);
    const context: MessageContext = { derived, seeds, table, consumers: new Set() };
    const statements = (fn.descendantsOfType('expression_statement').filter(Boolean) as Node[]).filter((s) => !code.insideNestedFunction(s, fn));
    for (const stmt of statements) {
      const expr = stmt.namedChildren[0];
      if (!expr) continue;
      const isVoid = expr.type === 'unary_expression' && expr.child(0)?.type === 'void';
      const callNode = isVoid ? expr.childForFieldName('argument') : expr;
      if (!callNode || callNode.type !== 'call_expression') continue;
      const call = code.callSite(callNode);
      if (call.name === 'forEach') {
        reportAsyncForEach(code, call, derived, report);
        continue;
      }
      const base = chainBase(code, call);
      // a log or metrics flush left to finish on its own (`void metrics.histogram(…)`) is not the message's work
      // (`void tracer.startActiveSpan('consume', async () => …)` runs the work in its callback: still flagged)
      if (isLoggingCall(base) && !base.args.some((a) => code.syntax.function.has(a.type))) continue;
      const local = !base.receiver ? asyncNames.get(base.name) : undefined;
      if (local && onlyBookkeeping(doc, local)) continue;
      const promise =
        isVoid ||
        base !== call ||
        asyncNames.has(call.name) ||
        (call.receiver === 'Promise' && PROMISE_COMBINATORS.has(call.name)) ||
        (producers.blockingSendMethods.includes(call.name) && isProducerReceiver(call, producers, producerNames)) ||
        call.callee === 'fetch' ||
        (isDatabaseCall(doc, call) && !stagedForFlush(code, fn, call));
      if (!promise) continue;
      if (!code.mentions(callNode, derived)) continue;
      if (!isVoid && base === call && !isMessageSideEffect(doc.kind, code, call, context) && call.receiver !== 'Promise') continue;
      const label = `\`${base.callee}(...)\``;
      report({
        start: callNode.startIndex,
        end: callNode.endIndex,
        message: `${label} is not awaited, so the offset can be committed before it finishes`,
        fixes: [awaitFix(fn, expr, isVoid, label)],
      });
    }
    reportHandlerHandOffs(doc, fn, context, report);
  }
}

/**
 * A timer or worker the handler hands the message to (`setImmediate(() => processOrder(order))`):
 * the work runs after the handler has returned, when kafkajs has already committed the offset. A
 * handler that commits or resolves offsets itself is checked at that commit instead.
 */
function reportHandlerHandOffs(doc: CodeDocument, fn: Node, context: MessageContext, report: (r: Report) => void): void {
  const code = doc.code;
  const body = fn.childForFieldName('body');
  if (!body) return;
  if (consumerFile(doc)?.commits.some((c) => contains(fn, c.node))) return;
  for (const handOff of handOffsIn(code, body, context.derived)) {
    if (handOff.kind !== 'callback' && handOff.kind !== 'thread') continue;
    if (onlyDrivesConsumer(code, handOff, context) || onlyTouchesMemory(code, handOff)) continue;
    if (waitsBetween(code, body, handOff.node, body.endIndex)) continue;
    report({
      start: handOff.node.startIndex,
      end: handOff.node.endIndex,
      message: `\`${handOff.work}(...)\` runs after the handler returns, so the offset can be committed before it does`,
    });
  }
}

/**
 * A query or ORM write on a database client (`pool.query(…)`, `repo.save(…)`, `prisma.invoice.update(…)`):
 * node-postgres, knex, TypeORM, Sequelize and Prisma all return a promise. A callback-style call
 * (`conn.query(sql, params, (err) => …)`) returns none.
 */
function isDatabaseCall(doc: CodeDocument, call: CallSite): boolean {
  const db = DATABASE_CLIENTS[doc.kind];
  if (!call.receiver || call.args.some((a) => doc.code.syntax.function.has(a.type))) return false;
  if (db.sqlMethods.includes(call.name) && db.databaseReceiver.test(call.receiver)) return true;
  const orm = db.ormInsert.includes(call.name) || db.ormUpdate.includes(call.name) || db.ormDelete.includes(call.name);
  return orm && db.ormReceiver.test(call.receiver);
}

/**
 * MikroORM's `em.create(Order, data)` / `em.remove(entity)` only stage a change, synchronously; the
 * handler's awaited `em.flush()` on the same entity manager writes it.
 */
function stagedForFlush(code: CodeModel, fn: Node, call: CallSite): boolean {
  if (call.name !== 'create' && call.name !== 'remove') return false;
  const flushed = (c: CallSite) => c.name === 'flush' && c.receiver === call.receiver && c.node.parent?.type === 'await_expression';
  return code.callsIn(fn).some((c) => flushed(c) && c.node.startIndex > call.node.endIndex);
}

/** `handle(m).then(…).catch(…)` → `handle(m)`. */
function chainBase(code: CodeModel, call: CallSite): CallSite {
  let current = call;
  while (/^(then|catch|finally)$/.test(current.name) && current.receiverNode?.type === 'call_expression') {
    current = code.callSite(current.receiverNode);
  }
  return current;
}

function reportAsyncForEach(code: CodeModel, call: CallSite, derived: ReadonlySet<string>, report: (r: Report) => void): void {
  const callback = call.args[0];
  if (!callback || !code.syntax.function.has(callback.type) || !isAsyncFunction(callback)) return;
  if (!code.mentions(call.node, derived)) return;
  report({
    start: call.node.startIndex,
    end: call.node.endIndex,
    message: `\`${call.callee}\` does not wait for its async callback, so the offset can be committed before the work finishes`,
  });
}

function awaitFix(fn: Node, expr: Node, isVoid: boolean, label: string): Fix {
  const edits: TextEdit[] = isVoid
    ? [{ start: expr.startIndex, end: expr.childForFieldName('argument')!.startIndex, newText: 'await ' }]
    : [{ start: expr.startIndex, end: expr.startIndex, newText: 'await ' }];
  const async = isAsyncFunction(fn);
  if (!async) {
    const at = asyncInsertionPoint(fn);
    edits.push({ start: at, end: at, newText: 'async ' });
  }
  // `void x()` says "do not wait" on purpose: waiting changes what the author chose
  return { title: async ? `Await ${label}` : `Make the handler async and await ${label}`, safety: async && !isVoid ? 'safe' : 'unsafe', edits };
}

/** Where `async ` goes: before `function`, before an arrow's parameters, before a method's name. */
function asyncInsertionPoint(fn: Node): number {
  if (fn.type === 'method_definition') return fn.childForFieldName('name')?.startIndex ?? fn.startIndex;
  return fn.startIndex;
}

/** Async functions, methods and arrow functions declared in this file, by name. */
function asyncFunctionNames(code: CodeModel): Map<string, Node> {
  const names = new Map<string, Node>();
  for (const m of code.text.matchAll(/\basync\b/g)) {
    const leaf = code.root.descendantForIndex(m.index, m.index + 5);
    const fn = leaf?.parent;
    if (!leaf || leaf.type !== 'async' || !fn || !code.syntax.function.has(fn.type)) continue;
    const own = fn.childForFieldName('name');
    if (own) names.set(own.text, fn);
    const holder = fn.parent;
    const name = holder && /^(variable_declarator|public_field_definition|field_definition|pair)$/.test(holder.type)
      ? holder.childForFieldName('name') ?? holder.childForFieldName('key') ?? holder.childForFieldName('property')
      : null;
    if (name) names.set(name.text, fn);
  }
  return names;
}

/**
 * An async function of the file that only logs, counts or traces (`recordLag(topic, partition)`
 * awaiting `metrics.gauge(…)`): every call in it is a bookkeeping call, a pure one, or an argument
 * of a bookkeeping call.
 */
function onlyBookkeeping(doc: CodeDocument, fn: Node): boolean {
  const code = doc.code;
  const body = fn.childForFieldName('body');
  if (!body) return false;
  const calls = code.callsIn(body);
  const bookkeeping = calls.filter((c) => isLoggingCall(c) && !c.args.some((a) => code.syntax.function.has(a.type)));
  if (bookkeeping.length === 0) return false;
  const inside = (c: CallSite) => bookkeeping.some((b) => b.node.startIndex <= c.node.startIndex && c.node.endIndex <= b.node.endIndex);
  return calls.every((c) => inside(c) || isPureCall(doc.kind, c));
}

// ---------------------------------------------------------------------------------------------
// Work handed to another thread, goroutine or task next to a commit

const HAND_OFF_WORDS: Record<HandOff['kind'], (work: string) => string> = {
  goroutine: (w) => `while \`${w}(...)\` still runs in another goroutine`,
  thread: (w) => `while \`${w}(...)\` still runs on another thread`,
  task: (w) => `while \`${w}(...)\` still runs in another task`,
  callback: (w) => `before the callback running \`${w}(...)\` has run`,
  channel: (w) => `while the message waits in channel \`${w}\` for another goroutine`,
  queue: (w) => `while the message waits in \`${w}\` for a worker thread`,
};

function checkHandOffs(doc: CodeDocument, report: (r: Report) => void): void {
  const file = consumerFile(doc);
  if (!file) return;
  const code = doc.code;
  for (const commit of file.commits) {
    const context = messageContextAt(code, commit.node, file);
    if (!context) continue;
    const stmt = code.statementOf(commit.node);
    if (!stmt) continue;
    const scope = iterationScope(code, commit.node);
    const afterCommit = reachableAfter(code, commit.node, scope);
    const handOff = handOffsIn(code, scope, context.derived).find((h) => {
      if (onlyDrivesConsumer(code, h, context)) return false;
      // the hand-off and the commit must lie on one path through the iteration
      if (h.node.startIndex > commit.node.endIndex) return afterCommit.some((s) => contains(s, h.node));
      if (!reachableAfter(code, h.node, scope).some((s) => contains(s, commit.node))) return false;
      return !waitsBetween(code, scope, h.node, stmt.node.startIndex);
    });
    if (!handOff) continue;
    report({
      start: commit.node.startIndex,
      end: commit.node.endIndex,
      message: `Offset committed ${HAND_OFF_WORDS[handOff.kind](handOff.work)}`,
    });
  }
}

/**
 * A timer or task that only drives the consumer (`setTimeout(() => consumer.resume([{ topic, partitions }]), 1000)`):
 * it resumes, pauses or seeks, which is flow control, not the message's work.
 */
function onlyDrivesConsumer(code: CodeModel, handOff: HandOff, context: MessageContext): boolean {
  const calls = handedOnCalls(code, handOff);
  return calls.length > 0 && calls.every((c) => /^(pause|resume|seek)$/.test(c.name) && isConsumerReceiver(c, context.table, context.consumers));
}

/**
 * A timer that only changes in-memory state or a metric (`setTimeout(() => seen.delete(id), ttl)`
 * evicting a dedup entry): nothing of the message's work runs there.
 */
function onlyTouchesMemory(code: CodeModel, handOff: HandOff): boolean {
  const calls = handedOnCalls(code, handOff);
  return calls.length > 0 && calls.every((c) => isInMemoryUpdate(code, c) || isMetricCall(c) || isLoggingCall(c));
}

/** The calls a timer or task hand-off runs (in its callback arguments), not counting an immediately called function literal. */
function handedOnCalls(code: CodeModel, handOff: HandOff): CallSite[] {
  if (!code.syntax.call.has(handOff.node.type)) return [];
  return code
    .callSite(handOff.node)
    .args.flatMap((a) => code.callsIn(a))
    .filter((c) => !code.syntax.function.has(c.node.childForFieldName('function')?.type ?? ''));
}

/** The body run once per message: the innermost loop around `node` in its function, else the function. */
function iterationScope(code: CodeModel, node: Node): Node {
  const loop = code.enclosingLoop(node);
  if (loop) return loop.childForFieldName('body') ?? loop;
  const fn = code.enclosingFunction(node);
  return fn?.childForFieldName('body') ?? fn ?? code.root;
}

function contains(outer: Node, inner: Node): boolean {
  return outer.startIndex <= inner.startIndex && inner.endIndex <= outer.endIndex;
}

// ---------------------------------------------------------------------------------------------
// Python: background auto-commit while the work runs on another thread or task

/**
 * A loop over the messages of a consumer built in this file whose config commits in the background
 * what the consumer has returned (kafka-python / aiokafka `enable_auto_commit`, confluent-kafka
 * `enable.auto.commit` with the automatic offset store; both on by default): a message handed to a
 * thread or task the iteration does not wait for has its offset committed by a later poll while the
 * work may still be running. Loops that commit themselves are checked at that commit instead.
 */
function checkAutoCommitHandOffs(doc: CodeDocument, report: (r: Report) => void): void {
  const code = doc.code;
  const consumers = pythonConsumersOf(code);
  if (consumers.length === 0) return;
  const table = CONSUMER_CLIENTS.python!;
  const commits = consumerFile(doc)?.commits ?? [];
  const reported = new Set<number>();
  for (const { loop, seeds, consumer } of autoCommitLoops(code, consumers, table.pollMethods)) {
    const scope = loop.childForFieldName('body') ?? loop;
    if (commits.some((c) => contains(loop, c.node))) continue;
    const fn = code.enclosingFunction(loop) ?? code.root;
    const derived = derivedMessageNames(code, fn, seeds, table);
    const context: MessageContext = { derived, seeds, table, consumers: new Set(consumer.names) };
    for (const handOff of handOffsIn(code, scope, derived)) {
      if (handOff.kind !== 'thread' && handOff.kind !== 'task') continue;
      if (reported.has(handOff.node.id) || onlyDrivesConsumer(code, handOff, context)) continue;
      if (waitsBetween(code, scope, handOff.node, scope.endIndex)) continue;
      reported.add(handOff.node.id);
      const setting = consumer.confluent ? '`enable.auto.commit`' : '`enable_auto_commit`';
      report({
        start: handOff.node.startIndex,
        end: handOff.node.endIndex,
        message: `The consumer auto-commits offsets (${setting} ${consumer.explicit ? 'is true' : 'is on by default'}) ${HAND_OFF_WORDS[handOff.kind](handOff.work)}`,
      });
    }
  }
}

interface AutoCommitLoop {
  loop: Node;
  /** The names that hold the message in the loop. */
  seeds: Set<string>;
  consumer: PythonConsumer;
}

/**
 * `for msg in consumer:` / `async for msg in consumer:`, and `msg = consumer.poll(…)` inside a loop,
 * over a consumer built in this file whose background commit covers what it returns. A name bound
 * to several consumers counts only when all of them do.
 */
function autoCommitLoops(code: CodeModel, consumers: readonly PythonConsumer[], pollMethods: readonly string[]): AutoCommitLoop[] {
  const consumerOf = (receiver: string | undefined): PythonConsumer | undefined => {
    if (!receiver || !/^[\w.]+$/.test(receiver)) return undefined;
    const name = receiver.replace(/^.*\./, '');
    const bound = consumers.filter((c) => c.names.includes(name));
    return bound.length > 0 && bound.every((c) => c.commitsWhatItReturns === true) ? bound[0] : undefined;
  };
  const out: AutoCommitLoop[] = [];
  for (const loop of code.nodesOfTypes(code.root, ['for_statement'])) {
    const binding = code.syntax.loopBinding(loop);
    const consumer = consumerOf(binding?.iterable?.text);
    if (binding && consumer && binding.names.length > 0) out.push({ loop, seeds: new Set(binding.names.map((n) => n.text)), consumer });
  }
  for (const poll of code.callsNamed(pollMethods)) {
    const consumer = consumerOf(poll.receiver);
    const loop = consumer && code.enclosingLoop(poll.node);
    const stmt = loop && code.statementOf(poll.node);
    if (!consumer || !loop || !stmt) continue;
    const names = code
      .assignmentsIn(stmt.node)
      .filter((a) => a.value && contains(a.value, poll.node))
      .flatMap((a) => a.names);
    if (names.length > 0) out.push({ loop, seeds: new Set(names), consumer });
  }
  return out;
}
