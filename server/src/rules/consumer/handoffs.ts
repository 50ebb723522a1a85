/**
 * Work handed to another thread, goroutine or task: the call returns at once and the message is
 * processed later, elsewhere. An offset committed next to such a hand-off is committed before the
 * work is done, whatever the order of the lines. Only in-process hand-offs count: a durable queue
 * (a Celery task, a BullMQ job, an outbox row) keeps the message when the process dies.
 */
import type { Node } from 'web-tree-sitter';
import type { CallSite, CodeModel } from '../../code/codeModel';
import { isLoggingCall } from '../shared/sideEffects';
import { callsHelper } from './consumerContext';

export type HandOffKind = 'goroutine' | 'thread' | 'task' | 'callback' | 'channel' | 'queue';

export interface HandOff {
  /** The hand-off itself: a call, a `go` statement or a channel send. */
  node: Node;
  kind: HandOffKind;
  /** What runs elsewhere, as written (`h.handle`, `process`), or the channel / queue the message goes into. */
  work: string;
}

interface HandOffCall {
  names: readonly string[];
  /** Receiver required (tested on its text); undefined = any receiver or none. */
  receiver?: RegExp;
  kind: HandOffKind;
}

const PYTHON: readonly HandOffCall[] = [
  { names: ['create_task', 'ensure_future'], kind: 'task' },
  { names: ['call_soon', 'call_soon_threadsafe', 'run_in_executor'], kind: 'task' },
  { names: ['submit', 'apply_async'], receiver: /executor|pool/i, kind: 'thread' },
  { names: ['Thread', 'start_new_thread'], kind: 'thread' },
  { names: ['put', 'put_nowait'], receiver: /queue$|(^|[._])q$/i, kind: 'queue' },
];

const JAVA: readonly HandOffCall[] = [
  { names: ['submit', 'execute'], receiver: /executor|pool|workers|taskExecutor/i, kind: 'thread' },
  { names: ['runAsync', 'supplyAsync'], receiver: /^CompletableFuture$/, kind: 'thread' },
  { names: ['startVirtualThread'], kind: 'thread' },
  { names: ['Thread'], kind: 'thread' },
  { names: ['put', 'offer', 'add'], receiver: /queue$/i, kind: 'queue' },
];

const GO: readonly HandOffCall[] = [
  { names: ['Go'], receiver: /^(g|eg|group|errGroup|wg)$|group$/i, kind: 'goroutine' },
  { names: ['Submit'], receiver: /pool|workers/i, kind: 'goroutine' },
];

const ECMASCRIPT: readonly HandOffCall[] = [
  { names: ['setImmediate', 'setTimeout', 'queueMicrotask'], kind: 'callback' },
  { names: ['nextTick'], receiver: /^process$/, kind: 'callback' },
  { names: ['postMessage'], receiver: /worker/i, kind: 'thread' },
];

const TABLES: Record<CodeModel['kind'], readonly HandOffCall[]> = {
  python: PYTHON,
  java: JAVA,
  go: GO,
  typescript: ECMASCRIPT,
  tsx: ECMASCRIPT,
  javascript: ECMASCRIPT,
};

/** Calls that wait for work handed off earlier (a join, a WaitGroup, a future's result). */
const WAITS: Record<CodeModel['kind'], readonly string[]> = {
  python: ['result', 'wait', 'join', 'gather', 'as_completed', 'wait_for', 'shutdown'],
  java: ['get', 'join', 'allOf', 'awaitTermination', 'invokeAll', 'await'],
  go: ['Wait'],
  typescript: ['all', 'allSettled', 'join'],
  tsx: ['all', 'allSettled', 'join'],
  javascript: ['all', 'allSettled', 'join'],
};

/** True when the call hands work off (and nothing chained to it waits for the result). */
export function handOffKind(code: CodeModel, call: CallSite): HandOffKind | undefined {
  const entry = TABLES[code.kind].find((e) => e.names.includes(call.name) && (!e.receiver || e.receiver.test(call.receiver ?? '')));
  if (!entry) return undefined;
  // Go marks every call outside `go` as awaited, which says nothing about `g.Go(…)` or `pool.Submit(…)`
  if (call.awaited && code.kind !== 'go') return undefined;
  if (entry.kind === 'queue' && !call.receiver) return undefined;
  if (chainedWait(code, call)) return undefined;
  if (call.name === 'Thread' && !threadStarted(code, call)) return undefined;
  return entry.kind;
}

/** `pool.submit(f, m).result()`, `executor.submit(task).get()`. */
function chainedWait(code: CodeModel, call: CallSite): boolean {
  const parent = call.node.parent;
  if (!parent) return false;
  const member = parent.type === 'attribute' || parent.type === 'member_expression' ? parent : null;
  const outer = member?.parent ?? (code.kind === 'java' && parent.type === 'method_invocation' ? parent : null);
  if (!outer || !code.syntax.call.has(outer.type)) return false;
  const name = code.callSite(outer).name;
  return WAITS[code.kind].includes(name);
}

/** `threading.Thread(target=…).start()` or `t = Thread(…)` … `t.start()`; Java `new Thread(…).start()`. */
function threadStarted(code: CodeModel, call: CallSite): boolean {
  const parent = call.node.parent;
  if (parent && (parent.type === 'attribute' || parent.type === 'field_access' || parent.type === 'method_invocation')) {
    return /\.start\s*\(/.test(code.text.slice(call.node.endIndex, call.node.endIndex + 12));
  }
  const stmt = code.statementOf(call.node);
  if (!stmt) return false;
  const names = code.assignmentsIn(stmt.node).flatMap((a) => a.names);
  return code.following(stmt).some((s) => code.callsIn(s).some((c) => c.name === 'start' && names.includes(c.receiver ?? '')));
}

/** Hand-offs in `scope` (not inside functions nested in it) that carry one of `names`. */
export function handOffsIn(code: CodeModel, scope: Node, names: ReadonlySet<string>): HandOff[] {
  const out: HandOff[] = [];
  for (const call of code.callsIn(scope, { skipNestedFunctions: true })) {
    if (code.kind === 'go' && call.node.parent?.type === 'go_statement') continue;
    const kind = handOffKind(code, call);
    if (!kind || !carries(code, call.node, names)) continue;
    if (kind !== 'queue' && onlyBookkeeping(code, call.args)) continue;
    if (code.kind === 'python' && passedToWait(code, call.node)) continue;
    out.push({ node: call.node, kind, work: workOf(code, call, kind) });
  }
  // a goroutine starts with `go`, a channel send holds `<-`: a scope with neither has none to walk for
  if (code.kind === 'go' && /\bgo\b|<-/.test(code.text.slice(scope.startIndex, scope.endIndex))) {
    for (const stmt of scope.descendantsOfType(['go_statement', 'send_statement'])) {
      if (!stmt || code.insideNestedFunction(stmt, scope) || !carries(code, stmt, names)) continue;
      if (stmt.type === 'go_statement') {
        const inner = stmt.namedChildren.find((c) => c && code.syntax.call.has(c.type));
        if (inner && onlyBookkeeping(code, [inner])) continue;
        out.push({ node: stmt, kind: 'goroutine', work: inner ? workOf(code, code.callSite(inner), 'goroutine') : 'go' });
      } else {
        out.push({ node: stmt, kind: 'channel', work: stmt.childForFieldName('channel')?.text ?? 'channel' });
      }
    }
  }
  return out.sort((a, b) => a.node.startIndex - b.node.startIndex);
}

/**
 * True when what is handed off only logs, counts or traces (`go h.metrics.Observe(msg.Topic, …)`,
 * `metricsExecutor.execute(() -> meterRegistry.counter("x", "topic", record.topic()).increment())`):
 * every call in it is a bookkeeping call or an argument of one. Losing that costs a data point, not
 * the message's work.
 */
function onlyBookkeeping(code: CodeModel, handed: readonly Node[]): boolean {
  const calls = handed
    .flatMap((n) => code.callsIn(n))
    // `go func() { … }()`: the literal's own call is not work, its body is
    .filter((c) => !code.syntax.function.has(c.node.childForFieldName('function')?.type ?? ''));
  const bookkeeping = calls.filter((c) => isLoggingCall(c));
  // `tracer.Trace(func() { process(msg) })`: work inside a callback of a bookkeeping call is still work
  if (bookkeeping.length === 0 || bookkeeping.some((b) => b.args.some((a) => code.syntax.function.has(a.type)))) return false;
  return calls.every((c) => bookkeeping.some((b) => b.node.startIndex <= c.node.startIndex && c.node.endIndex <= b.node.endIndex));
}

/** Where a message sits in its log: reporting it (`progress_q.put_nowait((msg.partition, msg.offset))`) is not working on it. */
const COORDINATES = /^(topic|partition|offset|timestamp|getTopic|getPartition|getOffset|getTimestamp|Topic|Partition|Offset|Time|Timestamp)$/;

/** Containers a hand-off may sit in on its way to the call that waits for it: `wait([pool.submit(…)])`. */
const PASSED_THROUGH = new Set(['argument_list', 'list', 'set', 'tuple', 'parenthesized_expression', 'keyword_argument', 'list_splat']);

/**
 * Python: the hand-off is an argument of a call that waits for it in the same statement —
 * `concurrent.futures.wait([pool.submit(…)])`, `await asyncio.wait_for(loop.run_in_executor(…), 30)`,
 * `await asyncio.gather(asyncio.create_task(…))`, `await asyncio.shield(…)`.
 */
function passedToWait(code: CodeModel, handOff: Node): boolean {
  let node = handOff;
  for (let parent = node.parent; parent; node = parent, parent = parent.parent) {
    if (PASSED_THROUGH.has(parent.type)) continue;
    if (!code.syntax.call.has(parent.type) || parent.childForFieldName('arguments')?.id !== node.id) return false;
    const call = code.callSite(parent);
    return WAITS.python.includes(call.name) || (call.name === 'shield' && call.awaited);
  }
  return false;
}

/**
 * The message reaches the hand-off: an argument, a captured name inside a closure, `args=(msg,)`;
 * but not when all that goes along is where the message sits (its topic, partition, offset).
 */
function carries(code: CodeModel, node: Node, names: ReadonlySet<string>): boolean {
  if (!code.mentions(node, names)) return false;
  const uses = code.nodesOfTypes(node, ['identifier', 'shorthand_property_identifier']).filter((n) => names.has(n.text));
  return uses.length === 0 || !uses.every((n) => isCoordinate(n));
}

/**
 * `msg.offset`, `m.Partition`, `record.topic()`: the name is read only for one of its coordinates; or
 * the name is a coordinate itself (kafkajs's `{ topic, partition, message }`).
 */
function isCoordinate(name: Node): boolean {
  if (COORDINATES.test(name.text)) return true;
  const parent = name.parent;
  if (!parent) return false;
  const object = parent.childForFieldName('object') ?? parent.childForFieldName('operand');
  if (object?.id !== name.id) return false;
  const member = parent.childForFieldName('attribute') ?? parent.childForFieldName('property') ?? parent.childForFieldName('field') ?? parent.childForFieldName('name');
  return !!member && COORDINATES.test(member.text);
}

/** What runs elsewhere: the callable handed over, or the first call inside the closure handed over. */
function workOf(code: CodeModel, call: CallSite, kind: HandOffKind): string {
  if (kind === 'queue') return call.receiver ?? call.callee;
  const callee = call.node.childForFieldName('function');
  if (callee && code.syntax.function.has(callee.type)) return firstWork(code, callee) ?? 'func';
  if (code.kind === 'go' && !TABLES.go.some((e) => e.names.includes(call.name))) return call.callee;
  // `loop.run_in_executor(pool, charge, msg.value)`: the first argument is the executor, not the work
  const args = call.name === 'run_in_executor' ? call.args.slice(1) : call.args;
  for (const arg of args) {
    const value = arg.type === 'keyword_argument' ? (arg.childForFieldName('name')?.text === 'target' ? arg.childForFieldName('value') : null) : arg;
    if (!value) continue;
    if (code.syntax.function.has(value.type)) return firstWork(code, value) ?? call.callee;
    if (code.syntax.call.has(value.type)) return code.callSite(value).callee;
    if (value.type === 'identifier' || value.type === 'attribute' || value.type === 'member_expression' || value.type === 'field_access' || value.type === 'method_reference') {
      return value.text.replace('::', '.');
    }
  }
  return call.callee;
}

function firstWork(code: CodeModel, fn: Node): string | undefined {
  const body = fn.childForFieldName('body') ?? fn;
  // `defer wg.Done()` / `defer h.wg.Done()` only tracks the goroutine
  return code.callsIn(body).find((c) => !isLoggingCall(c) && c.callee !== '' && !/^defer$|(^|\.)(wg|waitGroup)\.Done$/i.test(c.callee))?.callee;
}

/**
 * True when something between `from` and `to` (offsets) waits for handed-off work: a join, a
 * WaitGroup, `await` (JS/TS/Python), a Go channel receive, or leaving a `with ThreadPoolExecutor()`
 * / try-with-resources block that contains the hand-off.
 */
export function waitsBetween(code: CodeModel, scope: Node, handOff: Node, to: number): boolean {
  const from = handOff.endIndex;
  const inRange = (n: Node) => n.startIndex >= from && n.endIndex <= to;
  if (code.callsIn(scope).some((c) => inRange(c.node) && WAITS[code.kind].includes(c.name))) return true;
  // `future.exception()` blocks until the future is done; `logger.exception(…)` only logs
  if (code.kind === 'python' && code.callsIn(scope).some((c) => inRange(c.node) && c.name === 'exception' && c.receiver && !isLoggingCall(c))) {
    return true;
  }
  if (code.syntax.await.size > 0 && scope.descendantsOfType([...code.syntax.await]).some((n) => n && inRange(n))) return true;
  if (code.kind === 'go' && scope.descendantsOfType('unary_expression').some((n) => n && inRange(n) && n.text.startsWith('<-'))) {
    return true;
  }
  // leaving the block of an executor / task group waits for everything started in it
  for (let n: Node | null = handOff.parent; n && n.id !== scope.id; n = n.parent) {
    if ((n.type === 'with_statement' || n.type === 'try_with_resources_statement') && n.endIndex <= to) return true;
  }
  return futurePassedOn(code, scope, handOff, to);
}

/** Methods that keep a value in an in-memory collection: the future is kept, not waited for. */
const COLLECTS = /^(append|appendleft|extend|add|addAll|insert|put|putIfAbsent|setdefault|set|offer|push|heappush)$/;
/** Printing or formatting a future reads it; it does not wait for it. */
const PRINTS = /^(print|println|printf|format|toString|valueOf|str|repr|String)$/;

/**
 * `fut = pool.submit(…)` then `settle(fut)` before `to`: what becomes of the future is decided by the
 * function it is given to. A function of the file that the call runs decides by its body: it waits
 * when it waits on that parameter (`future.result()`, `concurrent.futures.wait([future])`,
 * `CompletableFuture.allOf(f).join()`, `await future`). A function the rule cannot see (imported,
 * another object's method) may wait, so the hand-off is not reported. Logging, printing or keeping
 * the future in a collection, or giving it to a callback, does not wait for it.
 */
function futurePassedOn(code: CodeModel, scope: Node, handOff: Node, to: number): boolean {
  const stmt = code.statementOf(handOff);
  if (!stmt) return false;
  // the name holds the future itself: `fut = pool.submit(…)`, not `fut, other = pool.submit(…), None`
  const futures = new Set(
    code
      .assignmentsIn(stmt.node)
      .filter((a) => a.value && a.value.startIndex === handOff.startIndex && a.value.endIndex === handOff.endIndex)
      .flatMap((a) => a.names),
  );
  if (futures.size === 0) return false;
  // a name assigned again after the hand-off holds something else from there on
  const reassigned = code
    .assignmentsIn(scope)
    .filter((a) => a.node.startIndex >= handOff.endIndex && a.node.startIndex < to)
    .map((a) => ({ at: a.node.startIndex, names: a.names }));
  return code.callsIn(scope, { skipNestedFunctions: true }).some((call) => {
    if (call.node.startIndex < handOff.endIndex || call.node.endIndex > to) return false;
    if (isLoggingCall(call) || PRINTS.test(call.name) || (call.receiver && COLLECTS.test(call.name))) return false;
    // handing the future to another thread (`watchers.submit(watch, fut)`) waits for nothing here
    if (handOffKind(code, call)) return false;
    const held = new Set([...futures].filter((n) => !reassigned.some((r) => r.at < call.node.startIndex && r.names.includes(n))));
    const parameter = futureParameter(call, held);
    if (!parameter || inArguments(code, call)) return false;
    const named = code.functionsNamed(call.name).filter((fn) => callsHelper(code, call, fn));
    if (named.length === 0) return true;
    // overloads: the ones that take as many parameters as the call passes
    const sameArity = named.filter((fn) => code.syntax.parameters(fn).length === call.args.length);
    return (sameArity.length > 0 ? sameArity : named).every((fn) => waitsOn(code, fn, parameter));
  });
}

/** Where the call passes the future: its position, or its keyword (`settle(future=fut)`). */
function futureParameter(call: CallSite, futures: ReadonlySet<string>): { index: number } | { keyword: string } | undefined {
  for (let i = 0; i < call.args.length; i++) {
    const arg = call.args[i]!;
    if (arg.type === 'identifier' && futures.has(arg.text)) return { index: i };
    if (arg.type === 'keyword_argument') {
      const value = arg.childForFieldName('value');
      const keyword = arg.childForFieldName('name')?.text;
      if (value?.type === 'identifier' && futures.has(value.text) && keyword) return { keyword };
    }
  }
  return undefined;
}

/** `add_done_callback(partial(on_done, fut))`: a call inside another call's arguments runs when that call decides. */
function inArguments(code: CodeModel, call: CallSite): boolean {
  const stmt = code.statementOf(call.node);
  for (let n = code.parentOf(call.node); n && n.id !== stmt?.node.id; n = code.parentOf(n)) {
    if (n.type === 'argument_list' || n.type === 'arguments') return true;
    if (code.syntax.statementList.has(n.type) || code.syntax.function.has(n.type)) return false;
  }
  return false;
}

/** True when `fn` waits on the parameter the future is passed as. */
function waitsOn(code: CodeModel, fn: Node, parameter: { index: number } | { keyword: string }): boolean {
  const params = code.syntax.parameters(fn).map((p) => p.text);
  const name = 'keyword' in parameter ? parameter.keyword : params[parameter.index];
  // `def settle(*futures)`: any of its parameters may hold it
  const names = new Set(name && params.includes(name) ? [name] : params);
  if (names.size === 0) return false;
  const waits = code.kind === 'python' ? [...WAITS.python, 'exception'] : WAITS[code.kind];
  const waited = code
    .callsIn(fn, { skipNestedFunctions: true })
    .some((c) => waits.includes(c.name) && (code.mentions(c.receiverNode, names) || c.args.some((a) => code.mentions(a, names))));
  if (waited || code.syntax.await.size === 0) return waited;
  return code.nodesOfTypes(fn, code.syntax.await).some((n) => code.mentions(n, names) && !code.insideNestedFunction(n, fn));
}

/** True when `call` hands work off, or runs as part of what is handed off (`go h.handle(msg)`, `create_task(handle(msg))`). */
export function isPartOfHandOff(code: CodeModel, call: CallSite): boolean {
  for (let n: Node | null = call.node; n; n = n.parent) {
    if (n.type === 'go_statement') return true;
    if (code.syntax.call.has(n.type) && handOffKind(code, code.callSite(n))) return true;
    if (code.syntax.statementList.has(n.type) || code.syntax.function.has(n.type)) return false;
  }
  return false;
}
