/**
 * tree-sitter for the code kinds. Grammars load lazily (the first Python file pays for Python
 * only), parsers are reused, and a previous tree can be passed for incremental re-parsing.
 * Trees live in WebAssembly memory, which the garbage collector never frees: whoever holds a
 * Tree must call delete() on it.
 */
import { Language, Node, Parser, Query, type Point, type Tree } from 'web-tree-sitter';
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

/**
 * web-tree-sitter reads a node's type and parent from WebAssembly on every access (a parent is found
 * by descending from the root again), and the rules read the same nodes' types and parents many
 * times over. A node object stands for one node of one tree, and a tree does not change while its
 * nodes are read (an edited document's old tree only seeds the next parse, then is freed), so the
 * first answer is kept on the node object. Measured on the benchmark's keystroke re-lint: 5–8 %
 * less rule time for Python and Go.
 */
const TYPE_ID = Symbol('pipelineSeams.typeId');
const PARENT = Symbol('pipelineSeams.parent');
type KeptReads = Node & { [TYPE_ID]?: number; [PARENT]?: Node | null };

function keepNodeReads(): void {
  const proto = Node.prototype as KeptReads;
  // Both slots are added together, in one order: node objects then come in two shapes only, and
  // the library's own reads of `id` and `startIndex` stay fast (V8 slows down on many shapes).
  const addSlots = (node: KeptReads) => {
    node[TYPE_ID] = undefined;
    node[PARENT] = undefined;
  };
  const keep = (name: 'typeId' | 'parent', slot: typeof TYPE_ID | typeof PARENT) => {
    const read = Object.getOwnPropertyDescriptor(proto, name)?.get;
    if (!read) throw new Error(`web-tree-sitter's Node has no ${name} getter`);
    Object.defineProperty(proto, name, {
      configurable: true,
      get(this: KeptReads) {
        let value = this[slot];
        if (value === undefined) {
          if (!(TYPE_ID in this)) addSlots(this);
          (this as Record<typeof slot, unknown>)[slot] = value = read.call(this) as number | Node | null;
        }
        return value;
      },
    });
  };
  keep('typeId', TYPE_ID);
  keep('parent', PARENT);
}
keepNodeReads();

/**
 * web-tree-sitter turns the types asked of `descendantsOfType` into symbols by testing every symbol
 * of the grammar (300 in Java) with `types.includes(name)`: with the dozen types of a function walk
 * that is most of the call's cost on a small scope (12 µs of 18 in Java). The library accepts any
 * array; one whose `includes` is a set lookup halves the call. Results are unchanged.
 */
class TypeList extends Array<string> {
  private set: Set<string> | undefined;
  override includes(type: string): boolean {
    return (this.set ??= new Set(this)).has(type);
  }
}

function askForTypesBySet(): void {
  const proto = Node.prototype;
  const walk = proto.descendantsOfType;
  const lists = new Map<string, TypeList>();
  proto.descendantsOfType = function (this: Node, types: string | string[], startPosition?: Point, endPosition?: Point) {
    const list = typeof types === 'string' ? [types] : types;
    const key = list.join(',');
    let asked = lists.get(key);
    if (!asked) lists.set(key, (asked = TypeList.from(list) as TypeList));
    return walk.call(this, asked, startPosition, endPosition);
  };
}
askForTypesBySet();

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
