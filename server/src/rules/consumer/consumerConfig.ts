/**
 * What a consumer's own config says, when the file shows it: where a consumer built in the file is
 * stored, and (confluent-kafka, kafka-python, aiokafka) whether it commits offsets in the background.
 * A config built elsewhere, assembled from parts or changed after it is written is not known.
 */
import type { Node } from 'web-tree-sitter';
import type { CodeModel } from '../../code/codeModel';
import { stringValue } from '../outbox/sqlInCode';

/** `r := kafka.NewReader(…)`, `c.reader = …`, `&Consumer{reader: kafka.NewReader(…)}`, `self.consumer = Consumer(…)`. */
export function bindingNames(code: CodeModel, call: Node): string[] {
  let n: Node | null = call.parent;
  for (let depth = 0; n && depth < 4; depth++, n = n.parent) {
    if (n.type === 'keyed_element') {
      const key = n.childForFieldName('key') ?? n.namedChildren[0];
      return key ? [key.text] : [];
    }
    const assigned = code.syntax.assignment(n);
    if (assigned.length > 0) return assigned.flatMap((a) => a.names.map((x) => x.text.replace(/^.*\./, '')));
  }
  return [];
}

/** confluent-kafka constructors that take the librdkafka config as a dict. */
const CONFLUENT_CONSUMERS = ['Consumer', 'DeserializingConsumer'];
/** kafka-python and aiokafka constructors that take the config as keyword arguments. */
const KEYWORD_CONSUMERS = ['KafkaConsumer', 'AIOKafkaConsumer'];

export interface PythonConsumer {
  /** The constructor call. */
  node: Node;
  names: string[];
  /** confluent-kafka (`enable.auto.commit` in a dict) rather than kafka-python / aiokafka (`enable_auto_commit=`). */
  confluent: boolean;
  /** `enable.auto.commit` as the literal config sets it (true when left out: librdkafka's default), undefined when not known. */
  autoCommit: boolean | undefined;
  /**
   * Whether the background commit covers every message the consumer has returned: auto commit on and
   * (confluent-kafka) `enable.auto.offset.store` not false, (kafka-python, aiokafka) a `group_id`
   * given. False when it is off or commits only what the code stores; undefined when not known.
   */
  commitsWhatItReturns: boolean | undefined;
  /** `enable.auto.commit=true` / `enable_auto_commit=True` written out, rather than left to the default. */
  explicit: boolean;
}

const pythonConsumers = new WeakMap<CodeModel, PythonConsumer[]>();

/** Python consumers built in this file (confluent-kafka, kafka-python, aiokafka) and what their literal config says. */
export function pythonConsumersOf(code: CodeModel): PythonConsumer[] {
  let consumers = pythonConsumers.get(code);
  if (!consumers) {
    consumers = code.callsNamed([...CONFLUENT_CONSUMERS, ...KEYWORD_CONSUMERS]).map((call) => {
      const names = bindingNames(code, call.node);
      if (CONFLUENT_CONSUMERS.includes(call.name)) {
        const config = literalConfig(code, call.args[0]);
        const autoCommit = entryOf(code, config, 'enable.auto.commit', true);
        const store = entryOf(code, config, 'enable.auto.offset.store', true);
        const commitsWhatItReturns = autoCommit === false || store === false ? false : autoCommit && store;
        return { node: call.node, names, confluent: true, autoCommit, commitsWhatItReturns, explicit: entryOf(code, config, 'enable.auto.commit', false) === true };
      }
      return { node: call.node, names, confluent: false, ...keywordAutoCommit(call.args) };
    });
    pythonConsumers.set(code, consumers);
  }
  return consumers;
}

/**
 * confluent-kafka Python: whether the consumer `receiver` names commits its stored offsets in the
 * background (`enable.auto.commit`, on by default). Known only from a literal dict passed to the
 * `Consumer(…)` the receiver is bound to in this file, or to the only one in the file.
 */
export function pythonAutoCommit(code: CodeModel, receiver: string): boolean | undefined {
  const consumers = pythonConsumersOf(code).filter((c) => c.confluent);
  const name = receiver.replace(/^.*\./, '');
  const bound = consumers.filter((c) => c.names.includes(name));
  const candidates = bound.length > 0 ? bound : consumers.length === 1 ? consumers : [];
  const values = new Set(candidates.map((c) => c.autoCommit));
  return values.size === 1 ? [...values][0] : undefined;
}

/**
 * kafka-python / aiokafka keyword arguments: `enable_auto_commit` (default True) and `group_id`
 * (without one, or with `None`, nothing is committed). A `**kwargs` spread may set either.
 */
function keywordAutoCommit(args: readonly Node[]): Pick<PythonConsumer, 'autoCommit' | 'commitsWhatItReturns' | 'explicit'> {
  let autoCommit: boolean | undefined = true;
  let explicit = false;
  let grouped: boolean | undefined = false;
  for (const arg of args) {
    if (arg.type === 'dictionary_splat') {
      autoCommit = undefined;
      if (grouped === false) grouped = undefined;
      continue;
    }
    if (arg.type !== 'keyword_argument') continue;
    const key = arg.childForFieldName('name')?.text;
    const value = arg.childForFieldName('value');
    if (key === 'enable_auto_commit') {
      autoCommit = value?.type === 'true' ? true : value?.type === 'false' ? false : undefined;
      explicit = autoCommit === true;
    } else if (key === 'group_id') {
      grouped = value?.type !== 'none';
    }
  }
  const commitsWhatItReturns = autoCommit === false || grouped === false ? false : autoCommit && grouped;
  return { autoCommit, commitsWhatItReturns, explicit };
}

/**
 * The dict literal a config argument is: written in place, or a name assigned once in the file and
 * otherwise only passed to consumer constructors (a `conf["enable.auto.commit"] = True` or
 * `conf.update(…)` elsewhere makes it unknown).
 */
function literalConfig(code: CodeModel, arg: Node | undefined): Node | undefined {
  if (!arg) return undefined;
  if (arg.type === 'dictionary') return arg;
  if (arg.type !== 'identifier') return undefined;
  const name = arg.text;
  const assignments = code
    .nodesOfTypes(code.root, code.syntax.assignmentTypes)
    .flatMap((node) => code.syntax.assignment(node).map((a) => ({ node, a })))
    .filter(({ a }) => a.names.some((n) => n.text === name));
  if (assignments.length !== 1) return undefined;
  const { node: assignment, a } = assignments[0]!;
  if (a.value?.type !== 'dictionary') return undefined;
  const own = a.names.find((n) => n.text === name)!;
  for (const m of code.text.matchAll(new RegExp(`\\b${name.replace(/[^\w]/g, '')}\\b`, 'g'))) {
    const leaf = code.root.descendantForIndex(m.index, m.index + name.length);
    if (!leaf || leaf.id === own.id) continue;
    const call = leaf.parent?.type === 'argument_list' ? leaf.parent.parent : null;
    const passed = leaf.type === 'identifier' && call?.type === 'call' && CONFLUENT_CONSUMERS.includes(code.callSite(call).name);
    if (!passed || (leaf.startIndex >= assignment.startIndex && leaf.endIndex <= assignment.endIndex)) return undefined;
  }
  return a.value;
}

/**
 * The last `key` entry of the dict (`fallback` when it is left out); a `**base` spread after it (or
 * without it) may set it too.
 */
function entryOf(code: CodeModel, config: Node | undefined, key: string, fallback: boolean): boolean | undefined {
  if (!config) return undefined;
  let value: boolean | undefined = fallback;
  for (const entry of config.namedChildren) {
    if (entry?.type === 'dictionary_splat') value = undefined;
    if (entry?.type !== 'pair' || stringValue(code, entry.childForFieldName('key')) !== key) continue;
    const v = entry.childForFieldName('value');
    const text = v?.type === 'string' ? stringValue(code, v)?.toLowerCase() : v?.type;
    value = text === 'true' ? true : text === 'false' ? false : undefined;
  }
  return value;
}
