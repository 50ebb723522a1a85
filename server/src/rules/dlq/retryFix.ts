/**
 * The DLQ001 fix for a catch-all that dead-letters: the processing call is wrapped in a bounded
 * retry with exponential backoff that retries transient errors only. Permanent errors, and
 * transient ones once the attempts run out, still reach the existing dead-letter send, and the
 * commit that follows stays where it is. A small helper (plus the constants the user tunes) is
 * added to the file once, written in the file's own indentation, quotes and line endings.
 */
import type { Node } from 'web-tree-sitter';
import type { CallSite, CodeModel } from '../../code/codeModel';
import type { Fix, TextEdit } from '../../engine/types';
import type { CodeDocument } from '../../parsing/document';
import { indentBlock, indentUnit, lineIndent } from '../shared/indentation';
import { isAsyncFunction } from '../consumer/handlers';
import type { ErrorHandler } from './deadLetters';

export function retryFix(doc: CodeDocument, handler: ErrorHandler, work: CallSite): Fix | undefined {
  switch (doc.kind) {
    case 'python':
      return pythonFix(doc, work);
    case 'typescript':
    case 'tsx':
    case 'javascript':
      return ecmascriptFix(doc, work);
    case 'java':
      return javaFix(doc, handler, work);
    case 'go':
      return goFix(doc, handler, work);
  }
}

function fix(work: CallSite, edits: TextEdit[]): Fix {
  return { title: `Retry \`${work.callee}(...)\` with backoff before dead-lettering`, safety: 'unsafe', edits };
}

/** True when `name` is defined in the file (function, constant, variable) — then the helper part is reused. */
function defines(text: string, pattern: RegExp): boolean {
  return pattern.test(text);
}

/** True when `work` is a statement's whole expression, or the whole value of an assignment (awaited or not). */
function wrappable(code: CodeModel, work: CallSite): boolean {
  let n: Node = work.node;
  let parent = n.parent;
  while (parent && (code.syntax.await.has(parent.type) || parent.type === 'parenthesized_expression')) {
    n = parent;
    parent = n.parent;
  }
  if (!parent) return false;
  if (parent.type === 'expression_statement') return true;
  if (parent.type === 'expression_list' && parent.namedChildCount === 1) parent = parent.parent;
  if (!parent) return false;
  const assigned = code.syntax.assignment(parent);
  return assigned.length > 0 && assigned[0]!.value?.id === (n.parent?.type === 'expression_list' ? n.parent.id : n.id);
}

// ---------------------------------------------------------------------------------------------
// Python

const PYTHON_CONSTANTS = [
  '# Failures worth retrying: a dependency that is briefly unavailable. Every other exception is',
  '# treated as permanent and dead-lettered at once. Add your clients\' transient errors here.',
  'TRANSIENT_ERRORS = (ConnectionError, TimeoutError)',
  'MAX_ATTEMPTS = 5',
];

function pythonHelper(isAsync: boolean): string[] {
  const name = isAsync ? 'async def retry_transient_async(operation):' : 'def retry_transient(operation):';
  const doc = isAsync
    ? '\t"""Awaits operation(), retrying TRANSIENT_ERRORS with exponential backoff; re-raises when exhausted."""'
    : '\t"""Runs operation(), retrying TRANSIENT_ERRORS with exponential backoff; re-raises when exhausted."""';
  return [
    name,
    doc,
    '\tfor attempt in range(1, MAX_ATTEMPTS + 1):',
    '\t\ttry:',
    isAsync ? '\t\t\treturn await operation()' : '\t\t\treturn operation()',
    '\t\texcept TRANSIENT_ERRORS:',
    '\t\t\tif attempt == MAX_ATTEMPTS:',
    '\t\t\t\traise',
    isAsync ? '\t\t\tawait asyncio.sleep(min(0.2 * 2**attempt, 10.0))' : '\t\t\ttime.sleep(min(0.2 * 2**attempt, 10.0))',
  ];
}

function pythonFix(doc: CodeDocument, work: CallSite): Fix | undefined {
  const code = doc.code;
  if (!wrappable(code, work)) return undefined;
  const fn = code.enclosingFunction(work.node);
  const isAsync = work.awaited;
  if (!isAsync && fn && isAsyncFunction(fn)) return undefined; // a blocking sleep would stall the event loop
  const helperName = isAsync ? 'retry_transient_async' : 'retry_transient';
  const edits: TextEdit[] = [{ start: work.node.startIndex, end: work.node.startIndex, newText: `${helperName}(lambda: ` }, { start: work.node.endIndex, end: work.node.endIndex, newText: ')' }];
  const text = doc.text;
  if (!defines(text, new RegExp(`^(async\\s+)?def ${helperName}\\b`, 'm'))) {
    const eol = doc.eol;
    const unit = indentUnit(doc);
    const parts: string[] = [];
    const constants = PYTHON_CONSTANTS.filter((line) => {
      const name = /^([A-Z_]+) =/.exec(line)?.[1];
      return !name || !defines(text, new RegExp(`^${name}\\s*=`, 'm'));
    });
    if (constants.some((l) => !l.startsWith('#'))) parts.push(indentBlock(constants, '', unit, eol), '', '');
    parts.push(indentBlock(pythonHelper(isAsync), '', unit, eol));
    const module = isAsync ? 'asyncio' : 'time';
    const layout = pythonLayout(code, module);
    const needsImport = !defines(text, new RegExp(`^import ${module}\\s*$`, 'm'));
    const helper = parts.join(eol);
    // two blank lines around top-level definitions, counting the ones already there
    const gap = eol.repeat(Math.max(0, 2 - blankLinesAt(text, layout.helperAt)));
    const importText = needsImport ? `import ${module}${eol}` : '';
    const helperText = layout.afterImports ? `${eol}${eol}${helper}${eol}${gap}` : `${helper}${eol}${eol}${eol}`;
    if (needsImport && layout.importAt === layout.helperAt) {
      const joiner = layout.afterImports ? '' : eol;
      edits.push({ start: layout.importAt, end: layout.importAt, newText: importText + joiner + helperText });
    } else {
      if (needsImport) edits.push({ start: layout.importAt, end: layout.importAt, newText: importText });
      edits.push({ start: layout.helperAt, end: layout.helperAt, newText: helperText });
    }
  }
  return fix(work, edits);
}

/**
 * Where a new `import module` line goes (sorted among the plain imports at the top) and where the
 * helper goes: after the retry code already added to the file, else after the last top-level import.
 */
function pythonLayout(code: CodeModel, module: string): { importAt: number; helperAt: number; afterImports: boolean } {
  const statements = code.statements(code.root);
  let firstImport: Node | undefined;
  let lastImport: Node | undefined;
  let importAt: number | undefined;
  let lastPlain: Node | undefined;
  let docstringEnd = 0;
  for (const [i, s] of statements.entries()) {
    if (i === 0 && s.type === 'expression_statement' && s.namedChildren[0]?.type === 'string') {
      docstringEnd = lineAfter(code, s);
      continue;
    }
    if (s.type === 'future_import_statement') {
      lastImport = s;
      continue;
    }
    if (s.type === 'import_statement' || s.type === 'import_from_statement') {
      firstImport ??= s;
      lastImport = s;
      if (s.type === 'import_statement') {
        const name = s.childForFieldName('name')?.text ?? '';
        if (importAt === undefined && name > module) importAt = lineStartOf(code, s);
        lastPlain = s;
      }
      continue;
    }
    break;
  }
  importAt ??= lastPlain ? lineAfter(code, lastPlain) : firstImport ? lineStartOf(code, firstImport) : undefined;
  // retry code added earlier: the new helper joins it
  const retryBlock = statements.filter((s) => /^(MAX_ATTEMPTS|TRANSIENT_ERRORS)\s*=/.test(s.text) || /^(async\s+)?def retry_transient/.test(s.text) || (s.type === 'decorated_definition' && /def retry_transient/.test(s.text)));
  if (retryBlock.length > 0) {
    const at = lineAfter(code, retryBlock[retryBlock.length - 1]!);
    return { importAt: importAt ?? at, helperAt: at, afterImports: true };
  }
  if (lastImport) {
    const helperAt = lineAfter(code, lastImport);
    return { importAt: importAt ?? helperAt, helperAt, afterImports: true };
  }
  // no imports: after the module docstring (and a blank line), or at the very top
  const at = docstringEnd > 0 ? skipBlankLines(code.text, docstringEnd) : 0;
  return { importAt: importAt ?? at, helperAt: at, afterImports: false };
}

function lineStartOf(code: CodeModel, node: Node): number {
  return code.text.lastIndexOf('\n', node.startIndex - 1) + 1;
}

function lineAfter(code: CodeModel, node: Node): number {
  const end = code.text.indexOf('\n', node.endIndex);
  return end < 0 ? code.text.length : end + 1;
}

/** Number of blank lines starting at `at` (a line start). */
function blankLinesAt(text: string, at: number): number {
  let count = 0;
  let i = at;
  for (;;) {
    const end = text.indexOf('\n', i);
    if (end < 0 || text.slice(i, end).trim() !== '') return count;
    count++;
    i = end + 1;
  }
}

function skipBlankLines(text: string, at: number): number {
  let i = at;
  for (;;) {
    const end = text.indexOf('\n', i);
    if (end < 0 || text.slice(i, end).trim() !== '') return i;
    i = end + 1;
  }
}

// ---------------------------------------------------------------------------------------------
// TypeScript / JavaScript

function ecmascriptHelper(typed: boolean): string[] {
  return [
    '// Failures worth retrying: a dependency that is briefly unavailable (these network codes, or an',
    '// error that says it is retriable, as kafkajs errors do). Anything else is treated as permanent',
    '// and dead-lettered at once.',
    "const TRANSIENT_ERROR_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EAI_AGAIN']);",
    'const MAX_ATTEMPTS = 5;',
    '',
    typed ? 'function isTransient(err: unknown): boolean {' : 'function isTransient(err) {',
    typed ? '\tconst { code, retriable } = (err ?? {}) as { code?: string; retriable?: boolean };' : '\tconst { code, retriable } = err ?? {};',
    typed ? '\treturn retriable === true || (code !== undefined && TRANSIENT_ERROR_CODES.has(code));' : '\treturn retriable === true || TRANSIENT_ERROR_CODES.has(code);',
    '}',
    '',
    typed ? 'async function retryTransient<T>(operation: () => Promise<T>): Promise<T> {' : 'async function retryTransient(operation) {',
    '\tfor (let attempt = 1; ; attempt++) {',
    '\t\ttry {',
    '\t\t\treturn await operation();',
    '\t\t} catch (err) {',
    '\t\t\tif (attempt >= MAX_ATTEMPTS || !isTransient(err)) throw err;',
    '\t\t\tawait new Promise((resolve) => setTimeout(resolve, Math.min(200 * 2 ** attempt, 10_000)));',
    '\t\t}',
    '\t}',
    '}',
  ];
}

function ecmascriptFix(doc: CodeDocument, work: CallSite): Fix | undefined {
  const code = doc.code;
  if (!work.awaited || !wrappable(code, work)) return undefined;
  const edits: TextEdit[] = [
    { start: work.node.startIndex, end: work.node.startIndex, newText: 'retryTransient(() => ' },
    { start: work.node.endIndex, end: work.node.endIndex, newText: ')' },
  ];
  const text = doc.text;
  if (!/\bfunction retryTransient\b/.test(text)) {
    if (/\b(TRANSIENT_ERROR_CODES|MAX_ATTEMPTS|isTransient)\b/.test(text)) return undefined;
    const eol = doc.eol;
    let lines = ecmascriptHelper(doc.kind !== 'javascript');
    if (prefersDoubleQuotes(text)) lines = lines.map((l) => (l.startsWith('//') ? l : l.replace(/'/g, '"')));
    if (!usesSemicolons(text)) lines = lines.map((l) => l.replace(/;$/, ''));
    const block = indentBlock(lines, '', indentUnit(doc), eol);
    const last = leadingImports(code).at(-1);
    if (last) {
      const at = lineAfter(code, last);
      const gap = blankLinesAt(text, at) === 0 ? eol : '';
      edits.push({ start: at, end: at, newText: `${eol}${block}${eol}${gap}` });
    } else {
      edits.push({ start: 0, end: 0, newText: `${block}${eol}${eol}` });
    }
  }
  return fix(work, edits);
}

/** The import block at the top: `import …`, `const x = require(…)`, and a `'use strict'` directive. */
function leadingImports(code: CodeModel): Node[] {
  const out: Node[] = [];
  for (const s of code.statements(code.root)) {
    const isRequire = /^(lexical_declaration|variable_declaration)$/.test(s.type) && /^\S+\s+[^=]+=\s*require\s*\(/.test(s.text);
    const isDirective = s.type === 'expression_statement' && /^['"]use strict['"]/.test(s.text);
    if (s.type === 'import_statement' || isRequire || isDirective) out.push(s);
    else break;
  }
  return out;
}

function prefersDoubleQuotes(text: string): boolean {
  const single = (text.match(/'[^'\n]*'/g) ?? []).length;
  const double = (text.match(/"[^"\n]*"/g) ?? []).length;
  return double > single;
}

function usesSemicolons(text: string): boolean {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('//') && !/[{([,]$/.test(l));
  const withSemi = lines.filter((l) => l.endsWith(';')).length;
  return withSemi * 2 >= lines.length;
}

// ---------------------------------------------------------------------------------------------
// Java

const JAVA_IMPORTS = ['java.io.IOException', 'java.util.List', 'java.util.concurrent.TimeoutException'];

const JAVA_HELPER = [
  '// Failures worth retrying: a dependency that is briefly unavailable. Every other exception is',
  '// treated as permanent and dead-lettered at once. Add your clients\' transient exceptions here.',
  'private static final List<Class<? extends Exception>> TRANSIENT_ERRORS = List.of(IOException.class, TimeoutException.class);',
  'private static final int MAX_ATTEMPTS = 5;',
  '',
  '@FunctionalInterface',
  'private interface Attempt {',
  '\tvoid run() throws Exception;',
  '}',
  '',
  '/** Runs the attempt, retrying TRANSIENT_ERRORS with exponential backoff; rethrows when exhausted. */',
  'private static void retryTransient(Attempt attempt) throws Exception {',
  '\tfor (int n = 1; ; n++) {',
  '\t\ttry {',
  '\t\t\tattempt.run();',
  '\t\t\treturn;',
  '\t\t} catch (Exception e) {',
  '\t\t\tboolean transientError = TRANSIENT_ERRORS.stream().anyMatch(type -> type.isInstance(e));',
  '\t\t\tif (n >= MAX_ATTEMPTS || !transientError) {',
  '\t\t\t\tthrow e;',
  '\t\t\t}',
  '\t\t\tThread.sleep(Math.min(200L << n, 10_000L));',
  '\t\t}',
  '\t}',
  '}',
];

function javaFix(doc: CodeDocument, handler: ErrorHandler, work: CallSite): Fix | undefined {
  const code = doc.code;
  // the helper throws Exception: only a catch of Exception or Throwable still compiles around it
  const catchType = handler.node.descendantsOfType('catch_type')[0]?.text ?? '';
  if (!/(^|\W)(Exception|Throwable)(\W|$)/.test(catchType)) return undefined;
  if (work.node.parent?.type !== 'expression_statement') return undefined;
  const classBody = code.ancestor(work.node, (n) => n.type === 'class_body' || n.type === 'enum_body');
  if (!classBody) return undefined;
  const edits: TextEdit[] = [
    { start: work.node.startIndex, end: work.node.startIndex, newText: 'retryTransient(() -> ' },
    { start: work.node.endIndex, end: work.node.endIndex, newText: ')' },
  ];
  const text = doc.text;
  if (!/\bvoid retryTransient\s*\(/.test(text)) {
    if (/\b(TRANSIENT_ERRORS|MAX_ATTEMPTS)\b|\binterface Attempt\b/.test(text)) return undefined;
    const eol = doc.eol;
    const close = classBody.lastChild;
    if (!close || close.type !== '}') return undefined;
    const closeLineStart = doc.lines.lineStart(doc.lines.positionAt(close.startIndex).line);
    if (text.slice(closeLineStart, close.startIndex).trim() !== '') return undefined;
    const unit = indentUnit(doc);
    const memberIndent = lineIndent(doc, close.startIndex) + unit;
    edits.push({ start: closeLineStart, end: closeLineStart, newText: `${eol}${indentBlock(JAVA_HELPER, memberIndent, unit, eol)}${eol}` });
    const missing = JAVA_IMPORTS.filter((imp) => !javaImports(text, imp));
    if (missing.length > 0) {
      const at = javaImportPoint(code);
      if (at === undefined) return undefined;
      edits.push({ start: at.offset, end: at.offset, newText: (at.blankBefore ? eol : '') + missing.map((m) => `import ${m};${eol}`).join('') + (at.blankAfter ? eol : '') });
    }
  }
  return fix(work, edits);
}

export function javaImports(text: string, qualified: string): boolean {
  const pkg = qualified.slice(0, qualified.lastIndexOf('.'));
  return new RegExp(`^import\\s+(${qualified.replace(/\./g, '\\.')}|${pkg.replace(/\./g, '\\.')}\\.\\*)\\s*;`, 'm').test(text);
}

/** After the last import, or after the package line (with a blank line), or at the top. */
export function javaImportPoint(code: CodeModel): { offset: number; blankBefore: boolean; blankAfter: boolean } | undefined {
  const top = code.statements(code.root);
  const imports = top.filter((s) => s.type === 'import_declaration');
  if (imports.length > 0) return { offset: lineAfter(code, imports.at(-1)!), blankBefore: false, blankAfter: false };
  const pkg = top.find((s) => s.type === 'package_declaration');
  if (pkg) return { offset: lineAfter(code, pkg), blankBefore: true, blankAfter: false };
  return { offset: 0, blankBefore: false, blankAfter: true };
}

// ---------------------------------------------------------------------------------------------
// Go

const GO_IMPORTS = ['context', 'errors', 'syscall', 'time'];

const GO_HELPER = [
  '// transientErrors are the failures worth retrying: a dependency that is briefly unavailable.',
  '// Every other error is treated as permanent and dead-lettered at once. Add your clients\' errors here.',
  'var transientErrors = []error{context.DeadlineExceeded, syscall.ECONNREFUSED, syscall.ECONNRESET}',
  '',
  'const maxAttempts = 5',
  '',
  '// retryTransient runs op, retrying transient errors with exponential backoff, and returns the last',
  '// error once the attempts are spent or the error is permanent.',
  'func retryTransient(op func() error) error {',
  '\tbackoff := 200 * time.Millisecond',
  '\tfor attempt := 1; ; attempt++ {',
  '\t\terr := op()',
  '\t\tif err == nil || attempt >= maxAttempts || !isTransient(err) {',
  '\t\t\treturn err',
  '\t\t}',
  '\t\ttime.Sleep(backoff)',
  '\t\tif backoff *= 2; backoff > 10*time.Second {',
  '\t\t\tbackoff = 10 * time.Second',
  '\t\t}',
  '\t}',
  '}',
  '',
  'func isTransient(err error) bool {',
  '\tfor _, target := range transientErrors {',
  '\t\tif errors.Is(err, target) {',
  '\t\t\treturn true',
  '\t\t}',
  '\t}',
  '\treturn false',
  '}',
];

function goFix(doc: CodeDocument, handler: ErrorHandler, work: CallSite): Fix | undefined {
  const code = doc.code;
  const source = handler.guarded[0];
  if (!source || handler.guarded.length !== 1) return undefined;
  const assigned = code.syntax.assignment(source)[0];
  const value = assigned?.value;
  const single = value?.type === 'expression_list' ? (value.namedChildCount === 1 ? value.namedChildren[0] : null) : value;
  if (!assigned || assigned.names.length !== 1 || single?.id !== work.node.id) return undefined;
  const edits: TextEdit[] = [
    { start: work.node.startIndex, end: work.node.startIndex, newText: 'retryTransient(func() error { return ' },
    { start: work.node.endIndex, end: work.node.endIndex, newText: ' })' },
  ];
  const text = doc.text;
  if (!/^func retryTransient\(/m.test(text)) {
    if (/\b(transientErrors|maxAttempts|isTransient)\b/.test(text)) return undefined;
    const eol = doc.eol;
    const block = indentBlock(GO_HELPER, '', '\t', eol);
    const end = text.length;
    const lead = text.endsWith('\n') ? eol : eol + eol;
    edits.push({ start: end, end, newText: `${lead}${block}${eol}` });
    const importEdits = goImports(doc, GO_IMPORTS);
    if (importEdits === null) return undefined;
    edits.push(...importEdits);
  }
  return fix(work, edits);
}

/**
 * Edits adding the missing standard imports, each slotted into the import block where gofmt would
 * sort it; null when the file's import shape is not one we can extend cleanly.
 */
function goImports(doc: CodeDocument, wanted: readonly string[]): TextEdit[] | null {
  const code = doc.code;
  const eol = doc.eol;
  const decls = code.statements(code.root).filter((s) => s.type === 'import_declaration');
  const specs = decls.flatMap((d) => d.descendantsOfType('import_spec').filter(Boolean) as Node[]);
  const pathOf = (s: Node) => s.childForFieldName('path')?.text.replace(/"/g, '') ?? '';
  const present = new Set(specs.map(pathOf));
  const missing = wanted.filter((w) => !present.has(w));
  if (missing.length === 0) return [];
  const block = decls.map((d) => d.namedChildren.find((c) => c?.type === 'import_spec_list')).find(Boolean);
  if (block) {
    const std = block.namedChildren.filter((c): c is Node => c?.type === 'import_spec' && !pathOf(c).includes('.'));
    if (std.length === 0) {
      const open = block.child(0);
      if (!open) return null;
      const tail = block.namedChildCount > 0 ? eol : '';
      return [{ start: open.endIndex, end: open.endIndex, newText: eol + missing.map((m) => `\t"${m}"`).join(eol) + tail }];
    }
    // group the missing paths by the spec they go before (or after the last standard one)
    const byPoint = new Map<number, string[]>();
    for (const m of missing) {
      const next = std.find((s) => pathOf(s) > m);
      const at = next ? next.startIndex : std[std.length - 1]!.endIndex;
      byPoint.set(at, [...(byPoint.get(at) ?? []), m]);
    }
    const lastEnd = std[std.length - 1]!.endIndex;
    return [...byPoint].map(([at, paths]) => ({
      start: at,
      end: at,
      newText: at === lastEnd && !std.some((s) => s.startIndex === at)
        ? paths.map((m) => `${eol}\t"${m}"`).join('')
        : paths.map((m) => `"${m}"${eol}\t`).join(''),
    }));
  }
  const last = decls.at(-1);
  if (last) {
    const at = lineAfter(code, last);
    return [{ start: at, end: at, newText: missing.map((m) => `import "${m}"${eol}`).join('') }];
  }
  const pkg = code.statements(code.root).find((s) => s.type === 'package_clause');
  if (!pkg) return null;
  const at = lineAfter(code, pkg);
  return [{ start: at, end: at, newText: `${eol}import (${eol}${missing.map((m) => `\t"${m}"`).join(eol)}${eol})${eol}` }];
}
