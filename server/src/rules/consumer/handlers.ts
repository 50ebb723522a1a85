/**
 * Where message handlers live when there is no poll loop: kafkajs `eachMessage` / `eachBatch`
 * callbacks, Spring `@KafkaListener` methods. The client calls these with the message and commits
 * on its own schedule, so the rules need to know which functions they are.
 */
import type { Node } from 'web-tree-sitter';
import type { CodeModel } from '../../code/codeModel';
import type { ConsumerClientTable } from './clients';

const KAFKAJS_HANDLER_KEYS = /\beach(?:Message|Batch)\b/g;
const KAFKAJS_PAYLOAD_TYPES = /\bEach(?:Message|Batch)Payload\b/g;

/** True for `async` functions, arrows and methods (Python `async def` too). */
export function isAsyncFunction(fn: Node): boolean {
  // the keyword is a direct child of the function node; nested functions keep theirs deeper down
  return fn.children.some((c) => c?.type === 'async');
}

/**
 * The functions kafkajs runs per message or per batch: values of `eachMessage` / `eachBatch`
 * (inline, or a function / method of this file named there), and functions typed as taking an
 * `EachMessagePayload` / `EachBatchPayload`.
 */
export function kafkajsHandlers(code: CodeModel): Node[] {
  let handlers = handlersByModel.get(code);
  if (!handlers) handlersByModel.set(code, (handlers = findKafkajsHandlers(code)));
  return handlers;
}

const handlersByModel = new WeakMap<CodeModel, Node[]>();

function findKafkajsHandlers(code: CodeModel): Node[] {
  const text = code.text;
  if (!text.includes('eachMessage') && !text.includes('eachBatch') && !text.includes('Payload')) return [];
  const found = new Map<number, Node>();
  const add = (fn: Node | undefined) => {
    if (fn && code.syntax.function.has(fn.type)) found.set(fn.id, fn);
  };
  for (const m of text.matchAll(KAFKAJS_HANDLER_KEYS)) {
    const leaf = code.root.descendantForIndex(m.index, m.index + m[0].length);
    const parent = leaf?.parent;
    if (!leaf || !parent) continue;
    if (parent.type === 'method_definition' && parent.childForFieldName('name')?.id === leaf.id) add(parent);
    else if (parent.type === 'pair' && parent.childForFieldName('key')?.id === leaf.id) {
      add(resolveFunction(code, parent.childForFieldName('value')));
    }
  }
  for (const m of text.matchAll(KAFKAJS_PAYLOAD_TYPES)) {
    const leaf = code.root.descendantForIndex(m.index, m.index + m[0].length);
    if (!leaf || leaf.type !== 'type_identifier') continue;
    const fn = code.ancestor(leaf, (n) => code.syntax.function.has(n.type));
    // the type must annotate one of the function's own parameters
    const params = fn?.childForFieldName('parameters');
    if (fn && params && params.startIndex <= leaf.startIndex && leaf.endIndex <= params.endIndex) add(fn);
  }
  return [...found.values()].sort((a, b) => a.startIndex - b.startIndex);
}

/** A function expression, or the function a name / `this.name` / `x.bind(this)` refers to in this file. */
function resolveFunction(code: CodeModel, value: Node | null): Node | undefined {
  if (!value) return undefined;
  if (code.syntax.function.has(value.type)) return value;
  let target: Node | null = value;
  if (target.type === 'call_expression') {
    // handler: this.onMessage.bind(this)
    const callee = target.childForFieldName('function');
    if (callee?.type === 'member_expression' && callee.childForFieldName('property')?.text === 'bind') {
      target = callee.childForFieldName('object');
    } else return undefined;
  }
  if (!target) return undefined;
  const name = target.type === 'identifier' ? target.text : target.type === 'member_expression' ? target.childForFieldName('property')?.text : undefined;
  return name ? functionNamed(code, name) : undefined;
}

/** A function declaration, method, or `const name = (…) => …` of this file with that name. */
export function functionNamed(code: CodeModel, name: string): Node | undefined {
  const pattern = new RegExp(`\\b${name.replace(/[$]/g, '\\$')}\\b`, 'g');
  for (const m of code.text.matchAll(pattern)) {
    const leaf = code.root.descendantForIndex(m.index, m.index + m[0].length);
    const parent = leaf?.parent;
    if (!leaf || !parent) continue;
    const nameField = parent.childForFieldName('name');
    if (nameField?.id !== leaf.id) continue;
    if (code.syntax.function.has(parent.type)) return parent;
    if (parent.type === 'variable_declarator') {
      const value = parent.childForFieldName('value');
      if (value && code.syntax.function.has(value.type)) return value;
    }
  }
  return undefined;
}

/** Annotation names on a Java method (`KafkaListener`, `RetryableTopic`). */
export function annotationsOf(fn: Node): Node[] {
  const modifiers = fn.namedChildren.find((c) => c?.type === 'modifiers');
  if (!modifiers) return [];
  return modifiers.namedChildren.filter((c): c is Node => !!c && (c.type === 'annotation' || c.type === 'marker_annotation'));
}

export function annotationName(annotation: Node): string {
  return (annotation.childForFieldName('name')?.text ?? '').replace(/^.*\./, '');
}

/** True for a Java method annotated as a message listener (`@KafkaListener`, `@KafkaHandler`). */
export function isListenerMethod(fn: Node, table: ConsumerClientTable): boolean {
  if (!table.listenerAnnotations || fn.type !== 'method_declaration') return false;
  return annotationsOf(fn).some((a) => table.listenerAnnotations!.includes(annotationName(a)));
}

/** The declared type of a parameter name node, as written (`ConsumerRecord<String, Order>`), if any. */
export function parameterType(name: Node): string | undefined {
  let current: Node | null = name.parent;
  for (let depth = 0; current && depth < 4; depth++) {
    if (/^(required_parameter|optional_parameter|formal_parameter|parameter_declaration|spread_parameter)$/.test(current.type)) {
      return current.childForFieldName('type')?.text;
    }
    current = current.parent;
  }
  return undefined;
}
