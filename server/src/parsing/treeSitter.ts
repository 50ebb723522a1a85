/**
 * tree-sitter for the code kinds. Grammars load lazily (the first Python file pays for Python
 * only), parsers are reused, and a previous tree can be passed for incremental re-parsing.
 * Trees live in WebAssembly memory, which the garbage collector never frees: whoever holds a
 * Tree must call delete() on it.
 */
import { Language, Parser, Query, type Tree } from 'web-tree-sitter';
import type { CodeKind } from './fileKinds';
import { wasmPath } from './wasm';

export type TreeSitterKind = CodeKind | 'shell';

const GRAMMAR_FILE: Record<TreeSitterKind, string> = {
  python: 'tree-sitter-python.wasm',
  typescript: 'tree-sitter-typescript.wasm',
  tsx: 'tree-sitter-tsx.wasm',
  javascript: 'tree-sitter-javascript.wasm',
  java: 'tree-sitter-java.wasm',
  go: 'tree-sitter-go.wasm',
  shell: 'tree-sitter-bash.wasm',
};

let runtime: Promise<void> | undefined;
const languages = new Map<TreeSitterKind, Promise<Language>>();
const loaded = new Map<TreeSitterKind, Language>();
const parsers = new Map<TreeSitterKind, Parser>();
const queries = new Map<string, Query>();

function initRuntime(): Promise<void> {
  runtime ??= Parser.init({ locateFile: (name: string) => wasmPath(name) });
  return runtime;
}

/** Loads the grammar for a kind once; later calls return the same promise. */
export function loadGrammar(kind: TreeSitterKind): Promise<Language> {
  let pending = languages.get(kind);
  if (!pending) {
    pending = initRuntime()
      .then(() => Language.load(wasmPath(GRAMMAR_FILE[kind])))
      .then((language) => {
        loaded.set(kind, language);
        return language;
      });
    languages.set(kind, pending);
  }
  return pending;
}

function languageOf(kind: TreeSitterKind): Language {
  const language = loaded.get(kind);
  if (!language) throw new Error(`tree-sitter grammar for ${kind} is not loaded; await loadGrammar('${kind}') first`);
  return language;
}

/**
 * Parses text. With `previous` (a tree already edited with Tree.edit to match the new text),
 * tree-sitter reuses the unchanged parts.
 */
export function parseTree(kind: TreeSitterKind, text: string, previous?: Tree): Tree {
  let parser = parsers.get(kind);
  if (!parser) {
    parser = new Parser();
    parser.setLanguage(languageOf(kind));
    parsers.set(kind, parser);
  }
  const tree = parser.parse(text, previous ?? null);
  if (!tree) throw new Error(`tree-sitter returned no tree for a ${kind} document`);
  return tree;
}

/** A compiled query, cached by kind and source; queries are immutable and shared by all rules. */
export function query(kind: TreeSitterKind, source: string): Query {
  const key = `${kind}\u0000${source}`;
  let compiled = queries.get(key);
  if (!compiled) {
    compiled = new Query(languageOf(kind), source);
    queries.set(key, compiled);
  }
  return compiled;
}
