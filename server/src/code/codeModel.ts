/**
 * The code model: the questions code rules ask of a tree-sitter tree, answered the same way for
 * Python, TypeScript/JavaScript, Java and Go. Rules find anchors (calls by name), then reason about
 * the statements around them: which statement list holds a call, what runs after it, which names
 * a value flows into. Work is proportional to the neighbourhood of the anchors, not to the file.
 */
import type { Node, Tree } from 'web-tree-sitter';
import type { CodeKind } from '../parsing/fileKinds';
import { SYNTAX, type CallParts, type Syntax } from './syntax';

export interface CallSite {
  node: Node;
  /** Text of the callee (`consumer.commit`, `self._consumer.commit`, `charge_payment`). */
  callee: string;
  /** The called name: the method or function identifier (`commit`). */
  name: string;
  /** Text of the receiver of a method call (`consumer`, `self._consumer`), undefined for plain calls. */
  receiver: string | undefined;
  receiverNode: Node | null;
  /** Argument expressions in order (Python keyword arguments as `keyword_argument` nodes). */
  args: Node[];
  /** `new X()` / `new Foo<T>()` style constructor call. */
  isConstructor: boolean;
  /**
   * The caller waits for the call's result where it is written: `await` in Python and JS/TS, a
   * chained `.get()`/`.join()` in Java, any call outside a `go` statement in Go.
   */
  awaited: boolean;
}

export interface StatementRef {
  /** The statement node. */
  node: Node;
  /** The statement list that holds it. */
  list: Node;
  /** Its index among the list's statements. */
  index: number;
}

/** Index of the nested functions among a function walk's lists (see `categoriesOf`). */
const FUNCTIONS = 4;

/**
 * The type sets rules ask every scope about, each a list of a function walk: calls, assignments,
 * loops, jumps and nested functions (functions last: `FUNCTIONS` is their index).
 */
interface Categories {
  /** Each category's types, joined, → its index. */
  index: Map<string, number>;
  /** A type → the categories it belongs to. */
  byType: Map<string, number[]>;
  /** Every type of every category, once. */
  union: string[];
}

const categoriesBySyntax = new WeakMap<Syntax, Categories>();

function categoriesOf(syntax: Syntax): Categories {
  let categories = categoriesBySyntax.get(syntax);
  if (!categories) {
    const sets = [syntax.call, syntax.assignmentTypes, syntax.loop, syntax.jump, syntax.function];
    const byType = new Map<string, number[]>();
    sets.forEach((set, i) => set.forEach((type) => byType.set(type, [...(byType.get(type) ?? []), i])));
    categories = { index: new Map(sets.map((set, i) => [askedTypes(set).typeList, i])), byType, union: [...byType.keys()] };
    categoriesBySyntax.set(syntax, categories);
  }
  return categories;
}

const askedBySet = new WeakMap<ReadonlySet<string>, { wanted: string[]; typeList: string }>();

/** Types asked of a walk, once each, and their joined names (a cache key); kept per syntax set. */
function askedTypes(types: Iterable<string>): { wanted: string[]; typeList: string } {
  const kept = types instanceof Set ? askedBySet.get(types) : undefined;
  if (kept) return kept;
  const wanted = [...new Set(types)];
  const asked = { wanted, typeList: wanted.join(',') };
  if (types instanceof Set) askedBySet.set(types, asked);
  return asked;
}

/**
 * Everything here is computed lazily and cached for the life of the document version: several
 * rules ask the same questions about the same scopes, and every answer that crosses into
 * tree-sitter's WebAssembly costs far more than a map lookup.
 */
export class CodeModel {
  readonly syntax: Syntax;
  private callCache = new Map<number, LazyCallSite>();
  private callsInCache = new Map<number, CallSite[]>();
  /** `callsIn` with nested functions skipped. */
  private ownCallsCache = new Map<number, CallSite[]>();
  private identifierCache = new Map<number, Set<string>>();
  /** The outermost functions nested in a scope; null for a scope outside every function. */
  private nestedCache = new Map<number, Node[] | null>();
  private rootNode: Node | undefined;
  private assignmentCache = new Map<number, { names: string[]; value: Node | null; node: Node }[]>();
  private derivedCache = new Map<string, Set<string>>();
  private scopeWalks = new Map<string, Node[]>();
  private enclosingCache = new Map<number, Node | null>();
  private parentCache = new Map<number, Node | null>();
  private statementCache = new Map<number, Node[]>();

  constructor(
    readonly kind: CodeKind,
    readonly tree: Tree,
    readonly text: string,
  ) {
    this.syntax = SYNTAX[kind];
  }

  /** Kept: each read of `tree.rootNode` crosses into WebAssembly and makes a new node object. */
  get root(): Node {
    return (this.rootNode ??= this.tree.rootNode);
  }

  /**
   * Calls whose called name is one of `names`, anywhere in the file, in source order. Candidates are
   * located by scanning the text for the names, then confirmed on the tree, which is far cheaper
   * than visiting every node; matches inside strings and comments are discarded by the tree.
   */
  callsNamed(names: Iterable<string>): CallSite[] {
    const list = [...names];
    if (list.length === 0) return [];
    // `\b` cannot start a name that starts with a non-word character: a JavaScript `#private` method
    const start = (n: string) => (/^\w/.test(n) ? '\\b' : '(?<![\\w$])');
    const pattern = new RegExp(`(?:${list.map((n) => start(n) + escapeRegExp(n)).join('|')})\\b`, 'g');
    const out: CallSite[] = [];
    const seen = new Set<number>();
    for (const m of this.text.matchAll(pattern)) {
      const start = m.index;
      const end = start + m[0].length;
      let call = this.callOpenedAfter(start, end);
      if (call === undefined) {
        const leaf = this.root.descendantForIndex(start, end);
        if (!leaf || !this.isName(leaf)) continue;
        call = this.callWithName(leaf);
      }
      if (call && !seen.has(call.node.id)) {
        seen.add(call.node.id);
        out.push(call);
      }
    }
    return out;
  }

  /**
   * The functions and methods of the file named `name`: the name found in the text, confirmed as a
   * definition's name on the tree.
   */
  functionsNamed(name: string): Node[] {
    if (!name) return [];
    const pattern = new RegExp(`(?<![\\p{L}\\p{N}_$])${escapeRegExp(name)}(?![\\p{L}\\p{N}_$])`, 'gu');
    const out: Node[] = [];
    for (const m of this.text.matchAll(pattern)) {
      const leaf = this.root.descendantForIndex(m.index, m.index + m[0].length);
      const fn = leaf ? this.parentOf(leaf) : null;
      if (leaf && fn && this.syntax.function.has(fn.type) && fn.childForFieldName('name')?.id === leaf.id) out.push(fn);
    }
    return out;
  }

  /** Every call inside `node` (the node itself included), in source order. */
  callsIn(node: Node, options: { skipNestedFunctions?: boolean } = {}): CallSite[] {
    const cache = options.skipNestedFunctions ? this.ownCallsCache : this.callsInCache;
    const cached = cache.get(node.id);
    if (cached) return cached;
    const all = this.nodesOfTypes(node, this.syntax.call);
    const nodes = options.skipNestedFunctions ? this.outsideNestedFunctions(all, node) : all;
    const out = nodes.map((n) => this.callSite(n));
    out.sort((a, b) => a.node.startIndex - b.node.startIndex);
    cache.set(node.id, out);
    return out;
  }

  /**
   * Nodes of the given types inside `scope` (the scope itself included), in document order, cached
   * per scope and type set. Walking a tree costs per node visited (about 150 ns in tree-sitter's
   * WebAssembly, a whole 10,000-line file a good part of its parse time), so rules ask about the
   * scope they reason about — a function, a statement — never about the file when they can help it.
   */
  nodesOfTypes(scope: Node, types: Iterable<string>): Node[] {
    const { wanted, typeList } = askedTypes(types);
    const key = `${scope.id}:${typeList}`;
    let nodes = this.scopeWalks.get(key);
    if (!nodes) {
      nodes = this.findNodes(scope, wanted, typeList);
      this.scopeWalks.set(key, nodes);
    }
    return nodes;
  }

  private findNodes(scope: Node, wanted: string[], typeList: string): Node[] {
    const keyword = this.leadingKeyword(wanted);
    if (keyword && !keyword.test(this.text.slice(scope.startIndex, scope.endIndex))) return [];
    const category = categoriesOf(this.syntax).index.get(typeList);
    const home = category === undefined ? undefined : this.syntax.function.has(scope.type) ? scope : this.enclosingFunction(scope);
    if (home && category !== undefined) return this.within(this.categorised(home)[category]!, scope);
    const nodes = scope.descendantsOfType(wanted).filter(Boolean) as Node[];
    // the walk starts at the scope itself: listed once, first
    if (wanted.includes(scope.type) && nodes[0]?.id !== scope.id) nodes.unshift(scope);
    return nodes;
  }

  private categoryLists = new Map<number, Node[][]>();

  /**
   * A function's calls, assignments, loops, jumps and nested functions from one walk (a walk costs
   * about the same whatever it collects, and rules ask a function and the blocks inside it for all
   * of them); the blocks' answers are cut from the function's by offsets.
   */
  private categorised(fn: Node): Node[][] {
    let lists = this.categoryLists.get(fn.id);
    if (!lists) {
      const { index, byType, union } = categoriesOf(this.syntax);
      const found: Node[][] = (lists = [...index.values()].map(() => []));
      // the walk lists the function itself too when it is of a wanted type
      for (const node of fn.descendantsOfType(union)) {
        if (node) for (const i of byType.get(node.type) ?? []) found[i]!.push(node);
      }
      this.categoryLists.set(fn.id, lists);
    }
    return lists;
  }

  /** The nodes of `sorted` (document order) inside `scope`, the scope itself included. */
  private within(sorted: Node[], scope: Node): Node[] {
    // the same text as the scope: a descendant (or the scope) counts, an ancestor does not
    return inside(sorted, scope, (n) => n).filter(
      (n) => n.id === scope.id || n.startIndex !== scope.startIndex || n.endIndex !== scope.endIndex || !this.isAncestor(n, scope),
    );
  }

  private isAncestor(node: Node, of: Node): boolean {
    for (let p = this.parentOf(of); p && p.startIndex === of.startIndex && p.endIndex === of.endIndex; p = this.parentOf(p)) {
      if (p.id === node.id) return true;
    }
    return false;
  }

  /**
   * Loops and jumps start with a keyword: a scope whose text has none of them has no such node, and
   * a text test is far cheaper than a walk (a function without a loop is common).
   */
  private leadingKeyword(types: readonly string[]): RegExp | undefined {
    const sameAs = (set: ReadonlySet<string>) => types.length === set.size && types.every((t) => set.has(t));
    if (sameAs(this.syntax.loop)) return this.syntax.loopKeyword;
    if (sameAs(this.syntax.jump)) return this.syntax.jumpKeyword;
    return undefined;
  }

  /**
   * The common case of `callWithName` in one lookup: the name is followed by the call's `(`, so the
   * smallest node holding both is the call, and its name field is the name's own leaf. Undefined
   * (not decided) otherwise; climbing from the name instead reads a parent per level, and tree-sitter
   * finds each parent by descending from the root.
   */
  private callOpenedAfter(start: number, end: number): CallSite | undefined {
    let paren = end;
    while (paren < this.text.length && (this.text[paren] === ' ' || this.text[paren] === '\t')) paren++;
    if (this.text[paren] !== '(') return undefined;
    const node = this.root.descendantForIndex(start, paren + 1);
    if (!node || !this.syntax.call.has(node.type)) return undefined;
    const site = this.lazyCallSite(node);
    const name = site.nameNode;
    if (!name || name.startIndex !== start || name.endIndex !== end || name.childCount !== 0) return undefined;
    return this.isName(name) ? site : undefined;
  }

  /** A name a call can be called by: the grammar's identifiers and its other `…identifier` tokens. */
  private isName(node: Node): boolean {
    return this.syntax.identifier.has(node.type) || /identifier$/.test(node.type);
  }

  /** The call node whose called name is `nameNode`, if it is one. */
  private callWithName(nameNode: Node): CallSite | undefined {
    // Walk up through the callee expression (member/attribute/selector/type) to the call.
    let node: Node | null = nameNode;
    for (let depth = 0; node && depth < 4; depth++) {
      const parent: Node | null = this.parentOf(node);
      if (!parent) return undefined;
      if (this.syntax.call.has(parent.type)) {
        const site = this.lazyCallSite(parent);
        const nameField = site.nameNode;
        if (nameField && sameNode(nameField, nameNode)) return site;
        if (parent.type === 'object_creation_expression' && nameField && contains(nameField, nameNode)) return site;
        return undefined;
      }
      node = parent;
    }
    return undefined;
  }

  callSite(node: Node): CallSite {
    return this.lazyCallSite(node);
  }

  private lazyCallSite(node: Node): LazyCallSite {
    let site = this.callCache.get(node.id);
    if (!site) {
      site = new LazyCallSite(this, node);
      this.callCache.set(node.id, site);
    }
    return site;
  }

  /** `consumer.commit`: Java's method_invocation has no callee node, so cut it from the text. */
  calleeText(node: Node, callee: Node | null, name: Node | null): string {
    if (this.kind === 'java' && node.type === 'method_invocation' && name) {
      return this.text.slice(node.startIndex, name.endIndex).replace(/\s+/g, '');
    }
    return callee?.text ?? '';
  }

  isAwaited(node: Node): boolean {
    let parent = this.parentOf(node);
    while (parent && parent.type === 'parenthesized_expression') parent = this.parentOf(parent);
    if (!parent) return false;
    if (this.syntax.await.has(parent.type)) return true;
    if (this.kind === 'java') {
      if (parent.type === 'method_invocation' && sameNode(parent.childForFieldName('object'), node)) {
        const name = parent.childForFieldName('name')?.text;
        return name === 'get' || name === 'join';
      }
      return false;
    }
    if (this.kind === 'go') return parent.type !== 'go_statement';
    return false;
  }

  /** The statement that contains `node`, with the list it sits in. */
  statementOf(node: Node): StatementRef | undefined {
    let current: Node | null = node;
    while (current) {
      const parent: Node | null = this.parentOf(current);
      if (!parent) return undefined;
      if (this.syntax.statementList.has(parent.type)) {
        const statements = this.statements(parent);
        const index = statements.findIndex((s) => sameNode(s, current));
        if (index < 0) return undefined;
        return { node: current, list: parent, index };
      }
      if (this.syntax.function.has(parent.type)) return undefined;
      current = parent;
    }
    return undefined;
  }

  /** The statements of a statement list, comments excluded. */
  statements(list: Node): Node[] {
    let statements = this.statementCache.get(list.id);
    if (!statements) {
      statements = list.namedChildren.filter((c) => c && !this.syntax.comment.has(c.type)) as Node[];
      this.statementCache.set(list.id, statements);
    }
    return statements;
  }

  /** Statements after `ref` in its list. */
  following(ref: StatementRef): Node[] {
    return this.statements(ref.list).slice(ref.index + 1);
  }

  /**
   * Statements after `ref` in its list that can run after it: up to and including the first jump
   * (`return`, `continue`, `raise`, …), which is returned too; what follows a jump never runs.
   */
  followingUntilJump(ref: StatementRef): { later: Node[]; jump: Node | undefined } {
    const all = this.following(ref);
    const jumpAt = all.findIndex((s) => this.syntax.jump.has(s.type));
    return jumpAt < 0 ? { later: all, jump: undefined } : { later: all.slice(0, jumpAt + 1), jump: all[jumpAt] };
  }

  /** Statements before `ref` in its list. */
  preceding(ref: StatementRef): Node[] {
    return this.statements(ref.list).slice(0, ref.index);
  }

  /**
   * The function around `node`. Every node passed on the way up shares the answer and keeps it:
   * the next climb from the same statement stops where this one passed (each new parent is a
   * descent from the root in tree-sitter).
   */
  enclosingFunction(node: Node): Node | undefined {
    const passed: number[] = [];
    let found: Node | null = null;
    for (let current: Node | null = node; ; ) {
      const cached = this.enclosingCache.get(current.id);
      if (cached !== undefined) {
        found = cached;
        break;
      }
      passed.push(current.id);
      const parent = this.parentOf(current);
      if (!parent) break;
      if (this.syntax.function.has(parent.type)) {
        found = parent;
        break;
      }
      current = parent;
    }
    for (const id of passed) this.enclosingCache.set(id, found);
    return found ?? undefined;
  }

  /** The nearest loop around `node` inside its function. */
  enclosingLoop(node: Node): Node | undefined {
    return this.ancestor(node, (n) => this.syntax.loop.has(n.type), (n) => this.syntax.function.has(n.type));
  }

  /**
   * A node's parent, cached: rules climb from many anchors through the same statements and
   * functions, and each step up otherwise crosses into WebAssembly again.
   */
  parentOf(node: Node): Node | null {
    let parent = this.parentCache.get(node.id);
    if (parent === undefined) {
      parent = node.parent;
      this.parentCache.set(node.id, parent);
    }
    return parent;
  }

  /** Nearest ancestor matching `test`, stopping (exclusive) at one matching `stop`. */
  ancestor(node: Node, test: (n: Node) => boolean, stop?: (n: Node) => boolean): Node | undefined {
    let current = this.parentOf(node);
    while (current) {
      if (test(current)) return current;
      if (stop?.(current)) return undefined;
      current = this.parentOf(current);
    }
    return undefined;
  }

  /** True when `node` lies in a function nested inside `scope` (its body runs at another time). */
  insideNestedFunction(node: Node, scope: Node): boolean {
    const nested = this.nestedFunctions(scope);
    if (!nested) return this.climbsIntoFunction(node, scope);
    // the outermost nested functions do not overlap: only the last one starting at or before `node` can hold it
    let low = 0;
    let high = nested.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (nested[mid]!.startIndex <= node.startIndex) low = mid + 1;
      else high = mid;
    }
    return (low > 0 && this.holds(nested[low - 1]!, node)) || (low < nested.length && this.holds(nested[low]!, node));
  }

  /**
   * `nodes` (in document order, inside `scope`) without those in a function nested inside `scope`.
   * Decided by offsets against the nested functions of the scope's function walk: climbing from
   * every node instead asks tree-sitter for parents, and each parent is a descent from the root.
   */
  private outsideNestedFunctions(nodes: Node[], scope: Node): Node[] {
    const nested = this.nestedFunctions(scope);
    if (!nested) return nodes.filter((n) => !this.climbsIntoFunction(n, scope));
    if (nested.length === 0) return nodes;
    let i = 0;
    return nodes.filter((n) => {
      while (i < nested.length && nested[i]!.endIndex < n.startIndex) i++;
      return !((i < nested.length && this.holds(nested[i]!, n)) || (i + 1 < nested.length && this.holds(nested[i + 1]!, n)));
    });
  }

  /**
   * The outermost functions nested inside `scope`, in document order, cut from its function's walk;
   * undefined when `scope` lies outside every function (no walk to cut from, and walking a whole
   * module for them would cost more than the climbs it saves).
   */
  private nestedFunctions(scope: Node): Node[] | undefined {
    const known = this.nestedCache.get(scope.id);
    if (known !== undefined) return known ?? undefined;
    const home = this.syntax.function.has(scope.type) ? scope : this.enclosingFunction(scope);
    let outermost: Node[] | null = null;
    if (home) {
      outermost = [];
      for (const fn of this.within(this.categorised(home)[FUNCTIONS]!, scope)) {
        if (fn.id === scope.id) continue;
        const last = outermost[outermost.length - 1];
        if (last && last.startIndex <= fn.startIndex && fn.endIndex <= last.endIndex) continue;
        outermost.push(fn);
      }
    }
    this.nestedCache.set(scope.id, outermost);
    return outermost ?? undefined;
  }

  /** `fn` is a proper ancestor of `node` (by offsets; by the tree only where the two cover the same text). */
  private holds(fn: Node, node: Node): boolean {
    if (fn.id === node.id || fn.startIndex > node.startIndex || node.endIndex > fn.endIndex) return false;
    return fn.startIndex !== node.startIndex || fn.endIndex !== node.endIndex || this.isAncestor(fn, node);
  }

  /** `insideNestedFunction` by climbing from `node`, for scopes outside any function. */
  private climbsIntoFunction(node: Node, scope: Node): boolean {
    for (let current = this.parentOf(node); current && current.id !== scope.id; current = this.parentOf(current)) {
      if (this.syntax.function.has(current.type)) return true;
      if (current.startIndex < scope.startIndex) return false;
    }
    return false;
  }

  /** Names read or written anywhere inside `node`. The returned set is shared: do not modify it. */
  identifiers(node: Node): ReadonlySet<string> {
    let out = this.identifierCache.get(node.id);
    if (out) return out;
    out = new Set<string>();
    if (this.syntax.identifier.has(node.type)) out.add(node.text);
    for (const id of node.descendantsOfType([...this.syntax.identifier])) if (id) out.add(id.text);
    this.identifierCache.set(node.id, out);
    return out;
  }

  /**
   * True when `node` mentions any of `names` as an identifier. The text is searched for each name
   * and a hit is confirmed on the tree (so words in strings and comments do not count), which is
   * far cheaper than listing every identifier of the node.
   */
  mentions(node: Node | null, names: ReadonlySet<string>): boolean {
    if (!node || names.size === 0) return false;
    const start = node.startIndex;
    const end = node.endIndex;
    for (const name of names) {
      if (!name) continue;
      for (let at = this.text.indexOf(name, start); at >= 0 && at + name.length <= end; at = this.text.indexOf(name, at + 1)) {
        if (isWordChar(this.text.charCodeAt(at - 1)) || isWordChar(this.text.charCodeAt(at + name.length))) continue;
        const leaf = node.descendantForIndex(at, at + name.length);
        if (leaf && leaf.startIndex === at && leaf.endIndex === at + name.length && this.syntax.identifier.has(leaf.type)) return true;
      }
    }
    return false;
  }

  /** Assignments and declarations inside `scope`, in source order, nested functions excluded. */
  assignmentsIn(scope: Node): { names: string[]; value: Node | null; node: Node }[] {
    const cached = this.assignmentCache.get(scope.id);
    if (cached) return cached;
    const out: { names: string[]; value: Node | null; node: Node }[] = [];
    const nodes = this.outsideNestedFunctions(this.nodesOfTypes(scope, this.syntax.assignmentTypes), scope);
    for (const node of nodes) {
      for (const a of this.syntax.assignment(node)) {
        out.push({ names: a.names.map((n) => n.text), value: a.value, node });
      }
    }
    out.sort((a, b) => a.node.startIndex - b.node.startIndex);
    this.assignmentCache.set(scope.id, out);
    return out;
  }

  /**
   * Names whose values derive from `seeds` inside `scope`: assigned from an expression that mentions
   * a derived name, or bound by a loop over one. Flow-insensitive and bounded, which is what the
   * order-of-effects rules need to tell "the message" from everything else.
   */
  derivedNames(scope: Node, seeds: Iterable<string>): Set<string> {
    const seedList = [...seeds];
    const key = `${scope.id}:${[...new Set(seedList)].sort().join(',')}`;
    const cached = this.derivedCache.get(key);
    if (cached) return new Set(cached);
    const derived = new Set(seedList);
    const assignments = this.assignmentsIn(scope);
    const loops = this.nodesOfTypes(scope, this.syntax.loop)
      .map((l) => this.syntax.loopBinding(l))
      .filter((b): b is NonNullable<typeof b> => b !== undefined);
    for (let round = 0; round < 8; round++) {
      let grew = false;
      for (const a of assignments) {
        if (a.value && this.mentions(a.value, derived)) {
          for (const n of a.names) {
            if (derived.has(n)) continue;
            derived.add(n);
            grew = true;
          }
        }
      }
      for (const l of loops) {
        if (l.iterable && this.mentions(l.iterable, derived)) {
          for (const n of l.names) {
            if (derived.has(n.text)) continue;
            derived.add(n.text);
            grew = true;
          }
        }
      }
      if (!grew) break;
    }
    this.derivedCache.set(key, derived);
    return new Set(derived);
  }

  /** Jump statements (return, raise/throw, break, continue) inside `node`, nested functions excluded. */
  jumpsIn(node: Node): Node[] {
    return this.outsideNestedFunctions(this.nodesOfTypes(node, this.syntax.jump), node);
  }

  /** Comment nodes of the whole file. */
  comments(): Node[] {
    return this.root.descendantsOfType([...this.syntax.comment]).filter(Boolean) as Node[];
  }
}

/**
 * A call, read lazily: most calls are looked at only for their name, and the other parts (callee
 * text, arguments, whether it is awaited) each cost trips into WebAssembly. A class rather than an
 * object of closures, because a file's calls are many and each closure is garbage to collect.
 */
class LazyCallSite implements CallSite {
  readonly name: string;
  /** The node of the called name (the code model matches names to calls by it). */
  readonly nameNode: Node | null;
  readonly isConstructor: boolean;
  private readonly parts: CallParts;
  private calleeRead: string | undefined;
  private receiverRead: string | null | undefined;
  private argsRead: Node[] | undefined;
  private awaitedRead: boolean | undefined;

  constructor(
    private readonly model: CodeModel,
    readonly node: Node,
  ) {
    this.parts = model.syntax.callParts(node);
    this.name = this.parts.name ? baseName(this.parts.name.text) : '';
    this.nameNode = this.parts.name;
    this.isConstructor = model.syntax.constructorCall.has(node.type);
  }

  get receiverNode(): Node | null {
    return this.parts.receiver;
  }

  get callee(): string {
    return (this.calleeRead ??= this.model.calleeText(this.node, this.parts.callee, this.parts.name));
  }

  get receiver(): string | undefined {
    if (this.receiverRead === undefined) this.receiverRead = this.parts.receiver?.text ?? null;
    return this.receiverRead ?? undefined;
  }

  get args(): Node[] {
    return (this.argsRead ??= this.parts.arguments
      ? (this.parts.arguments.namedChildren.filter((c) => c && !this.model.syntax.comment.has(c.type)) as Node[])
      : []);
  }

  get awaited(): boolean {
    return (this.awaitedRead ??= this.model.isAwaited(this.node));
  }
}

/**
 * The items of `sorted` (in source order of their nodes) whose node lies inside `scope`'s text:
 * found by halving, since a file holds hundreds of calls and each function or block asks for its own.
 */
function inside<T>(sorted: readonly T[], scope: Node, nodeOf: (item: T) => Node): T[] {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (nodeOf(sorted[mid]!).startIndex < scope.startIndex) lo = mid + 1;
    else hi = mid;
  }
  const { startIndex: start, endIndex: end } = scope;
  const out: T[] = [];
  for (let i = lo; i < sorted.length; i++) {
    const n = nodeOf(sorted[i]!);
    // past the scope: a node starting where it ends lies outside it, unless the scope is empty
    if (n.startIndex > end || (n.startIndex === end && end > start)) break;
    // a node starting after the scope starts is inside it (nodes nest); only one starting with it
    // may be an ancestor, and only that one needs its end (each end read crosses into WebAssembly)
    if (n.startIndex > start || n.endIndex <= end) out.push(sorted[i]!);
  }
  return out;
}

/** The calls of `sorted` (in source order) inside `scope`. */
export function callsWithin(sorted: readonly CallSite[], scope: Node): CallSite[] {
  return inside(sorted, scope, (c) => c.node);
}

/** Letters, digits, `_` and `$`: characters that continue an identifier. */
function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36 || c > 127;
}

export function sameNode(a: Node | null | undefined, b: Node | null | undefined): boolean {
  return !!a && !!b && a.id === b.id;
}

function contains(outer: Node, inner: Node): boolean {
  return outer.startIndex <= inner.startIndex && inner.endIndex <= outer.endIndex;
}

/** `Foo<T>` → `Foo`, `pkg.Foo` → `Foo`. */
function baseName(text: string): string {
  const noGenerics = text.replace(/<.*$/s, '');
  const parts = noGenerics.split('.');
  return parts[parts.length - 1]!.trim();
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
