/**
 * OBX003 dual-write: a function writes the database and publishes to the broker itself, with no
 * outbox row. The two systems commit separately: a crash between them, or a publish inside a
 * transaction that then rolls back, leaves the database and the topic telling different stories.
 */
import type { Node } from 'web-tree-sitter';
import type { CallSite, CodeModel } from '../../code/codeModel';
import type { Fix, Rule, TextEdit } from '../../engine/types';
import type { CodeDocument } from '../../parsing/document';
import { DEAD_LETTER, isBoto3Publish, PRODUCER_CLIENTS } from '../shared/producers';
import { functionNamed } from '../consumer/handlers';
import { OUTBOX_NAME } from './database';
import { databaseModel, type DatabaseModel, type DbOp, type TxContext } from './dbModel';
import { indentOf, indentUnit, statementSpan } from './edits';
import { exclusive } from './flow';
import { hostPublishes, type HostPublish } from './publishing';
import { stringValue } from './sqlInCode';

export const dualWrite: Rule<CodeDocument> = {
  code: 'OBX003',
  name: 'dual-write',
  family: 'outbox',
  severity: 'warning',
  summary: 'A function writes the database and publishes to the broker directly, without an outbox',
  explanation: {
    why:
      'The database and the broker commit separately. If the process dies after the database commit and before the ' +
      'publish, the order exists and no `order.placed` event will ever be sent; if the publish happens inside the ' +
      'transaction and the transaction then rolls back, consumers act on an order that does not exist. Retrying does ' +
      'not help: nothing records that the event is still owed.',
    fix:
      'Replaces the publish with an insert into the outbox table, in the same transaction as the business write, ' +
      'with a comment naming what publishes it: the outbox relay, or Debezium\'s outbox EventRouter reading the table ' +
      'through CDC. The event is then published if and only if the write commits (at least once: consumers dedupe).',
  },
  kinds: ['python', 'typescript', 'tsx', 'javascript', 'java', 'go'],
  requires: ['sql'],
  fixAvailability: 'sometimes',
  fixSafety: 'unsafe',
  trigger: /produce|send|publish|WriteMessages|SendMessage|put_records?|put_events/i,
  check({ doc, report }) {
    // tests seed tables and produce messages on purpose
    if (TEST_FILE.test(doc.path.replace(/\\/g, '/'))) return;
    const broker = importsBrokerClient(doc);
    const publishes = hostPublishes(doc).filter((p) => !p.deadLetter && p.host && (broker || isBrokerSend(doc.code, p)));
    const db = databaseModel(doc);
    const deferred = deferredPublishes(doc, db, publishes);
    if (publishes.length === 0 && deferred.length === 0) return;
    const outboxAware = new Map<number, boolean>();
    // a function that writes, relays or delegates to an outbox (`self.outbox.add(event)`,
    // `outboxRepository.save(…)`) is not a dual write; a topic named `outbox.event.order` is
    const isOutboxAware = (host: Node) => {
      let aware = outboxAware.get(host.id);
      if (aware === undefined) {
        aware =
          db.opsIn(host).some((o) => o.role !== 'write' && o.role !== 'read' && o.role !== 'commit' && o.role !== 'begin' && o.role !== 'rollback') ||
          db.code.callsIn(host).some((c) => OUTBOX_NAME.test(c.callee));
        outboxAware.set(host.id, aware);
      }
      return aware;
    };
    const reported = new Set<number>();
    for (const d of deferred) {
      if (!d.host || isOutboxAware(d.host) || isOutboxAware(d.callback)) continue;
      const write = db.opsIn(d.host).find((o) => o.role === 'write' && !exclusive(db.code, o.node, d.registration.node, d.host));
      if (!write) continue;
      d.publishes.forEach((p) => reported.add(p.call.node.id));
      report({
        start: d.at.startIndex,
        end: d.at.endIndex,
        message: `\`${d.callee}(...)\` publishes after \`${write.label}\` commits, without an outbox row`,
        fixes: [],
      });
    }
    for (const p of publishes) {
      const host = p.host!;
      if (reported.has(p.call.node.id) || isOutboxAware(host)) continue;
      const writes = db.opsIn(host).filter((o) => o.role === 'write' && !exclusive(db.code, o.node, p.call.node, host));
      if (writes.length === 0) continue;
      const before = writes.filter((w) => w.node.startIndex < p.call.node.startIndex);
      const write = before.at(-1) ?? writes[0]!;
      const fix = p.indirect ? undefined : outboxFix(doc, db, p, write);
      report({
        start: p.call.node.startIndex,
        end: p.call.node.endIndex,
        message: `\`${p.call.callee}(...)\` publishes next to \`${write.label}\` without an outbox row`,
        fixes: fix ? [fix] : [],
      });
    }
  },
};

interface DeferredPublish {
  /** The `on_commit(…)` call that registers the callback. */
  registration: CallSite;
  /** The function registering it: its writes commit before the callback runs. */
  host: Node | undefined;
  /** The callback that publishes (a lambda, a function of this file, or the `partial` around one). */
  callback: Node;
  /** What the finding points at: the publish in a lambda, the argument of `on_commit` otherwise. */
  at: Node;
  callee: string;
  /** The publishes the callback makes, reported here rather than in the callback's own function. */
  publishes: HostPublish[];
}

/**
 * Django's `transaction.on_commit(callback)`: the callback runs once the surrounding transaction
 * has committed (right away outside one). A publish there is a publish after the commit: the
 * process can die in between and the event is gone. The callback is a lambda, a function of this
 * file, or `functools.partial` of either or of a producer's send method.
 */
function deferredPublishes(doc: CodeDocument, db: DatabaseModel, publishes: HostPublish[]): DeferredPublish[] {
  if (doc.kind !== 'python' || !doc.text.includes('on_commit')) return [];
  const code = db.code;
  const out: DeferredPublish[] = [];
  const publishing = (fn: Node) => publishes.filter((p) => p.host?.id === fn.id);
  const django = /\bdjango\b/.test(doc.text);
  for (const registration of code.callsNamed(['on_commit'])) {
    // `transaction.on_commit(…)`, or `on_commit(…)` imported from django.db.transaction
    if (registration.receiver !== undefined ? !/(^|\.)transaction$/.test(registration.receiver) : !django) continue;
    const arg = registration.args.find((a) => a.type !== 'keyword_argument') ?? keywordValue(registration, 'func');
    if (!arg) continue;
    const host = db.hostOf(registration.node);
    if (arg.type === 'lambda') {
      const inside = publishing(arg);
      if (inside.length > 0) {
        out.push({ registration, host, callback: arg, at: inside[0]!.call.node, callee: inside[0]!.call.callee, publishes: inside });
        continue;
      }
      // lambda: publish_event("orders", order.id), with publish_event imported from a broker module
      const imported = code.callsIn(arg).find((c) => !c.receiver && importedFromBroker(code, c.name));
      if (imported) out.push({ registration, host, callback: arg, at: imported.node, callee: imported.callee, publishes: [] });
      continue;
    }
    let target: Node | null | undefined = arg;
    if (code.syntax.call.has(arg.type)) {
      const wrapped = code.callSite(arg);
      if (wrapped.name !== 'partial') continue;
      target = wrapped.args[0];
    }
    if (!target) continue;
    if (target.type === 'attribute') {
      // partial(producer.send, "orders", …), partial(sqs.send_message, QueueUrl=…, …)
      const method = target.childForFieldName('attribute')?.text ?? '';
      const receiver = target.childForFieldName('object')?.text ?? '';
      const toBroker = BROKER_METHODS.test(method) || BROKER_RECEIVER.test(receiver.split('.').pop() ?? '');
      const sends = (PRODUCER_CLIENTS.python.sendMethods.includes(method) && toBroker) || isBoto3Publish(code, receiver, method);
      if (sends && !DEAD_LETTER.test(arg.text)) {
        out.push({ registration, host, callback: arg, at: arg, callee: target.text, publishes: [] });
      }
      continue;
    }
    if (target.type !== 'identifier') continue;
    // a function of this file that publishes: on_commit(notify) / on_commit(partial(publish_order, order.id))
    const fn = functionNamed(code, target.text);
    const inside = fn ? publishing(fn) : [];
    if (fn && inside.length > 0) out.push({ registration, host, callback: fn, at: arg, callee: target.text, publishes: [] });
    // or one imported from a broker module: from orders.kafka import publish
    else if (!fn && importedFromBroker(code, target.text)) out.push({ registration, host, callback: arg, at: arg, callee: target.text, publishes: [] });
  }
  return out;
}

/** Names of functions that publish: a broker module also holds consumer helpers (`commit_offset`, `record_lag`). */
const PUBLISHER_NAME = /publish|produce|send|emit|notify|dispatch|broadcast|announce/i;

/**
 * `from orders.kafka import publish_event` / `from events.pubsub import publish as emit`: a publisher
 * a broker module provides.
 */
function importedFromBroker(code: CodeModel, name: string): boolean {
  for (const node of code.root.namedChildren) {
    if (node?.type !== 'import_from_statement') continue;
    const module = node.childForFieldName('module_name')?.text ?? '';
    if (!BROKER_IMPORT.test(module)) continue;
    for (const imported of node.childrenForFieldName('name')) {
      if (!imported) continue;
      const aliased = imported.type === 'aliased_import';
      const bound = aliased ? imported.childForFieldName('alias')?.text : imported.text;
      const original = aliased ? imported.childForFieldName('name')?.text : imported.text;
      if (bound === name) return PUBLISHER_NAME.test(original ?? '') || PUBLISHER_NAME.test(bound);
    }
  }
  return false;
}

function keywordValue(call: CallSite, name: string): Node | undefined {
  const kw = call.args.find((a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === name);
  return kw?.childForFieldName('value') ?? undefined;
}

/** Client methods that only a broker producer has. */
const BROKER_METHODS = /^(produce|Produce|send_and_wait|WriteMessages|SendMessage|SendMessages|basic_publish|sendDefault|sendBatch)$/;
/** Receivers that name a broker producer, not an in-process event dispatcher. */
const BROKER_RECEIVER = /producer|kafka|template|writer|pubsub|sns|sqs|kinesis|rabbit|amqp|nats|channel/i;
/** Imports of broker clients: a generic `publisher.publish(…)` in such a file goes to the broker. */
const BROKER_IMPORT = /kafka|confluent|aiokafka|sarama|pika|amqp|rabbit|nats|pubsub|kinesis|\bsqs\b|\bsns\b|pulsar|eventhub|servicebus|stream\.function|cloud\.stream/i;

function isBrokerSend(code: CodeModel, p: HostPublish): boolean {
  if (BROKER_METHODS.test(p.call.name) || isBoto3Publish(code, p.call.receiver, p.call.name)) return true;
  const receiver = p.call.receiver ?? '';
  return BROKER_RECEIVER.test(receiver.split('.').pop() ?? '');
}

const BROKER_IMPORT_ANYWHERE = new RegExp(BROKER_IMPORT.source, 'gi');

/**
 * True when a top-level import (or require) of the file brings in a broker client. Found from the
 * broker names in the text, each checked against the top-level statement holding it (listing every
 * top-level statement of a large file costs more).
 */
function importsBrokerClient(doc: CodeDocument): boolean {
  const root = doc.code.root;
  for (const m of doc.text.matchAll(BROKER_IMPORT_ANYWHERE)) {
    const node = root.firstNamedChildForIndex(m.index);
    if (!node || node.startIndex > m.index || node.endIndex < m.index + m[0].length) continue;
    if (!/import|package|lexical_declaration|variable_declaration/.test(node.type)) continue;
    if (/declaration$/.test(node.type) && !/\brequire\s*\(/.test(node.text)) continue;
    return true;
  }
  return false;
}

/**
 * Test sources by their usual names (a bare `test/` directory is too common a parent to rely on),
 * Maven failsafe integration tests (`*IT.java`, `*ITCase.java`) and Gradle's integration-test and
 * test-fixture source sets included.
 */
const TEST_FILE =
  /(^|\/)(tests|__tests__|testdata)\/|(^|\/)src\/(test|integrationTest|intTest|integration-test|testFixtures)\/|(^|\/)test_[^/]*\.py$|_test\.(py|go)$|\.(test|spec)\.[cm]?[jt]sx?$|(Tests?|IT|ITCase)\.java$|(^|\/)conftest\.py$/;

// ------------------------------------------------------------------------------------------ fix

interface Message {
  topic: string;
  key: string | undefined;
  value: string;
}

const RELAY_NOTE = "the outbox relay (or Debezium's outbox EventRouter) publishes this row once the transaction commits";

/** Builds the outbox insert in the write's own style and puts it in the write's transaction. */
function outboxFix(doc: CodeDocument, db: DatabaseModel, p: HostPublish, write: DbOp): Fix | undefined {
  const code = db.code;
  const message = messageOf(code, p.call);
  if (!message) return undefined;
  const stmt = publishStatement(code, p.call);
  if (!stmt) return undefined;
  const span = statementSpan(doc, stmt);
  if (!span) return undefined;
  const ctx = db.txContext(write.node, write.receiverRoot, write.host);
  const placement = insertionPoint(doc, db, p, write, ctx, stmt);
  if (!placement) return undefined;
  const indent = indentOf(doc, placement.indentFrom);
  const insert = insertText(doc, db, write, message, indent);
  if (!insert) return undefined;
  const lines = insert.map((l) => l + doc.eol).join('');
  const edits: TextEdit[] = [];
  if (placement.inPlace) edits.push({ start: span.start, end: span.end, newText: lines });
  else {
    edits.push({ start: placement.at, end: placement.at, newText: lines });
    edits.push({ start: span.start, end: span.end, newText: '' });
  }
  return {
    title: `Write the event to the outbox in the \`${write.label}\` transaction instead of calling \`${p.call.callee}(...)\``,
    safety: 'unsafe',
    edits,
  };
}

/** The statement that is only the publish (awaited, `.get()`, or Go's `if err := …; err != nil { return err }`). */
function publishStatement(code: CodeModel, call: CallSite): Node | undefined {
  const ref = code.statementOf(call.node);
  if (!ref) return undefined;
  const stmt = ref.node;
  if (code.assignmentsIn(stmt).some((a) => a.value && within(call.node, a.value) && !(code.kind === 'go' && stmt.type === 'if_statement'))) return undefined;
  if (stmt.type === 'expression_statement') {
    const others = code.callsIn(stmt).filter((c) => !within(c.node, call.node) && !within(call.node, c.node));
    // producer.send(…).get() / .join()
    return others.every((c) => ['get', 'join', 'result'].includes(c.name)) ? stmt : undefined;
  }
  if (code.kind === 'go' && stmt.type === 'if_statement') {
    const condition = stmt.childForFieldName('condition');
    const body = stmt.childForFieldName('consequence');
    if (!condition || !/\berr\b\s*!=\s*nil/.test(condition.text) || stmt.childForFieldName('alternative')) return undefined;
    if (!body || !/^\{\s*return\b[^\n]*\s*\}$/.test(body.text.trim())) return undefined;
    return stmt;
  }
  return undefined;
}

interface Placement {
  /** Replace the publish statement itself (it already runs inside the write's transaction). */
  inPlace: boolean;
  /** Otherwise: insert here (a line start) and delete the publish. */
  at: number;
  /** The statement whose indentation the insert takes. */
  indentFrom: Node;
}

function insertionPoint(doc: CodeDocument, db: DatabaseModel, p: HostPublish, write: DbOp, ctx: TxContext, stmt: Node): Placement | undefined {
  const code = db.code;
  const at = p.call.node.startIndex;
  const inside =
    (ctx.kind === 'managed') ||
    (ctx.kind === 'block' && !!ctx.block && within(p.call.node, ctx.block)) ||
    (ctx.kind === 'explicit' && ctx.commitAt !== Infinity && at > write.node.startIndex && at < ctx.commitAt && !!ctx.commit);
  if (inside) return { inPlace: true, at: 0, indentFrom: stmt };
  // right after the write, inside its transaction and in reach of its cursor or client
  const writeStmt = code.statementOf(write.node)?.node;
  const writeSpan = writeStmt ? statementSpan(doc, writeStmt) : undefined;
  if (writeStmt && writeSpan && argsAvailable(code, p, writeSpan.end)) {
    const commitAt = ctx.kind === 'block' ? ctx.block?.endIndex ?? Infinity : ctx.commitAt;
    if (ctx.kind === 'autocommit' || writeStmt.endIndex > commitAt) return undefined;
    return { inPlace: false, at: writeSpan.end, indentFrom: writeStmt };
  }
  return undefined;
}

/** Every name the publish reads is bound before `offset` (or never assigned in the function). */
function argsAvailable(code: CodeModel, p: HostPublish, offset: number): boolean {
  const names = new Set<string>();
  p.call.args.forEach((a) => code.identifiers(a).forEach((n) => names.add(n)));
  const scope = p.host ?? code.root;
  return !code.assignmentsIn(scope).some((a) => a.node.startIndex >= offset && a.node.startIndex < p.call.node.startIndex && a.names.some((n) => names.has(n)));
}

/** Topic, key and value expressions of a publish, per client; undefined when they cannot be read. */
function messageOf(code: CodeModel, call: CallSite): Message | undefined {
  const args = call.args;
  switch (code.kind) {
    case 'python': {
      const positional = args.filter((a) => a.type !== 'keyword_argument');
      const kw = (name: string) => args.find((a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === name)?.childForFieldName('value')?.text;
      const topic = kw('topic') ?? positional[0]?.text;
      const value = kw('value') ?? positional[1]?.text;
      const key = kw('key') ?? positional[2]?.text;
      return topic && value ? { topic, key, value } : undefined;
    }
    case 'typescript':
    case 'tsx':
    case 'javascript': {
      const config = args[0];
      if (!config || config.type !== 'object') return undefined;
      const topic = property(config, 'topic');
      const messages = propertyNode(config, 'messages');
      if (!topic || messages?.type !== 'array' || messages.namedChildCount !== 1 || messages.namedChild(0)?.type !== 'object') return undefined;
      const m = messages.namedChild(0)!;
      const value = property(m, 'value');
      return value ? { topic, key: property(m, 'key'), value } : undefined;
    }
    case 'java': {
      if (args.length === 1 && args[0]!.type === 'object_creation_expression' && /ProducerRecord/.test(args[0]!.text)) {
        const inner = code.callSite(args[0]!).args.map((a) => a.text);
        if (inner.length === 2) return { topic: inner[0]!, key: undefined, value: inner[1]! };
        if (inner.length === 3) return { topic: inner[0]!, key: inner[1], value: inner[2]! };
        return undefined;
      }
      if (call.name === 'send' && args.length === 2) return { topic: args[0]!.text, key: undefined, value: args[1]!.text };
      if (call.name === 'send' && args.length === 3) return { topic: args[0]!.text, key: args[1]!.text, value: args[2]!.text };
      return undefined;
    }
    case 'go': {
      const messages = args.filter((a) => /Message/.test(a.text) && /composite_literal|unary_expression/.test(a.type));
      if (messages.length !== 1) return undefined;
      const lit = messages[0]!.type === 'unary_expression' ? messages[0]!.namedChild(0) : messages[0]!;
      if (!lit || lit.type !== 'composite_literal') return undefined;
      const field = (name: string) => {
        for (const el of lit.childForFieldName('body')?.namedChildren ?? []) {
          if (el?.type === 'keyed_element' && el.namedChild(0)?.text === name) return el.namedChild(1)?.text;
        }
        return undefined;
      };
      const topic = field('Topic');
      const value = field('Value');
      return topic && value ? { topic, key: field('Key'), value } : undefined;
    }
  }
  return undefined;
}

function propertyNode(object: Node, name: string): Node | undefined {
  for (const prop of object.namedChildren) {
    if (!prop) continue;
    if (prop.type === 'shorthand_property_identifier' && prop.text === name) return prop;
    if (prop.type === 'pair' && prop.childForFieldName('key')?.text.replace(/^['"]|['"]$/g, '') === name) return prop.childForFieldName('value') ?? undefined;
  }
  return undefined;
}

function property(object: Node, name: string): string | undefined {
  return propertyNode(object, name)?.text;
}

/** The outbox insert as lines (without line breaks), in the write's driver and placeholder style. */
function insertText(doc: CodeDocument, db: DatabaseModel, write: DbOp, m: Message, indent: string): string[] | undefined {
  const code = db.code;
  const receiver = write.receiver;
  if (!receiver) return undefined;
  const sqlText = write.sqlArg ? stringValue(code, write.sqlArg) ?? '' : '';
  const quote = write.sqlArg && /^'/.test(write.sqlArg.text) ? "'" : '"';
  const columns = 'INSERT INTO outbox (topic, key, payload)';
  switch (db.kind) {
    case 'python': {
      const key = m.key ?? 'None';
      const comment = `${indent}# ${RELAY_NOTE}`;
      if (write.style !== 'sql') return undefined;
      const awaited = write.call?.awaited ? 'await ' : '';
      if (/\$1/.test(sqlText)) return [comment, `${indent}${awaited}${receiver}.execute(${quote}${columns} VALUES ($1, $2, $3)${quote}, ${m.topic}, ${key}, ${m.value})`];
      if (/%s|%\(/.test(sqlText)) return [comment, `${indent}${awaited}${receiver}.execute(${quote}${columns} VALUES (%s, %s, %s)${quote}, (${m.topic}, ${key}, ${m.value}))`];
      return undefined;
    }
    case 'typescript':
    case 'tsx':
    case 'javascript': {
      const key = m.key ?? 'null';
      const comment = `${indent}// ${RELAY_NOTE}`;
      const q = write.sqlArg && /^"/.test(write.sqlArg.text) ? '"' : "'";
      if (write.style === 'sql' && write.call && /^(query|execute)$/.test(write.call.name) && /\$1/.test(sqlText)) {
        return [comment, `${indent}await ${receiver}.query(${q}${columns} VALUES ($1, $2, $3)${q}, [${m.topic}, ${key}, ${m.value}]);`];
      }
      const root = write.receiverRoot;
      if (write.style === 'orm' && root && /^(trx|tx)$/.test(root) && /\(\s*['"`]/.test(receiver)) {
        return [comment, `${indent}await ${root}('outbox').insert({ topic: ${m.topic}, key: ${key}, payload: ${m.value} });`];
      }
      return undefined;
    }
    case 'java': {
      const key = m.key ?? 'null';
      if (write.style !== 'sql' || !write.call || write.call.name !== 'update' || !/\?/.test(sqlText)) return undefined;
      return [`${indent}// ${RELAY_NOTE}`, `${indent}${receiver}.update("${columns} VALUES (?, ?, ?)", ${m.topic}, ${key}, ${m.value});`];
    }
    case 'go': {
      if (write.style !== 'sql' || !write.call || !/^Exec(Context)?$/.test(write.call.name)) return undefined;
      const host = write.host;
      const result = host?.childForFieldName('result')?.text;
      if (result !== 'error') return undefined;
      const ctxArg = write.call.name === 'ExecContext' ? `${write.call.args[0]?.text ?? 'ctx'}, ` : '';
      const key = m.key ?? 'nil';
      const unit = indentUnit(doc);
      return [
        `${indent}// ${RELAY_NOTE}`,
        `${indent}if _, err := ${receiver}.${write.call.name}(${ctxArg}"${columns} VALUES ($1, $2, $3)", ${m.topic}, ${key}, ${m.value}); err != nil {`,
        `${indent}${unit}return err`,
        `${indent}}`,
      ];
    }
  }
  return undefined;
}

function within(inner: Node, outer: Node): boolean {
  return inner.startIndex >= outer.startIndex && inner.endIndex <= outer.endIndex;
}
