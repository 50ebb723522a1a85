/**
 * Shared reasoning for the consumer rules: which receivers are consumers, which calls commit,
 * which names hold "the message" at a given point, and which later calls do the message's work.
 */
import type { Node } from 'web-tree-sitter';
import { callsWithin, type CallSite, type CodeModel, type StatementRef } from '../../code/codeModel';
import type { CodeDocument } from '../../parsing/document';
import type { CodeKind } from '../../parsing/fileKinds';
import { isLoggingCall, isPureCall } from '../shared/sideEffects';
import { CONSUMER_CLIENTS, type ConsumerClientTable } from './clients';
import { isListenerMethod, kafkajsHandlers, parameterType } from './handlers';

/** Declarations that carry a type next to their names, per grammar: [node type, names field(s)]. */
const TYPED_DECLARATIONS: Partial<Record<CodeKind, ReadonlySet<string>>> = {
  java: new Set(['formal_parameter', 'local_variable_declaration', 'field_declaration']),
  go: new Set(['parameter_declaration', 'field_declaration', 'var_spec']),
};

/** Names in the file bound to a consumer: built by one of the client factories, or declared with a consumer type. */
export function consumerVariables(code: CodeModel, table: ConsumerClientTable): Set<string> {
  const names = new Set<string>();
  for (const call of code.callsNamed(table.consumerFactories)) {
    const stmt = code.statementOf(call.node);
    const scope = stmt?.node ?? call.node.parent;
    if (!scope) continue;
    for (const a of code.assignmentsIn(scope)) {
      if (a.value && a.value.startIndex <= call.node.startIndex && call.node.endIndex <= a.value.endIndex) {
        a.names.filter((n) => !table.notMessage?.test(n)).forEach((n) => names.add(n));
      }
    }
    // `self.consumer = Consumer(...)` / `this.consumer = ...`: remember the attribute path too
    const parent = call.node.parent;
    const left = parent?.childForFieldName('left');
    if (left) names.add(left.text);
  }
  if (table.consumerTypes) typedNames(code, table.consumerTypes).forEach((n) => names.add(n));
  return names;
}

/** Names declared in the file (parameters, variables, fields) with a type that `types` matches; Java and Go. */
export function typedNames(code: CodeModel, types: RegExp): Set<string> {
  const names = new Set<string>();
  const declarations = TYPED_DECLARATIONS[code.kind];
  if (!declarations) return names;
  // Anchored on the type names in the text, confirmed on the tree: a walk of the whole file to
  // list every declaration would cost more than the rest of the rule.
  const typeNames = new RegExp(types.source, types.flags.replace('g', '') + 'g');
  const seen = new Set<number>();
  for (const m of code.text.matchAll(typeNames)) {
    if (m[0].length === 0) continue;
    const leaf = code.root.descendantForIndex(m.index, m.index + m[0].length);
    const decl = leaf && code.ancestor(leaf, (n) => declarations.has(n.type), (n) => code.syntax.statementList.has(n.type));
    if (!decl || seen.has(decl.id)) continue;
    seen.add(decl.id);
    const type = decl.childForFieldName('type');
    if (!type || !types.test(type.text)) continue;
    for (const name of declaredNames(decl)) names.add(name);
  }
  return names;
}

function declaredNames(decl: Node): string[] {
  const direct = decl.childrenForFieldName('name').filter(Boolean) as Node[];
  if (direct.length > 0) return direct.map((n) => n.text);
  // Java declarations hold `declarator: variable_declarator (name: …)`
  return (decl.childrenForFieldName('declarator').filter(Boolean) as Node[])
    .map((d) => d.childForFieldName('name')?.text)
    .filter((n): n is string => !!n);
}

export function isConsumerReceiver(call: CallSite, table: ConsumerClientTable, variables: ReadonlySet<string>): boolean {
  if (!call.receiver) return false;
  if (variables.has(call.receiver) || table.consumerName.test(call.receiver)) return true;
  // a consumer held in a field: `h.session`, `this.ack`
  const last = call.receiver.replace(/^.*\./, '');
  return last !== call.receiver && variables.has(last);
}

/** True when `call` commits, stores or marks an offset. */
export function isCommitCall(call: CallSite, table: ConsumerClientTable, variables: ReadonlySet<string>): boolean {
  if (table.handlerCommitFunctions?.includes(call.name)) return !table.commitOnlyWithArguments?.includes(call.name) || call.args.length > 0;
  return table.commitMethods.includes(call.name) && isConsumerReceiver(call, table, variables);
}

export interface ConsumerFile {
  table: ConsumerClientTable;
  consumers: Set<string>;
  commits: CallSite[];
  /** Calls of a helper that only commits (by node id) → the helper and the one commit it makes. */
  helperCommits: Map<number, { fn: Node; commit: CallSite }>;
}

const filesByModel = new WeakMap<CodeModel, ConsumerFile | null>();

/**
 * The consumer facts of a file, or undefined when it commits nothing (most files: a cheap exit).
 * Computed once per parse and shared by the consumer rules.
 */
export function consumerFile(doc: CodeDocument): ConsumerFile | undefined {
  const cached = filesByModel.get(doc.code);
  if (cached !== undefined) return cached ?? undefined;
  const file = readConsumerFile(doc);
  filesByModel.set(doc.code, file ?? null);
  return file;
}

function readConsumerFile(doc: CodeDocument): ConsumerFile | undefined {
  const table = CONSUMER_CLIENTS[doc.kind];
  if (!table) return undefined;
  const candidates = doc.code.callsNamed([...table.commitMethods, ...(table.handlerCommitFunctions ?? [])]);
  if (candidates.length === 0) return undefined;
  const consumers = consumerVariables(doc.code, table);
  const commits = candidates.filter((c) => isCommitCall(c, table, consumers));
  const helperCommits = new Map<number, { fn: Node; commit: CallSite }>();
  const inSourceOrder = [...commits].sort((a, b) => a.node.startIndex - b.node.startIndex);
  const calls = commitHelperCalls(doc, table, inSourceOrder, (call, fn) => {
    const own = callsWithin(inSourceOrder, fn);
    if (own.length === 1) helperCommits.set(call.node.id, { fn, commit: own[0]! });
  });
  return { table, consumers, commits: [...commits, ...calls], helperCommits };
}

/**
 * Calls of a function of the file that does nothing but commit (`ack(consumer, msg)` with
 * `def ack(c, m): c.commit(message=m)`, `h.ack(sess, msg)`, `this.commit()`): the call commits where
 * it stands. A function that commits only on some path, or does other work too, is left alone.
 */
function commitHelperCalls(
  doc: CodeDocument,
  table: ConsumerClientTable,
  commits: readonly CallSite[],
  found: (call: CallSite, fn: Node) => void,
): CallSite[] {
  const code = doc.code;
  const helpers = new Map<string, Node[]>();
  for (const commit of commits) {
    const fn = code.enclosingFunction(commit.node);
    const name = fn?.childForFieldName('name')?.text;
    const body = fn?.childForFieldName('body');
    if (!fn || !name || !body || helpers.get(name)?.some((h) => h.id === fn.id)) continue;
    if (onlyCommits(doc, table, fn, body, commits)) helpers.set(name, [...(helpers.get(name) ?? []), fn]);
  }
  if (helpers.size === 0) return [];
  return code.callsNamed(helpers.keys()).filter((call) => {
    const fn = helpers.get(call.name)!.find((h) => callsHelper(code, call, h));
    if (fn) found(call, fn);
    return !!fn;
  });
}

/**
 * `call` runs the helper `fn`: a bare call of a function of the file, or a method of the same object
 * (`self.ack(…)`, `this.ack(…)`, Java's bare `commit()`, a Go receiver `h.ack(…)`) called from the
 * same class or Go receiver type; a method of the same name on another class or type is not it.
 */
export function callsHelper(code: CodeModel, call: CallSite, fn: Node): boolean {
  if (fn.startIndex <= call.node.startIndex && call.node.endIndex <= fn.endIndex) return false;
  if (code.kind === 'go') {
    if (fn.type !== 'method_declaration') return !call.receiver;
    let caller: Node | null = call.node.parent;
    while (caller && caller.type !== 'method_declaration' && caller.type !== 'function_declaration') caller = caller.parent;
    if (!caller || caller.type !== 'method_declaration' || !call.receiver) return false;
    const self = goReceiver(caller);
    return self.name === call.receiver && self.type === goReceiver(fn).type;
  }
  const owner = classOf(fn);
  if (!owner) return !call.receiver;
  const sameClass = owner.id === classOf(call.node)?.id;
  return sameClass && (call.receiver ? /^(self|this)$/.test(call.receiver) : code.kind === 'java');
}

const CLASS_TYPES = new Set(['class_definition', 'class_declaration', 'abstract_class_declaration', 'class', 'enum_declaration', 'record_declaration']);

function classOf(node: Node): Node | undefined {
  for (let n = node.parent; n; n = n.parent) if (CLASS_TYPES.has(n.type)) return n;
  return undefined;
}

/** `h` and `handler` of `func (h *handler) …`. */
function goReceiver(method: Node): { name: string | undefined; type: string | undefined } {
  const param = method.childForFieldName('receiver')?.namedChildren.find((c) => c?.type === 'parameter_declaration');
  return { name: param?.childForFieldName('name')?.text, type: param?.childForFieldName('type')?.text.replace(/^\*/, '') };
}

function onlyCommits(doc: CodeDocument, table: ConsumerClientTable, fn: Node, body: Node, commits: readonly CallSite[]): boolean {
  const code = doc.code;
  const own = callsWithin(commits, fn);
  // every commit runs on every call: its statement sits in the body, not under a condition or a loop
  for (const commit of own) {
    const stmt = code.statementOf(commit.node);
    if (!stmt) return false;
    for (let n = code.parentOf(stmt.node); n && n.id !== fn.id; n = code.parentOf(n)) {
      if (n.id !== body.id && !code.syntax.statementList.has(n.type)) return false;
    }
  }
  const inCommit = (c: CallSite) => own.some((k) => k.node.startIndex <= c.node.startIndex && c.node.endIndex <= k.node.endIndex);
  return code
    .callsIn(body)
    .every((c) => inCommit(c) || isLoggingCall(c) || isPureCall(doc.kind, c) || table.messageAccessors.includes(c.name));
}

/**
 * The names that hold the message being handled when `at` runs: loop variables of enclosing loops,
 * values returned by a poll before `at` (a Go `case msg := <-claim.Messages()` included), or (in a
 * handler function with neither) its message parameters.
 */
export function messageNames(code: CodeModel, at: Node, table: ConsumerClientTable): Set<string> {
  const seeds = new Set<string>();
  const fn = code.enclosingFunction(at);
  // enclosing `for x in …` loops inside the function
  for (let loop = code.enclosingLoop(at); loop; loop = code.enclosingLoop(loop)) {
    code.syntax.loopBinding(loop)?.names.forEach((n) => seeds.add(n.text));
  }
  // values returned by poll-like calls that complete before `at`
  for (const a of polledAssignments(code, fn ?? code.root, table)) {
    if (a.end <= at.startIndex) a.names.forEach((n) => seeds.add(n));
  }
  if (code.kind === 'go') goChannelAndSwitchNames(code, at, table, seeds);
  if (seeds.size === 0 && fn) handlerParameters(code, fn, table).forEach((p) => seeds.add(p));
  if (table.notMessage) for (const s of [...seeds]) if (table.notMessage.test(s)) seeds.delete(s);
  return seeds;
}

const pollsByModel = new WeakMap<CodeModel, CallSite[]>();
const polledByModel = new WeakMap<CodeModel, Map<number, { end: number; names: string[] }[]>>();

/**
 * Assignments in `scope` whose value calls a poll method. The poll calls are found once per file by
 * name (a text scan the tree confirms), so no scope is walked for them.
 */
function polledAssignments(code: CodeModel, scope: Node, table: ConsumerClientTable): { end: number; names: string[] }[] {
  let memo = polledByModel.get(code);
  if (!memo) polledByModel.set(code, (memo = new Map()));
  const known = memo.get(scope.id);
  if (known) return known;
  let allPolls = pollsByModel.get(code);
  if (!allPolls) pollsByModel.set(code, (allPolls = code.callsNamed(table.pollMethods).sort((a, b) => a.node.startIndex - b.node.startIndex)));
  const polls = callsWithin(allPolls, scope);
  const out: { end: number; names: string[] }[] = [];
  if (polls.length > 0) {
    for (const a of code.assignmentsIn(scope)) {
      const value = a.value;
      if (value && polls.some((c) => c.node.startIndex >= value.startIndex && c.node.endIndex <= value.endIndex)) {
        out.push({ end: a.node.endIndex, names: a.names });
      }
    }
  }
  memo.set(scope.id, out);
  return out;
}

/** `case msg, ok := <-claim.Messages():` binds the message; `switch e := ev.(type)` renames it. */
function goChannelAndSwitchNames(code: CodeModel, at: Node, table: ConsumerClientTable, seeds: Set<string>): void {
  for (let n: Node | null = code.parentOf(at); n && !code.syntax.function.has(n.type); n = code.parentOf(n)) {
    if (n.type === 'communication_case') {
      const comm = n.childForFieldName('communication');
      if (comm?.type === 'receive_statement' && code.callsIn(comm).some((c) => table.pollMethods.includes(c.name))) {
        const left = comm.childForFieldName('left');
        if (left) code.identifiers(left).forEach((x) => seeds.add(x));
      }
    }
  }
  for (let n: Node | null = code.parentOf(at); n && !code.syntax.function.has(n.type); n = code.parentOf(n)) {
    const value = n.type === 'type_switch_statement' ? n.childForFieldName('value') : null;
    // `switch e := ev.(type)` after `ev := c.Poll(100)`, or `switch e := c.Poll(100).(type)`
    if (value && (code.mentions(value, seeds) || code.callsIn(value).some((c) => table.pollMethods.includes(c.name)))) {
      const alias = n.childForFieldName('alias');
      if (alias) code.identifiers(alias).forEach((x) => seeds.add(x));
    }
  }
}

/** The parameters of a handler function that carry the message. */
/** Parameter names that hold a consumed message in handler functions across code bases. */
const MESSAGE_PARAMETER = /^(msg|message|messages|msgs|record|records|rec|batch|event|events|evt|payload|kafka_message|consumer_record|m)$/i;

export function handlerParameters(code: CodeModel, fn: Node, table: ConsumerClientTable): string[] {
  const params = code.syntax.parameters(fn);
  switch (code.kind) {
    case 'python':
      // any function may take arguments; only a message-like name or annotation says one is the message
      return params.filter((p) => MESSAGE_PARAMETER.test(p.text) || /Message|Record/.test(parameterType(p) ?? '')).map((p) => p.text);
    case 'java':
      if (isListenerMethod(fn, table)) {
        return params.filter((p) => !table.consumerTypes?.test(parameterType(p) ?? '')).map((p) => p.text);
      }
      return params.filter((p) => table.messageTypes?.test(parameterType(p) ?? '')).map((p) => p.text);
    case 'go':
      return params.filter((p) => table.messageTypes?.test(parameterType(p) ?? '')).map((p) => p.text);
    default: {
      if (kafkajsHandlers(code).some((h) => h.id === fn.id)) return params.map((p) => p.text);
      return params
        .filter((p) => table.messageTypes?.test(parameterType(p) ?? '') || /^(msg|message|messages|record|records|batch|payload|event)$/i.test(p.text))
        .map((p) => p.text);
    }
  }
}

/**
 * Names derived from the message inside `scope`. On top of assignments and loops, Go's decode
 * into an out-parameter (`json.Unmarshal(msg.Value, &evt)`) makes `evt` the message too.
 */
const derivedByModel = new WeakMap<CodeModel, Map<string, Set<string>>>();

export function derivedMessageNames(code: CodeModel, scope: Node, seeds: ReadonlySet<string>, table: ConsumerClientTable): Set<string> {
  // Several commits in one function share their message names: compute them once per scope and seeds.
  let memo = derivedByModel.get(code);
  if (!memo) derivedByModel.set(code, (memo = new Map()));
  const key = `${scope.id}:${[...seeds].sort().join(',')}`;
  const known = memo.get(key);
  if (known) return new Set(known);
  const derived = computeDerivedMessageNames(code, scope, seeds, table);
  memo.set(key, derived);
  return new Set(derived);
}

function computeDerivedMessageNames(code: CodeModel, scope: Node, seeds: ReadonlySet<string>, table: ConsumerClientTable): Set<string> {
  let derived = code.derivedNames(scope, seeds);
  if (code.kind === 'go') {
    for (let round = 0; round < 2; round++) {
      const extra = new Set<string>();
      for (const call of code.callsIn(scope, { skipNestedFunctions: true })) {
        // only an `&name` argument receives a decoded value: a call without `&` in it adds nothing
        const amp = code.text.indexOf('&', call.node.startIndex);
        if (amp < 0 || amp >= call.node.endIndex) continue;
        if (!call.args.some((a) => code.mentions(a, derived))) continue;
        for (const arg of call.args) {
          const operand = arg.type === 'unary_expression' && arg.text.startsWith('&') ? arg.childForFieldName('operand') : null;
          if (operand?.type === 'identifier' && !derived.has(operand.text)) extra.add(operand.text);
        }
      }
      if (extra.size === 0) break;
      derived = code.derivedNames(scope, [...derived, ...extra]);
    }
  }
  if (table.notMessage) for (const s of [...derived]) if (table.notMessage.test(s)) derived.delete(s);
  return derived;
}

export interface MessageContext {
  derived: ReadonlySet<string>;
  seeds: ReadonlySet<string>;
  table: ConsumerClientTable;
  consumers: ReadonlySet<string>;
}

/** The message names at `at` and everything derived from them in its function, or undefined when there is no message. */
const contextByModel = new WeakMap<CodeModel, Map<number, MessageContext | null>>();

export function messageContextAt(code: CodeModel, at: Node, file: ConsumerFile): MessageContext | undefined {
  // COM001 and COM002 both ask about every commit: answer once per node.
  let memo = contextByModel.get(code);
  if (!memo) contextByModel.set(code, (memo = new Map()));
  const known = memo.get(at.id);
  if (known !== undefined) return known ?? undefined;
  const seeds = messageNames(code, at, file.table);
  const scope = code.enclosingFunction(at) ?? code.root;
  const context = seeds.size === 0 ? null : { derived: derivedMessageNames(code, scope, seeds, file.table), seeds, table: file.table, consumers: file.consumers };
  memo.set(at.id, context);
  return context ?? undefined;
}

/** True when `call` does work on the message: it is not pure, not logging, not consumer bookkeeping. */
export function isMessageSideEffect(kind: CodeKind, code: CodeModel, call: CallSite, context: MessageContext): boolean {
  if (isConsumerReceiver(call, context.table, context.consumers)) return false;
  if (context.table.handlerCommitFunctions?.includes(call.name)) return false;
  if (isLoggingCall(call) || isPureCall(kind, call)) return false;
  // reading the message itself: msg.value(), record.key()
  if (call.receiverNode && context.derived.has(rootName(call.receiverNode)) && context.table.messageAccessors.includes(call.name)) {
    return false;
  }
  // Java getters and record accessors on the message: event.orderId(), record.getValue()
  if (kind === 'java' && call.args.length === 0 && call.receiverNode && context.derived.has(rootName(call.receiverNode))) return false;
  if (insideLoggingCall(code, call) || isMetricCall(call) || isInMemoryUpdate(code, call)) return false;
  if (code.mentions(call.receiverNode, context.derived)) return true;
  return call.args.some((arg) => code.mentions(arg, context.derived));
}

/** `log.info("charged {}", event.orderId())`: what is computed for a log line is part of the log line. */
function insideLoggingCall(code: CodeModel, call: CallSite): boolean {
  for (let n = code.parentOf(call.node); n; n = code.parentOf(n)) {
    if (code.syntax.statementList.has(n.type) || code.syntax.function.has(n.type)) return false;
    if (code.syntax.call.has(n.type) && isLoggingCall(code.callSite(n))) return true;
  }
  return false;
}

/** Node types that are single tokens: they have no inner expression to descend into. */
const NAME_TOKENS = new Set(['identifier', 'field_identifier', 'property_identifier', 'type_identifier', 'this']);

/** `a` in `a.b.c` / `a[0].b`. */
function rootName(node: Node): string {
  let current: Node = node;
  for (;;) {
    if (NAME_TOKENS.has(current.type)) return current.text;
    const inner = current.childForFieldName('object') ?? current.childForFieldName('operand') ?? current.childForFieldName('value');
    if (!inner || inner.id === current.id) return current.text;
    current = inner;
  }
}

/**
 * The statements that can run after `node`'s statement within one pass of `scope` (a loop body or
 * a function body): the rest of its block up to a jump, then the rest of each enclosing block.
 * `continue` / `break` resume after the inner loop they leave; `return` / `raise` end the pass.
 */
export function reachableAfter(code: CodeModel, node: Node, scope: Node): Node[] {
  const out: Node[] = [];
  let ref = code.statementOf(node);
  while (ref) {
    const { later, jump } = code.followingUntilJump(ref);
    out.push(...later);
    if (ref.list.id === scope.id || ref.list.parent?.id === scope.id) return out;
    let from: Node = ref.list;
    if (jump) {
      if (!/^(break|continue)/.test(jump.type)) return out;
      const loop = code.enclosingLoop(jump);
      if (!loop || loop.startIndex <= scope.startIndex) return out;
      from = loop;
    }
    ref = enclosingStatement(code, from, scope);
  }
  return out;
}

/** The statement that contains `node`, if it lies inside `scope`. */
function enclosingStatement(code: CodeModel, node: Node, scope: Node): StatementRef | undefined {
  for (let current: Node | null = node.parent; current && current.id !== scope.id; current = current.parent) {
    if (code.syntax.function.has(current.type)) return undefined;
    const ref = code.statementOf(current);
    if (ref && ref.node.id === current.id) return ref;
  }
  return undefined;
}

/** Prometheus-style metrics: `EVENTS.labels(topic=topic).inc()`, `LATENCY.observe(elapsed)`. */
export function isMetricCall(call: CallSite): boolean {
  return /^(labels|withlabelvalues|inc|dec|observe|increment)$/i.test(call.name);
}

/** Methods that change an in-memory collection (a retry counter, a seen-set), not the world. */
const CONTAINER_UPDATES = new Set([
  'pop', 'popitem', 'append', 'appendleft', 'extend', 'add', 'discard', 'remove', 'clear', 'setdefault', 'update', 'insert',
  'push', 'shift', 'unshift', 'set', 'delete', 'splice',
  'put', 'putIfAbsent', 'addAll', 'removeAll', 'merge', 'compute', 'computeIfAbsent', 'computeIfPresent', 'replace',
]);

/** Values that build an in-memory collection: literals and the standard collection constructors. */
const CONTAINER_LITERALS = new Set(['dictionary', 'list', 'set', 'object', 'array', 'composite_literal']);
const CONTAINER_CONSTRUCTORS = /^(dict|list|set|defaultdict|OrderedDict|Counter|deque|Map|Set|WeakMap|WeakSet|HashMap|LinkedHashMap|TreeMap|ConcurrentHashMap|HashSet|LinkedHashSet|TreeSet|ArrayList|LinkedList|ArrayDeque|make)$/;

const containersByModel = new WeakMap<CodeModel, Set<string>>();

/** Names bound anywhere in the file to an in-memory collection. */
function inMemoryContainers(code: CodeModel): Set<string> {
  let names = containersByModel.get(code);
  if (names) return names;
  names = new Set();
  for (const a of code.assignmentsIn(code.root)) {
    const value = a.value?.type === 'expression_list' ? a.value.namedChildren[0] : a.value;
    if (!value) continue;
    const isLiteral = CONTAINER_LITERALS.has(value.type);
    const isConstructed = code.syntax.call.has(value.type) && CONTAINER_CONSTRUCTORS.test(code.callSite(value).name);
    if (isLiteral || isConstructed) a.names.forEach((n) => names!.add(n));
  }
  // Java fields and locals: `private final Map<String, Integer> attempts = new HashMap<>();`
  for (const decl of code.root.descendantsOfType(['field_declaration', 'local_variable_declaration', 'public_field_definition', 'field_definition'])) {
    const value = decl?.descendantsOfType(['object_creation_expression', 'new_expression'])[0];
    if (!decl || !value || !CONTAINER_CONSTRUCTORS.test(code.callSite(value).name)) continue;
    for (const d of decl.childrenForFieldName('declarator')) {
      const name = d?.childForFieldName('name')?.text;
      if (name) names.add(name);
    }
    const own = decl.childForFieldName('name')?.text ?? decl.childForFieldName('property')?.text;
    if (own) names.add(own);
  }
  containersByModel.set(code, names);
  return names;
}

export function isInMemoryUpdate(code: CodeModel, call: CallSite): boolean {
  if (!call.receiver || !CONTAINER_UPDATES.has(call.name)) return false;
  const last = call.receiver.replace(/^.*\./, '');
  return inMemoryContainers(code).has(last);
}
