/**
 * Shared reasoning for the consumer rules: which receivers are consumers, which names hold "the
 * message" at a given point, and which later calls do the message's work.
 */
import type { Node } from 'web-tree-sitter';
import type { CallSite, CodeModel } from '../../code/codeModel';
import type { CodeKind } from '../../parsing/fileKinds';
import { isLoggingCall, isPureCall } from '../shared/sideEffects';
import type { ConsumerClientTable } from './clients';

/** Names in the file bound to a consumer built by one of the client factories. */
export function consumerVariables(code: CodeModel, table: ConsumerClientTable): Set<string> {
  const names = new Set<string>();
  for (const call of code.callsNamed(table.consumerFactories)) {
    const stmt = code.statementOf(call.node);
    const scope = stmt?.node ?? call.node.parent;
    if (!scope) continue;
    for (const a of code.assignmentsIn(scope)) {
      if (a.value && a.value.startIndex <= call.node.startIndex && call.node.endIndex <= a.value.endIndex) {
        a.names.forEach((n) => names.add(n));
      }
    }
    // `self.consumer = Consumer(...)` / `this.consumer = ...`: remember the attribute path too
    const parent = call.node.parent;
    const left = parent?.childForFieldName('left');
    if (left) names.add(left.text);
  }
  return names;
}

export function isConsumerReceiver(call: CallSite, table: ConsumerClientTable, variables: ReadonlySet<string>): boolean {
  if (!call.receiver) return false;
  return variables.has(call.receiver) || table.consumerName.test(call.receiver);
}

/**
 * The names that hold the message being handled when `at` runs: loop variables of enclosing loops,
 * values returned by a poll before `at`, or (in a handler function with neither) its parameters.
 */
export function messageNames(code: CodeModel, at: Node, table: ConsumerClientTable): Set<string> {
  const seeds = new Set<string>();
  const fn = code.enclosingFunction(at);
  // enclosing `for x in …` loops inside the function
  for (let loop = code.enclosingLoop(at); loop; loop = code.enclosingLoop(loop)) {
    code.syntax.loopBinding(loop)?.names.forEach((n) => seeds.add(n.text));
  }
  // values returned by poll-like calls that complete before `at`
  const scope = fn ?? code.root;
  for (const a of code.assignmentsIn(scope)) {
    if (a.node.endIndex > at.startIndex || !a.value) continue;
    const polled = code.callsIn(a.value).some((c) => table.pollMethods.includes(c.name));
    if (polled) a.names.forEach((n) => seeds.add(n));
  }
  if (seeds.size === 0 && fn) code.syntax.parameters(fn).forEach((p) => seeds.add(p.text));
  return seeds;
}

/** True when `call` does work on the message: it is not pure, not logging, not consumer bookkeeping. */
export function isMessageSideEffect(
  kind: CodeKind,
  code: CodeModel,
  call: CallSite,
  context: { derived: ReadonlySet<string>; seeds: ReadonlySet<string>; table: ConsumerClientTable; consumers: ReadonlySet<string> },
): boolean {
  if (isConsumerReceiver(call, context.table, context.consumers)) return false;
  if (isLoggingCall(call) || isPureCall(kind, call)) return false;
  // reading a message: msg.value(), record.key() (also on messages taken from a polled batch)
  if (call.receiverNode && context.derived.has(rootName(call.receiverNode)) && context.table.messageAccessors.includes(call.name)) {
    return false;
  }
  if (code.mentions(call.receiverNode, context.derived)) return true;
  return call.args.some((arg) => code.mentions(arg, context.derived));
}

/** `a` in `a.b.c` / `a[0].b`. */
function rootName(node: Node): string {
  let current: Node = node;
  for (;;) {
    const inner = current.childForFieldName('object') ?? current.childForFieldName('operand') ?? current.childForFieldName('value');
    if (!inner || inner.id === current.id) return current.text;
    current = inner;
  }
}
