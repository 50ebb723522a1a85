/**
 * Spring Kafka's own dead-lettering: a `DefaultErrorHandler` with a `DeadLetterPublishingRecoverer`
 * and a back-off that allows no real retry (`FixedBackOff(0L, 0L)`, zero-interval retries, or no
 * back-off at all: the default is 9 immediate retries), and `@RetryableTopic(attempts = "1")`.
 * The fix configures `ExponentialBackOffWithMaxRetries` and names the not-retryable exceptions.
 */
import type { Node } from 'web-tree-sitter';
import type { CallSite, CodeModel } from '../../code/codeModel';
import { ownLines } from '../../code/moves';
import type { Fix, Report, TextEdit } from '../../engine/types';
import type { CodeDocument } from '../../parsing/document';
import { indentBlock, indentUnit, lineIndent } from '../shared/indentation';
import { DEAD_LETTER } from '../shared/producers';
import { annotationName } from '../consumer/handlers';
import { javaImportPoint, javaImports } from './retryFix';

const BACKOFF_IMPORT = 'org.springframework.kafka.support.ExponentialBackOffWithMaxRetries';
const RETRY_BACKOFF_IMPORT = 'org.springframework.retry.annotation.Backoff';

export function checkSpring(doc: CodeDocument, report: (r: Report) => void): void {
  if (doc.kind !== 'java') return;
  if (doc.text.includes('DefaultErrorHandler')) checkErrorHandlers(doc, report);
  if (doc.text.includes('RetryableTopic')) checkRetryableTopics(doc, report);
}

// ---------------------------------------------------------------------------------------------
// DefaultErrorHandler

interface ZeroBackOff {
  /** Where to report: the back-off expression, or the handler creation when it has none. */
  node: Node;
  message: string;
  /** The back-off argument as written in the call (inline creation or variable), if any. */
  argument: Node | undefined;
  /** The local declaration of a back-off variable, replaced by the fix. */
  declaration: Node | undefined;
}

function checkErrorHandlers(doc: CodeDocument, report: (r: Report) => void): void {
  const code = doc.code;
  for (const creation of code.callsNamed(['DefaultErrorHandler'])) {
    if (!creation.isConstructor || creation.args.length === 0) continue;
    const [recoverer, backOffArg] = creation.args;
    if (!recoverer || !deadLetters(code, recoverer)) continue;
    if (backOffChosenPerRecord(code, creation)) continue;
    const zero = zeroBackOff(code, creation, backOffArg);
    if (!zero) continue;
    const fix = errorHandlerFix(doc, creation, zero);
    report({ start: zero.node.startIndex, end: zero.node.endIndex, message: zero.message, fixes: fix ? [fix] : [] });
  }
}

/**
 * `handler.setBackOffFunction((record, ex) -> …)` on the handler this creation is bound to: the
 * back-off is chosen per record, so the one given to (or left out of) the constructor says little.
 */
function backOffChosenPerRecord(code: CodeModel, creation: CallSite): boolean {
  const declarator = creation.node.parent;
  if (declarator?.type !== 'variable_declarator') return false;
  const name = declarator.childForFieldName('name')?.text;
  const fn = code.enclosingFunction(creation.node);
  if (!name || !fn) return false;
  return code.callsIn(fn).some((c) => c.name === 'setBackOffFunction' && c.receiver === name && c.node.startIndex > creation.node.endIndex);
}

/** The recoverer publishes to a dead-letter topic: a DeadLetterPublishingRecoverer, or a lambda / name that says so. */
function deadLetters(code: CodeModel, recoverer: Node): boolean {
  if (recoverer.text.includes('DeadLetterPublishingRecoverer')) return true;
  if (recoverer.type === 'identifier') {
    if (DEAD_LETTER.test(recoverer.text)) return true;
    const decl = declarationOf(code, recoverer);
    return !!decl && /DeadLetterPublishingRecoverer/.test(decl.text);
  }
  if (recoverer.type === 'lambda_expression') return DEAD_LETTER.test(recoverer.text);
  return false;
}

/** The local variable, field or parameter declaring `name` in the enclosing class, nearest first. */
function declarationOf(code: CodeModel, name: Node): Node | undefined {
  const fn = code.enclosingFunction(name);
  const scopes = [fn, code.ancestor(name, (n) => n.type === 'class_body')].filter(Boolean) as Node[];
  for (const scope of scopes) {
    for (const decl of scope.descendantsOfType(['local_variable_declaration', 'field_declaration', 'formal_parameter'])) {
      if (!decl || (decl.startIndex > name.startIndex && decl.type !== 'field_declaration')) continue;
      const names = decl.type === 'formal_parameter'
        ? [decl.childForFieldName('name')]
        : decl.childrenForFieldName('declarator').map((d) => d?.childForFieldName('name'));
      if (names.some((n) => n?.text === name.text)) return decl;
    }
  }
  return undefined;
}

function zeroBackOff(code: CodeModel, creation: CallSite, arg: Node | undefined): ZeroBackOff | undefined {
  if (!arg) {
    return {
      node: creation.node,
      message: '`DefaultErrorHandler` without a back-off retries 9 times with no delay, then dead-letters',
      argument: undefined,
      declaration: undefined,
    };
  }
  let expression: Node | null = arg;
  let declaration: Node | undefined;
  if (arg.type === 'identifier') {
    declaration = declarationOf(code, arg);
    if (!declaration || declaration.type !== 'local_variable_declaration') return undefined;
    const declarators = declaration.childrenForFieldName('declarator');
    if (declarators.length !== 1) return undefined;
    expression = declarators[0]?.childForFieldName('value') ?? null;
  }
  if (!expression || expression.type !== 'object_creation_expression') return undefined;
  const type = expression.childForFieldName('type')?.text.replace(/<.*$/, '') ?? '';
  const values = (expression.childForFieldName('arguments')?.namedChildren ?? []).filter(Boolean) as Node[];
  const isZero = (n: Node | undefined) => !!n && /^0+[lL]?$/.test(n.text.replace(/_/g, ''));
  const shown = `\`${expression.text.replace(/^new\s+/, '').replace(/\s+/g, ' ')}\``;
  if (/(^|\.)FixedBackOff$/.test(type) && values.length === 2) {
    const [interval, attempts] = values;
    const base = { node: expression, argument: arg, declaration };
    if (isZero(attempts)) return { ...base, message: `${shown} allows no retry: the first failure goes to the dead-letter topic` };
    if (isZero(interval)) return { ...base, message: `${shown} retries with no delay, then dead-letters` };
    return undefined;
  }
  if (/(^|\.)ExponentialBackOffWithMaxRetries$/.test(type) && isZero(values[0])) {
    return { node: expression, argument: arg, declaration, message: `${shown} allows no retry: the first failure goes to the dead-letter topic` };
  }
  return undefined;
}

const BACKOFF_LINES = (name: string) => [
  `ExponentialBackOffWithMaxRetries ${name} = new ExponentialBackOffWithMaxRetries(4);`,
  `${name}.setInitialInterval(1_000L);`,
  `${name}.setMultiplier(2.0);`,
  `${name}.setMaxInterval(10_000L);`,
];

const NOT_RETRYABLE = (handler: string) => [
  '// failures that no retry can fix go to the dead-letter topic at once: list your own here',
  `${handler}.addNotRetryableExceptions(IllegalArgumentException.class);`,
];

function errorHandlerFix(doc: CodeDocument, creation: CallSite, zero: ZeroBackOff): Fix | undefined {
  const code = doc.code;
  const stmt = code.statementOf(creation.node);
  const stmtLines = stmt && ownLines(doc, stmt.node);
  const fn = code.enclosingFunction(creation.node);
  const fnText = (fn?.childForFieldName('body') ?? fn)?.text ?? '';
  if (!stmt || !stmtLines) return undefined;
  const eol = doc.eol;
  const unit = indentUnit(doc);
  const indent = lineIndent(doc, stmt.node.startIndex);
  const edits: TextEdit[] = [];
  const before: string[] = [];

  // the back-off: the old variable's declaration rewritten in place, or a new variable before the statement
  let creationText = doc.text.slice(creation.node.startIndex, creation.node.endIndex);
  const relative = (n: Node) => [n.startIndex - creation.node.startIndex, n.endIndex - creation.node.startIndex] as const;
  if (zero.declaration) {
    const declLines = ownLines(doc, zero.declaration);
    const name = zero.declaration.childrenForFieldName('declarator')[0]?.childForFieldName('name')?.text;
    if (!declLines || !name) return undefined;
    edits.push({ start: declLines.start, end: declLines.end, newText: indentBlock(BACKOFF_LINES(name), lineIndent(doc, zero.declaration.startIndex), unit, eol) + eol });
  } else {
    const name = /\bbackOff\b/.test(fnText) ? 'retryBackOff' : 'backOff';
    before.push(...BACKOFF_LINES(name));
    if (zero.argument) {
      const [from, to] = relative(zero.argument);
      creationText = creationText.slice(0, from) + name + creationText.slice(to);
    } else {
      const last = creation.args.at(-1);
      if (!last) return undefined;
      const [, to] = relative(last);
      creationText = creationText.slice(0, to) + `, ${name}` + creationText.slice(to);
    }
  }

  // the handler variable that receives addNotRetryableExceptions
  const declarator = creation.node.parent?.type === 'variable_declarator' ? creation.node.parent : undefined;
  const after: string[] = [];
  if (declarator && stmt.node.type === 'local_variable_declaration') {
    const handlerName = declarator.childForFieldName('name')?.text;
    if (!handlerName) return undefined;
    edits.push({ start: creation.node.startIndex, end: creation.node.endIndex, newText: creationText });
    if (!fnText.includes(`${handlerName}.addNotRetryableExceptions`)) after.push(...NOT_RETRYABLE(handlerName));
  } else {
    // the creation gets its own declaration; the statement keeps its place and refers to it
    const handlerName = ['errorHandler', 'retryingErrorHandler'].find((n) => !new RegExp(`\\b${n}\\b`).test(fnText));
    if (!handlerName) return undefined;
    before.push(`DefaultErrorHandler ${handlerName} = ${creationText};`, ...NOT_RETRYABLE(handlerName));
    edits.push({ start: creation.node.startIndex, end: creation.node.endIndex, newText: handlerName });
  }
  if (before.length > 0) edits.push({ start: stmtLines.start, end: stmtLines.start, newText: indentBlock(before, indent, unit, eol) + eol });
  if (after.length > 0) edits.push({ start: stmtLines.end, end: stmtLines.end, newText: indentBlock(after, indent, unit, eol) + eol });
  const importEdit = addImport(doc, BACKOFF_IMPORT);
  if (importEdit === null) return undefined;
  if (importEdit) edits.push(importEdit);
  return {
    title: 'Retry with `ExponentialBackOffWithMaxRetries` and dead-letter only permanent failures',
    safety: 'unsafe',
    edits,
  };
}

function addImport(doc: CodeDocument, qualified: string): TextEdit | undefined | null {
  if (javaImports(doc.text, qualified)) return undefined;
  const at = javaImportPoint(doc.code);
  if (!at) return null;
  const eol = doc.eol;
  return { start: at.offset, end: at.offset, newText: (at.blankBefore ? eol : '') + `import ${qualified};${eol}` + (at.blankAfter ? eol : '') };
}

// ---------------------------------------------------------------------------------------------
// @RetryableTopic(attempts = "1")

function checkRetryableTopics(doc: CodeDocument, report: (r: Report) => void): void {
  const code = doc.code;
  for (const m of doc.text.matchAll(/\bRetryableTopic\b/g)) {
    const leaf = code.root.descendantForIndex(m.index, m.index + m[0].length);
    const annotation = leaf?.parent?.type === 'scoped_identifier' ? leaf.parent.parent : leaf?.parent;
    if (!annotation || annotation.type !== 'annotation' || annotationName(annotation) !== 'RetryableTopic') continue;
    const elements = (annotation.childForFieldName('arguments')?.namedChildren ?? []).filter(
      (e): e is Node => e?.type === 'element_value_pair',
    );
    const attempts = elements.find((e) => e.childForFieldName('key')?.text === 'attempts');
    const value = attempts?.childForFieldName('value');
    if (!attempts || !value || !/^"?\s*1\s*"?$/.test(value.text)) continue;
    report({
      start: attempts.startIndex,
      end: attempts.endIndex,
      message: '`@RetryableTopic(attempts = "1")` sends the first failure straight to the dead-letter topic',
      fixes: [retryableTopicFix(doc, elements, value)],
    });
  }
}

function retryableTopicFix(doc: CodeDocument, elements: Node[], attemptsValue: Node): Fix {
  const keys = new Set(elements.map((e) => e.childForFieldName('key')?.text));
  const edits: TextEdit[] = [{ start: attemptsValue.startIndex, end: attemptsValue.endIndex, newText: attemptsValue.text.startsWith('"') ? '"4"' : '4' }];
  const additions: string[] = [];
  if (!keys.has('backoff') && !keys.has('backOff')) {
    const springKafka4 = javaImports(doc.text, 'org.springframework.kafka.annotation.BackOff');
    additions.push(springKafka4 ? 'backOff = @BackOff(delay = 1000, multiplier = 2.0, maxDelay = 10000)' : 'backoff = @Backoff(delay = 1000, multiplier = 2.0, maxDelay = 10000)');
    if (!springKafka4) {
      const imp = addImport(doc, RETRY_BACKOFF_IMPORT);
      if (imp) edits.push(imp);
    }
  }
  if (!['exclude', 'excludeNames', 'include', 'includeNames'].some((k) => keys.has(k))) additions.push('exclude = IllegalArgumentException.class');
  if (additions.length > 0) {
    const last = elements[elements.length - 1]!;
    edits.push({ start: last.endIndex, end: last.endIndex, newText: additions.map((a) => `, ${a}`).join('') });
  }
  return { title: 'Retry 3 times with exponential backoff before dead-lettering', safety: 'unsafe', edits };
}
