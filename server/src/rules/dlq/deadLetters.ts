/**
 * Finding the dead-letter sends of a file and the error handler each one sits in, and telling a
 * dead-letter on the first failure from one behind a retry budget or a transient/permanent split.
 */
import type { Node } from 'web-tree-sitter';
import type { CallSite, CodeModel } from '../../code/codeModel';
import type { CodeDocument } from '../../parsing/document';
import { CONSUMER_CLIENTS } from '../consumer/clients';
import { isLoggingCall, isPureCall } from '../shared/sideEffects';
import { DEAD_LETTER, isDeadLetterSend, publishCalls } from '../shared/producers';

/** Method names that hand a message to a dead-letter destination held by the receiver. */
const SEND_NAMES = /^(send|send_and_wait|sendDefault|produce|publish|write|WriteMessages|SendMessage|Produce|Publish|put|emit|forward|route|accept|recover)$/i;

const DEAD_LETTER_WORDS = new RegExp(`\\w*(?:${DEAD_LETTER.source})\\w*`, 'gi');

/** Retry vocabulary: code that mentions it is already counting attempts, backing off or classifying errors. */
export const RETRY_WORDS = /retr(y|ies|ied|iable|yable)|attempt|backoff|back_off|tries\b|transient|permanent|redeliver|delivery_?count|deliveryAttempt|max_?retries/i;

/** Every call in the file that sends a message to a dead-letter topic, in source order. */
export function deadLetterSends(doc: CodeDocument): CallSite[] {
  const code = doc.code;
  const found = new Map<number, CallSite>();
  for (const p of publishCalls(code, doc.kind)) {
    if (isDeadLetterSend(p.call, p.topic)) found.set(p.call.node.id, p.call);
  }
  for (const m of doc.text.matchAll(DEAD_LETTER_WORDS)) {
    const leaf = code.root.descendantForIndex(m.index, m.index + m[0].length);
    if (!leaf || !/identifier$/.test(leaf.type)) continue;
    const call = enclosingSendCall(code, leaf);
    if (call && !isLoggingCall(call)) found.set(call.node.id, call);
  }
  return [...found.values()].sort((a, b) => a.node.startIndex - b.node.startIndex);
}

/** `send_to_dlq(…)` (the name says it), or `self.dlq.send(…)` / `dlqWriter.WriteMessages(…)` (the receiver does). */
function enclosingSendCall(code: CodeModel, leaf: Node): CallSite | undefined {
  let node: Node | null = leaf;
  for (let depth = 0; node && depth < 5; depth++) {
    const parent: Node | null = node.parent;
    if (!parent) return undefined;
    if (code.syntax.call.has(parent.type)) {
      const call = code.callSite(parent);
      const parts = code.syntax.callParts(parent);
      if (parts.name && parts.name.id === leaf.id) return call.isConstructor ? undefined : call;
      if (call.receiverNode && within(leaf, call.receiverNode) && SEND_NAMES.test(call.name)) return call;
      return undefined;
    }
    node = parent;
  }
  return undefined;
}

function within(inner: Node, outer: Node): boolean {
  return outer.startIndex <= inner.startIndex && inner.endIndex <= outer.endIndex;
}

/** An error handler around a dead-letter send: the `except` / `catch` clause, or Go's `if err != nil`. */
export interface ErrorHandler {
  /** The except/catch clause, or the Go if statement. */
  node: Node;
  /** The statements run on failure. */
  body: Node;
  /** The statement list whose failure it handles (try body), or the Go statement producing `err`. */
  guarded: Node[];
  /** The try statement (Python, TS/JS, Java). */
  tryStatement: Node | undefined;
  catchAll: boolean;
}

/** The nearest error handler around `send`, inside its function. */
export function errorHandlerOf(code: CodeModel, send: Node): ErrorHandler | undefined {
  for (let n: Node | null = send.parent; n && !code.syntax.function.has(n.type); n = n.parent) {
    if (n.type === 'except_clause' || n.type === 'catch_clause') {
      const tryStatement = n.parent ?? undefined;
      const body = code.kind === 'python' ? n.namedChildren.find((c) => c?.type === 'block') : n.childForFieldName('body');
      const tryBody = tryStatement?.childForFieldName('body');
      if (!body || !tryBody) return undefined;
      return { node: n, body, guarded: [tryBody], tryStatement, catchAll: isCatchAll(code, n) };
    }
    if (code.kind === 'go' && n.type === 'if_statement' && within(send, n.childForFieldName('consequence') ?? n)) {
      const condition = n.childForFieldName('condition')?.text ?? '';
      const m = /^(\w+)\s*!=\s*nil$/.exec(condition);
      if (!m || !/err/i.test(m[1]!)) continue;
      const body = n.childForFieldName('consequence');
      if (!body) return undefined;
      return { node: n, body, guarded: goErrorSources(code, n, m[1]!), tryStatement: undefined, catchAll: true };
    }
  }
  return undefined;
}

/** `if err := f(); err != nil` → the initializer; `err := f()` / `err = f()` just above → that statement. */
function goErrorSources(code: CodeModel, ifStatement: Node, name: string): Node[] {
  const init = ifStatement.childForFieldName('initializer');
  if (init) return [init];
  const ref = code.statementOf(ifStatement);
  const previous = ref ? code.preceding(ref).at(-1) : undefined;
  if (previous && code.syntax.assignment(previous).some((a) => a.names.some((x) => x.text === name))) return [previous];
  return [];
}

function isCatchAll(code: CodeModel, clause: Node): boolean {
  if (code.kind === 'python') {
    const value = clause.childForFieldName('value') ?? clause.namedChildren.find((c) => c && c.type !== 'block' && c.type !== 'comment');
    if (!value) return true; // bare `except:`
    const types = value.type === 'as_pattern' ? value.namedChildren[0] : value;
    if (!types) return true;
    const names = types.type === 'tuple' || types.type === 'parenthesized_expression' ? types.namedChildren : [types];
    return names.some((t) => !!t && /(^|\.)(Exception|BaseException)$/.test(t.text));
  }
  if (code.kind === 'java') {
    const type = clause.descendantsOfType('catch_type')[0];
    return !!type && type.namedChildren.some((t) => !!t && /(^|\.)(Exception|Throwable|RuntimeException)$/.test(t.text));
  }
  // TypeScript / JavaScript: a catch clause catches everything
  return true;
}

/**
 * Reasons the send is not a dead-letter on the first failure: it sits under a condition, a check
 * before it can rethrow, an earlier clause handles other errors, or attempts / backoff / error
 * classes are mentioned, or the work runs in a retry loop or through a retrying function.
 */
export function isBounded(code: CodeModel, handler: ErrorHandler, send: CallSite): boolean {
  // the send under a condition inside the handler: `if attempts >= MAX`, `if permanent(e)`
  let child: Node = send.node;
  for (let n: Node | null = send.node.parent; n && n.id !== handler.body.id; child = n, n = n.parent) {
    if (!/^(if_statement|conditional_expression|ternary_expression|switch_statement|expression_switch_statement|type_switch_statement|match_statement|elif_clause|else_clause|binary_expression|boolean_operator)$/.test(n.type)) continue;
    // `if werr := dlq.Write(…); werr != nil`: the send is the condition, not guarded by it
    const header = n.childForFieldName('condition') ?? n.childForFieldName('initializer') ?? n.childForFieldName('left');
    if (header && header.id === child.id) continue;
    if (n.childForFieldName('initializer')?.id === child.id) continue;
    return true;
  }
  // a conditional before the send in the handler (a rethrow of transient errors, a counter check)
  const list = handler.body.namedChildren.find((c) => c && code.syntax.statementList.has(c.type)) ?? handler.body;
  const before = code.statements(list).filter((s) => s.endIndex <= send.node.startIndex);
  if (before.some((s) => /^(if_statement|switch_statement|expression_switch_statement|match_statement)$/.test(s.type))) return true;
  if (RETRY_WORDS.test(handler.body.text)) return true;
  if (handler.guarded.some((g) => RETRY_WORDS.test(g.text))) return true;
  // an earlier clause of the same try handles specific errors differently
  if (handler.tryStatement) {
    for (const c of handler.tryStatement.namedChildren) {
      if (!c || c.id === handler.node.id) break;
      if ((c.type === 'except_clause' || c.type === 'catch_clause') && !isCatchAll(code, c)) return true;
    }
  }
  if (inRetryLoop(code, handler)) return true;
  return callsRetryingFunction(code, handler);
}

/** The try (or the Go error check) runs inside a counted loop, or a loop the success path breaks out of. */
function inRetryLoop(code: CodeModel, handler: ErrorHandler): boolean {
  const start = handler.tryStatement ?? handler.node;
  for (let loop = code.enclosingLoop(start); loop; loop = code.enclosingLoop(loop)) {
    const body = loop.childForFieldName('body');
    const header = body ? code.text.slice(loop.startIndex, body.startIndex) : '';
    if (isCountedLoopHeader(header)) return true;
    if (handler.guarded.some((g) => code.jumpsIn(g).some((j) => /^break/.test(j.type)))) return true;
  }
  return false;
}

/** `for attempt in range(MAX)`, `for (let i = 0; i < 5; i++)`, `for i := 0; i < n; i++`, or retry words. */
function isCountedLoopHeader(header: string): boolean {
  return RETRY_WORDS.test(header) || /\brange\s*\(\s*\w+\s*\)|\bfor\s*\(\s*(int|let|var)\b|;\s*\w+\s*<|\bfor\s+\w+\s*:?=\s*0\s*;/.test(header);
}

/**
 * A function body that retries: a counted loop whose success path leaves it — a try whose body
 * returns or breaks, or Go's `if err == nil { return … }`. A loop over a batch with a try per item
 * goes on after a success, so it is not one.
 */
function retriesInside(code: CodeModel, fn: Node): boolean {
  const body = fn.childForFieldName('body');
  if (!body) return false;
  const leaves = (n: Node | null) => !!n && code.jumpsIn(n).some((j) => /^(return|break)/.test(j.type));
  for (const loop of code.nodesOfTypes(body, code.syntax.loop)) {
    if (code.insideNestedFunction(loop, fn)) continue;
    const loopBody = loop.childForFieldName('body');
    if (!loopBody || !isCountedLoopHeader(code.text.slice(loop.startIndex, loopBody.startIndex))) continue;
    const retries = code.kind === 'go'
      ? code.nodesOfTypes(loopBody, ['if_statement']).some((n) => /^err\s*==\s*nil$/.test(n.childForFieldName('condition')?.text ?? '') && leaves(n.childForFieldName('consequence')))
      : code.nodesOfTypes(loopBody, ['try_statement']).some((t) => leaves(t.childForFieldName('body')));
    if (retries) return true;
  }
  return false;
}

/**
 * The guarded work calls a function of this file decorated or annotated to retry (`@retry`,
 * `@Retryable`), or one whose body retries in a counted loop around a try.
 */
function callsRetryingFunction(code: CodeModel, handler: ErrorHandler): boolean {
  const names = new Set(handler.guarded.flatMap((g) => code.callsIn(g).map((c) => c.name)));
  for (const name of names) {
    for (const m of code.text.matchAll(new RegExp(`\\b${name}\\b`, 'g'))) {
      const leaf = code.root.descendantForIndex(m.index, m.index + name.length);
      const fn = leaf?.parent;
      if (!fn || !code.syntax.function.has(fn.type) || fn.childForFieldName('name')?.id !== leaf.id) continue;
      const decorated = fn.parent?.type === 'decorated_definition' ? fn.parent.text.slice(0, fn.startIndex - fn.parent.startIndex) : '';
      const modifiers = fn.namedChildren.find((c) => c?.type === 'modifiers')?.text ?? '';
      if (RETRY_WORDS.test(decorated) || RETRY_WORDS.test(modifiers) || RETRY_WORDS.test(methodDecorators(fn)) || retriesInside(code, fn)) return true;
    }
  }
  return false;
}

/** TypeScript: the decorators written before a method in its class body (`@Retryable({ maxAttempts: 5 })`). */
function methodDecorators(fn: Node): string {
  const texts: string[] = [];
  for (let sibling = fn.previousNamedSibling; sibling?.type === 'decorator'; sibling = sibling.previousNamedSibling) texts.push(sibling.text);
  return texts.join(' ');
}

/**
 * Decoding and validating the message: a failure there is permanent (the bytes will not change),
 * so dead-lettering it at once is right.
 */
const DECODING = /parse|decode|deserial|validate|unmarshal|loads$|from_?json|readValue|readTree/i;

/** The calls doing the work in the guarded code: not pure, not logging, not the dead-letter send. */
export function workCalls(doc: CodeDocument, handler: ErrorHandler): CallSite[] {
  const code = doc.code;
  const calls = handler.guarded.flatMap((g) => code.callsIn(g, { skipNestedFunctions: true }));
  const accessors = CONSUMER_CLIENTS[doc.kind]?.messageAccessors ?? [];
  // `msg.value()`, `record.key()`: reading the message is not working on it
  const isRead = (c: CallSite) => (c.args.length === 0 && !!c.receiver && accessors.includes(c.name)) || DECODING.test(c.name);
  // what is built for a decoder (`deserializer(value, SerializationContext(...))`) is part of decoding
  const decoders = calls.filter((c) => DECODING.test(c.name));
  const insideDecoder = (c: CallSite) =>
    decoders.some((d) => d !== c && d.node.startIndex <= c.node.startIndex && c.node.endIndex <= d.node.endIndex);
  return calls.filter((c) => !isLoggingCall(c) && !isPureCall(doc.kind, c) && !c.isConstructor && !isRead(c) && !insideDecoder(c));
}
