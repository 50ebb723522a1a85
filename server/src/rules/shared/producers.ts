/**
 * What publishing to a broker looks like in each language, and when the publish is acknowledged.
 * Shared by the outbox rules (publish before mark, dual writes) and the dead-letter rules (a send
 * to a dead-letter topic is a publish too). A new producer library is a table entry here.
 *
 * Acknowledgement semantics per client:
 *   confluent-kafka (Python, Go): produce() only enqueues; flush() (or a delivery report) waits.
 *   kafka-python: send() returns a future; .get() or flush() waits.
 *   aiokafka: `await send_and_wait()` waits; `await send()` only enqueues (it returns a future).
 *   kafkajs: `await producer.send()` waits for the acks; without await nothing waits.
 *   Java KafkaProducer / Spring KafkaTemplate: send() returns a future; .get()/.join() or flush() waits.
 *   kafka-go Writer.WriteMessages: synchronous unless the writer is built with `Async: true`; then it
 *     only buffers the messages, returns at once, and reports failures to the optional `Completion`
 *     callback alone, so nothing in the caller ever learns whether they were written.
 *   sarama SyncProducer.SendMessage: synchronous.
 *   Transactional producers (confluent-kafka `commit_transaction()`, Java `commitTransaction()`,
 *     confluent-kafka-go `CommitTransaction(ctx)`): the commit delivers every message produced in the
 *     transaction before it returns, and fails if any of them failed, like a flush.
 *   boto3 SNS `publish`, SQS `send_message`, Kinesis `put_record`, EventBridge `put_events`:
 *     synchronous (the service has accepted the message when the call returns).
 */
import type { Node } from 'web-tree-sitter';
import type { CallSite, CodeModel } from '../../code/codeModel';
import type { CodeKind } from '../../parsing/fileKinds';

export interface ProducerClientTable {
  /** Constructor or factory names whose result is a producer. */
  factories: readonly string[];
  /** Receivers named like this are taken for producers even when built elsewhere. */
  name: RegExp;
  /** Methods that publish a message. */
  sendMethods: readonly string[];
  /** Send methods that wait for the broker's acknowledgement by themselves (when awaited, in async languages). */
  blockingSendMethods: readonly string[];
  /** Methods that wait for everything sent so far (a flush, a transactional producer's commit). */
  flushMethods: readonly string[];
}

const ECMASCRIPT: ProducerClientTable = {
  factories: ['producer', 'Producer', 'KafkaProducer'],
  name: /producer|publisher|kafka(?!.*consumer)|broker|bus\b|outboxRelay/i,
  sendMethods: ['send', 'sendBatch', 'produce', 'publish', 'emit'],
  blockingSendMethods: ['send', 'sendBatch'],
  flushMethods: ['flush'],
};

export const PRODUCER_CLIENTS: Record<CodeKind, ProducerClientTable> = {
  python: {
    factories: ['Producer', 'SerializingProducer', 'KafkaProducer', 'AIOKafkaProducer'],
    name: /producer|publisher|kafka(?!.*consumer)|broker|\bbus\b/i,
    sendMethods: ['produce', 'send', 'send_and_wait', 'publish', 'basic_publish'],
    blockingSendMethods: ['send_and_wait'],
    flushMethods: ['flush', 'commit_transaction'],
  },
  typescript: ECMASCRIPT,
  tsx: ECMASCRIPT,
  javascript: ECMASCRIPT,
  java: {
    factories: ['KafkaProducer', 'KafkaTemplate'],
    name: /producer|publisher|kafkaTemplate|template|streamBridge|broker/i,
    sendMethods: ['send', 'sendDefault', 'publish'],
    blockingSendMethods: [],
    flushMethods: ['flush', 'commitTransaction'],
  },
  go: {
    factories: ['NewWriter', 'NewSyncProducer', 'NewAsyncProducer', 'NewProducer'],
    name: /producer|publisher|writer|broker/i,
    sendMethods: ['WriteMessages', 'SendMessage', 'SendMessages', 'Produce', 'Publish'],
    blockingSendMethods: ['WriteMessages', 'SendMessage', 'SendMessages'],
    flushMethods: ['Flush', 'CommitTransaction'],
  },
};

export interface PublishCall {
  call: CallSite;
  /** The topic expression, when the call names one (first argument, `topic=` or `{ topic }`). */
  topic: string | undefined;
  /** True when the call itself waits for the acknowledgement. */
  waits: boolean;
  /** True when the client only buffers the message and nothing can wait for it (kafka-go `Async: true`). */
  enqueued?: boolean;
}

/** Names bound to a producer built by one of the table's factories. */
export function producerVariables(code: CodeModel, table: ProducerClientTable): Set<string> {
  const names = new Set<string>();
  for (const call of code.callsNamed(table.factories)) {
    const parent = call.node.parent;
    const target = parent?.childForFieldName('left') ?? parent?.childForFieldName('name');
    if (target) names.add(target.text);
  }
  return names;
}

export function isProducerReceiver(call: CallSite, table: ProducerClientTable, variables: ReadonlySet<string>): boolean {
  if (!call.receiver) return false;
  if (/consumer/i.test(call.receiver)) return false;
  return variables.has(call.receiver) || table.name.test(call.receiver);
}

/** Every publish call in the file, in source order. */
export function publishCalls(code: CodeModel, kind: CodeKind): PublishCall[] {
  const table = PRODUCER_CLIENTS[kind];
  const variables = producerVariables(code, table);
  return code
    .callsNamed(table.sendMethods)
    .filter((c) => isProducerReceiver(c, table, variables))
    .map((call) => {
      const enqueued = isAsyncWrite(code, call);
      return {
        call,
        topic: topicText(code, call),
        waits: !enqueued && (table.blockingSendMethods.includes(call.name) ? call.awaited || kind === 'go' : call.awaited && kind === 'java'),
        enqueued,
      };
    });
}

/** boto3 client methods that hand a message to an AWS messaging service, by service name. */
const BOTO3_PUBLISH_METHODS: Readonly<Record<string, readonly string[]>> = {
  sns: ['publish', 'publish_batch'],
  sqs: ['send_message', 'send_message_batch'],
  kinesis: ['put_record', 'put_records'],
  events: ['put_events'],
};

const boto3ClientsByModel = new WeakMap<CodeModel, Map<string, string | undefined>>();

/**
 * Names bound in a file that imports boto3 to a client of an AWS messaging service, with the service:
 * `sns = boto3.client("sns")`, `self._sqs = session.client('sqs', region_name=…)`. A name also
 * bound to another service (or the same name in two places with different services) is left out.
 */
function boto3Clients(code: CodeModel): Map<string, string | undefined> {
  let clients = boto3ClientsByModel.get(code);
  if (clients) return clients;
  clients = new Map();
  boto3ClientsByModel.set(code, clients);
  if (code.kind !== 'python' || !/^\s*(?:import|from)\s+boto3\b/m.test(code.text)) return clients;
  for (const call of code.callsNamed(['client'])) {
    const first = call.args[0];
    const service = first?.type === 'string' ? first.text.replace(/^['"]|['"]$/g, '') : undefined;
    const parent = call.node.parent;
    const target = parent?.type === 'assignment' && parent.childForFieldName('right')?.id === call.node.id ? parent.childForFieldName('left') : undefined;
    if (!service || !target || !/^[\w.]+$/.test(target.text)) continue;
    const name = target.text.replace(/^.*\./, '');
    const known = service in BOTO3_PUBLISH_METHODS ? service : undefined;
    clients.set(name, clients.has(name) && clients.get(name) !== known ? undefined : known);
  }
  return clients;
}

/** `sns.publish(TopicArn=…, Message=…)`, `self.sqs.send_message(…)` on a boto3 client of that service built in the file. */
export function isBoto3Publish(code: CodeModel, receiver: string | undefined, method: string): boolean {
  if (code.kind !== 'python' || !receiver) return false;
  const service = boto3Clients(code).get(receiver.replace(/^.*\./, ''));
  return !!service && BOTO3_PUBLISH_METHODS[service]!.includes(method);
}

/** Every publish through a boto3 messaging client of the file; synchronous, so acknowledged in place. */
export function boto3PublishCalls(code: CodeModel): PublishCall[] {
  if (code.kind !== 'python' || boto3Clients(code).size === 0) return [];
  const names = [...new Set(Object.values(BOTO3_PUBLISH_METHODS).flat())];
  return code
    .callsNamed(names)
    .filter((call) => isBoto3Publish(code, call.receiver, call.name))
    .map((call) => ({ call, topic: keywordText(call, ['TopicArn', 'TargetArn', 'QueueUrl', 'StreamName']), waits: true }));
}

function keywordText(call: CallSite, names: readonly string[]): string | undefined {
  const kw = call.args.find((a) => a.type === 'keyword_argument' && names.includes(a.childForFieldName('name')?.text ?? ''));
  return kw?.childForFieldName('value')?.text;
}

/** Where a writer built with `Async: true` is stored. */
interface WriterBinding {
  name: string;
  /** A struct field (`writer: &kafka.Writer{…}`, `r.w = …`) rather than a variable. */
  field: boolean;
  /** For a variable: the function declaring it (undefined at package level or when only assigned). */
  scope: Node | undefined;
  /** For a field: the struct type holding it, when the file says (`&Relay{…}`, `func (r *Relay)`). */
  owner: string | undefined;
}

const asyncWritersByModel = new WeakMap<CodeModel, WriterBinding[]>();

/** `w.WriteMessages(…)` / `r.writer.WriteMessages(…)` on a kafka-go writer this file builds with `Async: true`. */
export function isAsyncWrite(code: CodeModel, call: CallSite): boolean {
  if (code.kind !== 'go' || call.name !== 'WriteMessages' || !call.receiver) return false;
  let bindings = asyncWritersByModel.get(code);
  if (!bindings) asyncWritersByModel.set(code, (bindings = asyncWriters(code)));
  if (bindings.length === 0) return false;
  const receiver = call.receiverNode;
  if (receiver?.type === 'identifier') {
    // a parameter is a writer built by the caller, whatever a variable of the same name elsewhere holds
    for (let fn = code.enclosingFunction(call.node); fn; fn = code.enclosingFunction(fn)) {
      if (goParameterNames(code, fn).includes(receiver.text)) return false;
    }
    return bindings.some((b) => !b.field && b.name === receiver.text && (!b.scope || within(call.node, b.scope)));
  }
  if (receiver?.type === 'selector_expression') {
    const name = receiver.childForFieldName('field')?.text;
    const operand = receiver.childForFieldName('operand');
    const owner = operand?.type === 'identifier' ? goTypeOf(code, operand.text, call.node) : undefined;
    return bindings.some((b) => b.field && b.name === name && (!b.owner || !owner || b.owner === owner));
  }
  const leaf = call.receiver.replace(/^.*\./, '');
  return bindings.some((b) => b.name === leaf);
}

/**
 * Writers built by `kafka.Writer{…, Async: true}` or `kafka.NewWriter(kafka.WriterConfig{…, Async: true})`,
 * with where they are stored. A name also bound to a writer without `Async: true` somewhere in the
 * file is left out: which one a call uses is not known.
 */
function asyncWriters(code: CodeModel): WriterBinding[] {
  const asyncBindings: WriterBinding[] = [];
  const syncNames = new Set<string>();
  if (!/\bAsync\s*:\s*true\b/.test(code.text)) return asyncBindings;
  for (const m of code.text.matchAll(/\bkafka\.(?:Writer|WriterConfig)\s*\{/g)) {
    const leaf = code.root.descendantForIndex(m.index, m.index + 5);
    const literal = leaf && code.ancestor(leaf, (n) => n.type === 'composite_literal', (n) => code.syntax.statementList.has(n.type));
    if (!literal || !/^kafka\.(Writer|WriterConfig)$/.test(literal.childForFieldName('type')?.text ?? '')) continue;
    const isAsync = (literal.childForFieldName('body')?.namedChildren ?? []).some(
      (el) => el?.type === 'keyed_element' && el.namedChild(0)?.text === 'Async' && el.namedChild(1)?.text === 'true',
    );
    const binding = boundTo(code, literal);
    if (!binding) continue;
    if (isAsync) asyncBindings.push(binding);
    else syncNames.add(binding.name);
  }
  return asyncBindings.filter((b) => !syncNames.has(b.name));
}

/** Where a writer literal is stored: `w := &kafka.Writer{…}`, `writer: &kafka.Writer{…}`, `r.w = kafka.NewWriter(…)`. */
function boundTo(code: CodeModel, literal: Node): WriterBinding | undefined {
  let node: Node = literal;
  for (let depth = 0; depth < 6; depth++) {
    const parent = node.parent;
    if (!parent) return undefined;
    if (parent.type === 'unary_expression' || parent.type === 'argument_list') {
      node = parent;
      continue;
    }
    if (parent.type === 'call_expression') {
      if (!/(^|\.)NewWriter$/.test(parent.childForFieldName('function')?.text ?? '')) return undefined;
      node = parent;
      continue;
    }
    if (parent.type === 'literal_element') {
      const keyed = parent.parent;
      if (keyed?.type !== 'keyed_element' || keyed.namedChild(1)?.id !== parent.id) return undefined;
      const name = keyed.namedChild(0)?.text;
      if (!name) return undefined;
      // writer: &kafka.Writer{…} inside &Relay{…}
      const holder = keyed.parent?.type === 'literal_value' ? keyed.parent.parent : undefined;
      const type = holder?.type === 'composite_literal' ? holder.childForFieldName('type')?.text : undefined;
      return { name, field: true, scope: undefined, owner: type ? typeName(type) : undefined };
    }
    if (parent.type === 'expression_list') {
      const holder = parent.parent;
      const index = parent.namedChildren.findIndex((c) => c?.id === node.id);
      if (!holder || index < 0) return undefined;
      if (holder.type === 'var_spec') {
        const name = holder.childrenForFieldName('name')[index]?.text;
        return name ? { name, field: false, scope: code.enclosingFunction(holder), owner: undefined } : undefined;
      }
      if (holder.type !== 'short_var_declaration' && holder.type !== 'assignment_statement') return undefined;
      const target = holder.childForFieldName('left')?.namedChildren[index];
      if (!target) return undefined;
      if (target.type === 'selector_expression') {
        const name = target.childForFieldName('field')?.text;
        const operand = target.childForFieldName('operand');
        const owner = operand?.type === 'identifier' ? goTypeOf(code, operand.text, holder) : undefined;
        return name ? { name, field: true, scope: undefined, owner } : undefined;
      }
      // `w = …` may assign a package variable: only `w := …` is local to the function
      const scope = holder.type === 'short_var_declaration' ? code.enclosingFunction(holder) : undefined;
      return { name: target.text, field: false, scope, owner: undefined };
    }
    return undefined;
  }
  return undefined;
}

/** The struct type of a variable where the function says: its receiver (`func (r *Relay)`) or `r := &Relay{…}`. */
function goTypeOf(code: CodeModel, name: string, at: Node): string | undefined {
  const fn = code.enclosingFunction(at);
  if (!fn) return undefined;
  for (const p of fn.childForFieldName('receiver')?.namedChildren ?? []) {
    if (p?.type === 'parameter_declaration' && p.childForFieldName('name')?.text === name) {
      const type = p.childForFieldName('type')?.text;
      return type ? typeName(type) : undefined;
    }
  }
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const made = new RegExp(`\\b${escaped}\\s*:=\\s*&?([A-Za-z_][\\w.]*)\\s*\\{`).exec(fn.text);
  return made ? typeName(made[1]!) : undefined;
}

/** `*outbox.Relay` → `Relay`. */
function typeName(type: string): string {
  return type.replace(/^[*&]+/, '').replace(/^.*\./, '');
}

/** Names of a Go function's parameters and method receiver. */
function goParameterNames(code: CodeModel, fn: Node): string[] {
  const receivers = (fn.childForFieldName('receiver')?.namedChildren ?? []).map((p) => p?.childForFieldName('name')?.text ?? '');
  return [...code.syntax.parameters(fn).map((p) => p.text), ...receivers];
}

function within(inner: Node, outer: Node): boolean {
  return inner.startIndex >= outer.startIndex && inner.endIndex <= outer.endIndex;
}

/** The topic an expression publishes to, as written (`"orders.dlq"`, `DLQ_TOPIC`, `topic`). */
function topicText(code: CodeModel, call: CallSite): string | undefined {
  const first = call.args[0];
  if (!first) return undefined;
  if (first.type === 'keyword_argument') {
    const topic = call.args.find((a) => a.childForFieldName('name')?.text === 'topic');
    return topic?.childForFieldName('value')?.text;
  }
  if (first.type === 'object') {
    // kafkajs: send({ topic, messages })
    for (const prop of first.namedChildren) {
      if (!prop) continue;
      if (prop.type === 'shorthand_property_identifier' && prop.text === 'topic') return 'topic';
      if (prop.type === 'pair' && prop.childForFieldName('key')?.text === 'topic') return prop.childForFieldName('value')?.text;
    }
    return undefined;
  }
  void code;
  return first.text;
}

const DEAD_LETTER = /dlq|dlt\b|dead[_\-.\s]?letter|deadletter|poison|quarantine|parking[_\-.]?lot/i;

/** True when a publish goes to a dead-letter destination, by topic name or by the helper's name. */
export function isDeadLetterSend(call: CallSite, topic: string | undefined): boolean {
  return DEAD_LETTER.test(topic ?? '') || DEAD_LETTER.test(call.callee);
}

export { DEAD_LETTER };

/**
 * Send methods that only hand the message to the client's buffer: when the call returns, the
 * broker has not acknowledged anything yet, unless the caller waits for the result in place (an
 * awaited kafkajs `send`, a Java `send(…).get()`). A flush, a wait on the returned future or a
 * delivery report comes later, if at all.
 */
export const ENQUEUE_ONLY_METHODS: Record<CodeKind, readonly string[]> = {
  // confluent-kafka produce(); kafka-python send() returns a future; aiokafka send() too
  python: ['produce', 'send'],
  // kafkajs send()/sendBatch() return promises; node-rdkafka produce() buffers
  typescript: ['send', 'sendBatch', 'produce'],
  tsx: ['send', 'sendBatch', 'produce'],
  javascript: ['send', 'sendBatch', 'produce'],
  // KafkaProducer.send and KafkaTemplate.send return futures
  java: ['send', 'sendDefault'],
  // confluent-kafka-go Produce() reports delivery on a channel
  go: ['Produce'],
};

/** Methods on a send's future or promise that wait for the acknowledgement. */
export const FUTURE_WAIT_METHODS: readonly string[] = ['get', 'result', 'join', 'Get', 'Wait'];

/**
 * True when the publish is acknowledged where it is written: a blocking send, an awaited one, or a
 * future waited on in the same expression (`producer.send(…).get(timeout=10)`). Unlike
 * `PublishCall.waits`, a send method this module does not know as enqueue-only counts as waiting,
 * since its client's semantics are unknown.
 */
export function acknowledgedInPlace(kind: CodeKind, publish: PublishCall): boolean {
  if (publish.enqueued) return false;
  if (publish.waits) return true;
  const call = publish.call;
  if (!ENQUEUE_ONLY_METHODS[kind].includes(call.name)) return true;
  // kafkajs: an awaited send resolves with the broker's acknowledgement; aiokafka's awaited send
  // only returns a future, and awaiting node-rdkafka's produce() waits for nothing
  if (call.awaited && (kind === 'typescript' || kind === 'tsx' || kind === 'javascript')) return call.name !== 'produce';
  // a future waited on in the same expression: producer.send(…).get(timeout=10)
  const parent = call.node.parent;
  const outer = parent && /attribute|member_expression/.test(parent.type) ? parent.parent : undefined;
  if (outer && /call/.test(outer.type)) {
    const name = outer.childForFieldName('function')?.text.split('.').pop();
    if (name && FUTURE_WAIT_METHODS.includes(name)) return true;
  }
  return false;
}

/** Calls that wait for every message sent so far: `producer.flush()`, `p.Flush(15000)`. */
export function flushCalls(code: CodeModel, kind: CodeKind): CallSite[] {
  const table = PRODUCER_CLIENTS[kind];
  const variables = producerVariables(code, table);
  return code.callsNamed(table.flushMethods).filter((c) => isProducerReceiver(c, table, variables));
}

/** Declared types that make a variable, field or parameter a producer whatever its name. */
const PRODUCER_TYPES: Record<CodeKind, RegExp> = {
  python: /\b(Producer|SerializingProducer|KafkaProducer|AIOKafkaProducer)\b/,
  typescript: /\bProducer\b/,
  tsx: /\bProducer\b/,
  javascript: /\bProducer\b/,
  java: /\b(KafkaTemplate|KafkaOperations|KafkaProducer|Producer|ReactiveKafkaProducerTemplate)\b/,
  go: /\bkafka\.Writer\b|\bsarama\.(SyncProducer|AsyncProducer)\b|\bkafka\.Producer\b/,
};

/**
 * Names declared with a producer type: `private final KafkaTemplate<String, String> kafka;`,
 * `w *kafka.Writer`, `producer: Producer`. Complements `producerVariables` (built by a factory)
 * and the name patterns, for producers injected under any name.
 */
export function typedProducerNames(code: CodeModel, kind: CodeKind): Set<string> {
  const names = new Set<string>();
  const pattern = PRODUCER_TYPES[kind];
  if (!pattern.test(code.text)) return names;
  const declarations = code.root.descendantsOfType([
    'field_declaration',
    'local_variable_declaration',
    'formal_parameter',
    'parameter_declaration',
    'var_spec',
    'required_parameter',
    'optional_parameter',
    'public_field_definition',
    'typed_parameter',
    'typed_default_parameter',
  ]);
  for (const decl of declarations) {
    if (!decl) continue;
    const type = decl.childForFieldName('type');
    if (!type || !pattern.test(type.text)) continue;
    const named = [
      ...decl.childrenForFieldName('name'),
      ...decl.childrenForFieldName('declarator').map((d) => d?.childForFieldName('name') ?? null),
      decl.childForFieldName('pattern'),
    ];
    if (kind === 'python') named.push(decl.namedChildren.find((c) => c?.type === 'identifier') ?? null);
    for (const n of named) if (n) names.add(n.text);
  }
  return names;
}
