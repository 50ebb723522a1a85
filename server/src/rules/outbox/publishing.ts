/**
 * Broker publishes as the outbox rules see them: each publish in a host function, with the offset
 * by which the broker has acknowledged it (the call itself, a later flush, a wait on its future or
 * promise, a receive from its delivery channel) or Infinity when nothing in the function waits.
 * Calls to a function of the same file that publishes count as publishes too, one level deep.
 */
import type { Node } from 'web-tree-sitter';
import type { CallSite, CodeModel } from '../../code/codeModel';
import type { CodeDocument } from '../../parsing/document';
import {
  acknowledgedInPlace,
  boto3PublishCalls,
  FUTURE_WAIT_METHODS,
  flushCalls,
  isAsyncWrite,
  isDeadLetterSend,
  PRODUCER_CLIENTS,
  publishCalls,
  typedProducerNames,
  type PublishCall,
} from '../shared/producers';
import { databaseModel, type DatabaseModel } from './dbModel';

export interface HostPublish {
  /** The publish call, or the call to a function of the same file that publishes. */
  call: CallSite;
  host: Node | undefined;
  /** Acknowledged by the call itself. */
  inPlace: boolean;
  /** Offset by which the publish is acknowledged inside the host; Infinity when it is not. */
  ackAt: number;
  /** The separate call that waits for it (flush, future wait), when there is one. */
  ackNode: Node | undefined;
  /** A call to a function of the same file that publishes. */
  indirect: boolean;
  deadLetter: boolean;
  /** The topic expression, when the call names one. */
  topic: string | undefined;
}

const cache = new WeakMap<CodeModel, HostPublish[]>();

export function hostPublishes(doc: CodeDocument): HostPublish[] {
  let found = cache.get(doc.code);
  if (!found) {
    found = collect(doc);
    cache.set(doc.code, found);
  }
  return found;
}

function collect(doc: CodeDocument): HostPublish[] {
  const code = doc.code;
  const db = databaseModel(doc);
  const flushes = flushCalls(code, doc.kind);
  const direct: HostPublish[] = allPublishCalls(doc).map((p) => {
    const host = db.hostOf(p.call.node);
    const inPlace = acknowledgedInPlace(doc.kind, p);
    const ack = inPlace ? inPlaceAck(db, p.call, host) : laterAck(db, p.call, host, flushes);
    return {
      call: p.call,
      host,
      inPlace: inPlace && ack.at !== Infinity,
      ackAt: ack.at,
      ackNode: ack.node,
      indirect: false,
      deadLetter: isDeadLetterSend(p.call, p.topic),
      topic: p.topic,
    };
  });
  return [...direct, ...indirectCalls(db, direct, flushes)].sort((a, b) => a.call.node.startIndex - b.call.node.startIndex);
}

/** The shared module's publish calls (boto3 messaging clients included), plus sends on producers known by their declared type only. */
function allPublishCalls(doc: CodeDocument): PublishCall[] {
  const code = doc.code;
  const found = publishCalls(code, doc.kind);
  const kafka = new Set(found.map((p) => p.call.node.id));
  found.push(...boto3PublishCalls(code).filter((p) => !kafka.has(p.call.node.id)));
  const typed = typedProducerNames(code, doc.kind);
  if (typed.size === 0) return found.sort((a, b) => a.call.node.startIndex - b.call.node.startIndex);
  const seen = new Set(found.map((p) => p.call.node.id));
  const table = PRODUCER_CLIENTS[doc.kind];
  for (const call of code.callsNamed(table.sendMethods)) {
    if (seen.has(call.node.id) || !call.receiver || /consumer/i.test(call.receiver)) continue;
    const last = call.receiver.split('.').pop()!;
    if (!typed.has(last)) continue;
    const blocking = table.blockingSendMethods.includes(call.name);
    const enqueued = isAsyncWrite(code, call);
    found.push({
      call,
      topic: call.args[0]?.type === 'keyword_argument' ? undefined : call.args[0]?.text,
      waits: !enqueued && (blocking ? call.awaited || doc.kind === 'go' : call.awaited && doc.kind === 'java'),
      enqueued,
    });
  }
  return found.sort((a, b) => a.call.node.startIndex - b.call.node.startIndex);
}

/**
 * A publish that waits where it is written is acknowledged there, unless it sits in an async
 * callback the host does not wait for (`rows.forEach(async (r) => { await producer.send(…) })`).
 */
function inPlaceAck(db: DatabaseModel, call: CallSite, host: Node | undefined): { at: number; node: Node | undefined } {
  const detached = detachedCallback(db, call.node, host);
  if (!detached) return { at: call.node.endIndex, node: undefined };
  const taking = db.callTakingCallback(detached);
  if (!taking) return { at: Infinity, node: undefined };
  // await Promise.all(rows.map(async (r) => …)) waits for every callback
  const awaited = db.code.ancestor(taking.node, (n) => db.code.syntax.await.has(n.type), (n) => n.id === host?.id || db.code.syntax.function.has(n.type));
  if (awaited) return { at: awaited.endIndex, node: awaited };
  return { at: Infinity, node: undefined };
}

/** The async callback between `node` and its host whose awaits the host does not wait for. */
function detachedCallback(db: DatabaseModel, node: Node, host: Node | undefined): Node | undefined {
  for (let fn = db.code.enclosingFunction(node); fn && fn.id !== host?.id; fn = db.code.enclosingFunction(fn)) {
    if (db.isDetachedAsync(fn)) return fn;
  }
  return undefined;
}

/** The first later call in the host that waits for an enqueued publish. */
function laterAck(db: DatabaseModel, call: CallSite, host: Node | undefined, flushes: CallSite[]): { at: number; node: Node | undefined } {
  const code = db.code;
  const enclosing = enclosingAwait(db, call.node, host);
  if (enclosing) return { at: enclosing.endIndex, node: enclosing };
  const after = call.node.endIndex;
  const inHost = (n: Node) => sameHost(db.hostOf(n), host) && n.startIndex >= after;
  const candidates: Node[] = flushes.filter((f) => inHost(f.node)).map((f) => f.node);
  const holders = futureHolders(code, call);
  if (holders.size > 0) {
    const scope = host ?? code.root;
    const derived = code.derivedNames(scope, holders);
    for (const c of code.callsIn(scope)) {
      if (!inHost(c.node)) continue;
      if (FUTURE_WAIT_METHODS.includes(c.name) && (code.mentions(c.receiverNode, derived) || c.args.some((a) => code.mentions(a, derived)))) candidates.push(c.node);
      if (c.awaited && c.args.some((a) => code.mentions(a, derived))) candidates.push(c.node);
    }
    for (const a of scope.descendantsOfType([...code.syntax.await])) {
      if (a && inHost(a) && code.mentions(a, derived)) candidates.push(a);
    }
    if (code.kind === 'go') {
      for (const u of scope.descendantsOfType('unary_expression')) {
        if (u && inHost(u) && u.text.startsWith('<-') && code.mentions(u, derived)) candidates.push(u);
      }
    }
  }
  const first = candidates.sort((a, b) => a.startIndex - b.startIndex)[0];
  return first ? { at: first.endIndex, node: first } : { at: Infinity, node: undefined };
}

/**
 * An `await` that waits for the promise as part of a larger expression:
 * `await Promise.all(rows.map((r) => producer.send(…)))`. The promise may pass through arrow
 * bodies, `return`, arrays and argument lists on its way, never through another statement.
 */
function enclosingAwait(db: DatabaseModel, node: Node, host: Node | undefined): Node | undefined {
  const code = db.code;
  if (code.kind !== 'typescript' && code.kind !== 'tsx' && code.kind !== 'javascript') return undefined;
  let current: Node | null = node.parent;
  for (let depth = 0; current && current.id !== host?.id && depth < 24; depth++, current = current.parent) {
    if (code.syntax.await.has(current.type)) return current;
    if (current.type === 'return_statement') {
      current = code.enclosingFunction(current) ?? null;
      if (!current || current.id === host?.id) return undefined;
      continue;
    }
    if (code.syntax.function.has(current.type)) {
      if (/^async\b/.test(current.text)) return undefined;
      continue;
    }
    if (/statement|declaration/.test(current.type) || code.syntax.statementList.has(current.type)) return undefined;
  }
  return undefined;
}

/** Names that end up holding the publish's future: `fut = producer.send(…)`, `futures.append(…)`, a Go delivery channel. */
function futureHolders(code: CodeModel, call: CallSite): Set<string> {
  const names = new Set<string>();
  let node: Node = call.node;
  while (node.parent && (node.parent.type === 'await' || node.parent.type === 'await_expression' || node.parent.type === 'parenthesized_expression')) node = node.parent;
  const parent = node.parent;
  if (!parent) return names;
  const assigned = code.syntax.assignment(parent);
  if (assigned.length > 0) assigned.forEach((a) => a.names.forEach((n) => names.add(n.text)));
  else if (parent.parent && code.syntax.assignmentTypes.includes(parent.parent.type)) {
    code.syntax.assignment(parent.parent).forEach((a) => a.names.forEach((n) => names.add(n.text)));
  }
  // futures.append(producer.send(…)) / promises.push(…) / futures.add(…)
  const argList = parent;
  const outer = argList.parent;
  if (outer && code.syntax.call.has(outer.type)) {
    const site = code.callSite(outer);
    if (['append', 'push', 'add', 'extend'].includes(site.name) && site.receiverNode) names.add(site.receiverNode.text);
  }
  if (code.kind === 'go' && call.args[1] && call.args[1].type === 'identifier') names.add(call.args[1].text);
  return names;
}

/** Calls to same-file functions that publish, with acknowledgement as seen from the caller. */
function indirectCalls(db: DatabaseModel, direct: HostPublish[], flushes: CallSite[]): HostPublish[] {
  const code = db.code;
  const byName = new Map<string, { fn: Node; acked: boolean; deadLetter: boolean; topic: string | undefined }>();
  for (const p of direct) {
    if (!p.host) continue;
    const name = functionName(p.host);
    if (!name) continue;
    const inside = direct.filter((q) => q.host?.id === p.host!.id);
    const acked = inside.every((q) => q.ackAt <= p.host!.endIndex) || flushes.some((f) => f.node.startIndex > p.host!.startIndex && f.node.endIndex <= p.host!.endIndex);
    byName.set(name, { fn: p.host, acked, deadLetter: inside.every((q) => q.deadLetter), topic: inside[0]?.topic });
  }
  if (byName.size === 0) return [];
  const out: HostPublish[] = [];
  for (const call of code.callsNamed(byName.keys())) {
    const info = byName.get(call.name)!;
    if (call.node.startIndex >= info.fn.startIndex && call.node.endIndex <= info.fn.endIndex) continue;
    // the file's own function: `publish()`, `this.publish()`, Go `s.publish()`; not `this.repo.publish()`
    if (call.receiver && !/^(self|this|cls|[a-z])$/.test(call.receiver)) continue;
    const host = db.hostOf(call.node);
    const ack = info.acked ? { at: call.node.endIndex, node: undefined } : laterAck(db, call, host, flushes);
    out.push({ call, host, inPlace: info.acked, ackAt: ack.at, ackNode: ack.node, indirect: true, deadLetter: info.deadLetter, topic: info.topic });
  }
  return out;
}

/** The declared name of a function-like node, when it has one. */
export function functionName(fn: Node): string | undefined {
  const name = fn.childForFieldName('name');
  if (name) return name.text;
  const parent = fn.parent;
  if (parent?.type === 'variable_declarator') return parent.childForFieldName('name')?.text;
  if (parent?.type === 'pair') return parent.childForFieldName('key')?.text;
  return undefined;
}

function sameHost(a: Node | undefined, b: Node | undefined): boolean {
  if (!a || !b) return a === b;
  return a.id === b.id;
}
