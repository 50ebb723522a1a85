/**
 * What a consumer's own config says, when the file shows it: where a consumer built in the file is
 * stored, and (confluent-kafka Python) whether it commits stored offsets in the background. A
 * config built elsewhere, assembled from parts or changed after it is written is not known.
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

interface PythonConsumer {
  names: string[];
  /** `enable.auto.commit` as the literal config sets it (true when left out: librdkafka's default), undefined when not known. */
  autoCommit: boolean | undefined;
}

const pythonConsumers = new WeakMap<CodeModel, PythonConsumer[]>();

/**
 * confluent-kafka Python: whether the consumer `receiver` names commits its stored offsets in the
 * background (`enable.auto.commit`, on by default). Known only from a literal dict passed to the
 * `Consumer(…)` the receiver is bound to in this file, or to the only one in the file.
 */
export function pythonAutoCommit(code: CodeModel, receiver: string): boolean | undefined {
  let consumers = pythonConsumers.get(code);
  if (!consumers) {
    consumers = code.callsNamed(CONFLUENT_CONSUMERS).map((call) => ({
      names: bindingNames(code, call.node),
      autoCommit: autoCommitOf(code, literalConfig(code, call.args[0])),
    }));
    pythonConsumers.set(code, consumers);
  }
  const name = receiver.replace(/^.*\./, '');
  const bound = consumers.filter((c) => c.names.includes(name));
  const candidates = bound.length > 0 ? bound : consumers.length === 1 ? consumers : [];
  const values = new Set(candidates.map((c) => c.autoCommit));
  return values.size === 1 ? [...values][0] : undefined;
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

/** The last `enable.auto.commit` entry of the dict; a `**base` spread after it (or without it) may set it too. */
function autoCommitOf(code: CodeModel, config: Node | undefined): boolean | undefined {
  if (!config) return undefined;
  let value: boolean | undefined = true;
  for (const entry of config.namedChildren) {
    if (entry?.type === 'dictionary_splat') value = undefined;
    if (entry?.type !== 'pair' || stringValue(code, entry.childForFieldName('key')) !== 'enable.auto.commit') continue;
    const v = entry.childForFieldName('value');
    const text = v?.type === 'string' ? stringValue(code, v)?.toLowerCase() : v?.type;
    value = text === 'true' ? true : text === 'false' ? false : undefined;
  }
  return value;
}
