/**
 * Just enough control flow to order two effects in one function: the statement lists that hold
 * them, whether they sit in branches that exclude each other, and whether the earlier one can fall
 * through to the later one (no `return`/`raise` after it on its way out of its block).
 */
import type { Node } from 'web-tree-sitter';
import type { CodeModel } from '../../code/codeModel';

export interface ChainLink {
  stmt: Node;
  list: Node;
}

/** The statements containing `node`, innermost first, up to (not including) `host`. */
export function statementChain(code: CodeModel, node: Node, host: Node | undefined): ChainLink[] {
  const out: ChainLink[] = [];
  let current: Node | null = node;
  while (current && current.id !== host?.id) {
    // the model keeps parents by node: the same chains are climbed for every pair of calls
    const parent: Node | null = code.parentOf(current);
    if (!parent) break;
    if (code.syntax.statementList.has(parent.type) && !code.syntax.comment.has(current.type)) out.push({ stmt: current, list: parent });
    current = parent;
  }
  return out;
}

export interface CommonList {
  list: Node;
  /** The statement of `list` that contains `a`. */
  a: Node;
  /** The statement of `list` that contains `b`. */
  b: Node;
}

/** The innermost statement list holding both nodes, with the statements of it that contain each. */
export function commonList(code: CodeModel, a: Node, b: Node, host: Node | undefined): CommonList | undefined {
  const ca = statementChain(code, a, host);
  const cb = statementChain(code, b, host);
  for (const link of ca) {
    const other = cb.find((l) => l.list.id === link.list.id);
    if (other) return { list: link.list, a: link.stmt, b: other.stmt };
  }
  return undefined;
}

const BRANCH_FIELDS = new Set(['consequence', 'alternative', 'body']);
const BRANCH_TYPES = new Set(['elif_clause', 'else_clause', 'except_clause', 'except_group_clause', 'catch_clause', 'switch_case', 'switch_default', 'expression_case', 'default_case', 'type_case', 'switch_block_statement_group', 'switch_rule', 'case_clause']);
const CHOICE_STATEMENTS = /^(if_statement|switch_statement|expression_switch_statement|type_switch_statement|switch_expression|match_statement|try_statement|try_with_resources_statement)$/;

/** True when `a` and `b` sit in different branches of one `if`/`switch`/`try`, so at most one of them runs. */
export function exclusive(code: CodeModel, a: Node, b: Node, host: Node | undefined): boolean {
  const common = commonList(code, a, b, host);
  if (!common || common.a.id !== common.b.id) return false;
  const stmt = common.a;
  if (!CHOICE_STATEMENTS.test(stmt.type)) return false;
  const branchA = branchOf(stmt, a);
  const branchB = branchOf(stmt, b);
  if (!branchA || !branchB || branchA.id === branchB.id) return false;
  if (/try/.test(stmt.type)) {
    // try body and finally both run; body and a handler exclude each other only on the failure path
    return branchA.type !== 'finally_clause' && branchB.type !== 'finally_clause';
  }
  return true;
}

/** The direct child of `stmt` (a branch, a clause, a body) that contains `node`, when it is a branch. */
function branchOf(stmt: Node, node: Node): Node | undefined {
  for (let i = 0; i < stmt.childCount; i++) {
    const child = stmt.child(i);
    if (!child || child.startIndex > node.startIndex || child.endIndex < node.endIndex) continue;
    const field = stmt.fieldNameForChild(i);
    if ((field && BRANCH_FIELDS.has(field)) || BRANCH_TYPES.has(child.type) || child.type === 'finally_clause') return child;
    if (child.type === 'switch_body' || child.type === 'switch_block' || child.type === 'block' || child.type === 'case_block') {
      return branchOf(child, node) ?? child;
    }
    return undefined;
  }
  return undefined;
}

/**
 * True when control can flow from `from` to the later `to`: no `return`/`raise`/`throw` (nor a
 * `break`/`continue` that leaves the shared block) follows `from` in the blocks it must leave.
 */
export function fallsThrough(code: CodeModel, from: Node, to: Node, host: Node | undefined): boolean {
  const common = commonList(code, from, to, host);
  if (!common) return true;
  for (const link of statementChain(code, from, host)) {
    if (link.list.id === common.list.id) break;
    const statements = code.statements(link.list);
    const index = statements.findIndex((s) => s.id === link.stmt.id);
    for (const later of statements.slice(index + 1)) {
      if (!code.syntax.jump.has(later.type)) continue;
      if (!/break|continue/.test(later.type)) return false;
      const loop = code.enclosingLoop(later);
      if (!loop || !(loop.startIndex >= common.a.startIndex && loop.endIndex <= common.a.endIndex)) return false;
    }
  }
  return true;
}

/**
 * Names a statement assigns that are still visible after it: in block-scoped languages, names
 * declared inside nested blocks or in an `if`/`for` initializer (Go) stay inside the statement.
 */
export function assignedNames(code: CodeModel, stmt: Node): Set<string> {
  const out = new Set<string>();
  const nodes = [stmt, ...(stmt.descendantsOfType([...code.syntax.assignmentTypes]).filter(Boolean) as Node[])];
  for (const n of nodes) {
    if (!code.syntax.assignmentTypes.includes(n.type)) continue;
    if (code.insideNestedFunction(n, stmt)) continue;
    if (code.kind !== 'python' && scopedInside(code, n, stmt)) continue;
    // `row.sent = True` assigns a field of an existing object, not a name
    const target = n.childForFieldName('left') ?? n.childForFieldName('name');
    if (target && /attribute|member_expression|subscript|field_access|selector_expression|index_expression/.test(target.type)) continue;
    for (const a of code.syntax.assignment(n)) a.names.forEach((x) => x.text !== '_' && out.add(x.text));
  }
  return out;
}

/** A declaration inside a nested block of `stmt`, or in a Go `if`/`for`/`switch` initializer. */
function scopedInside(code: CodeModel, node: Node, stmt: Node): boolean {
  for (let current = code.parentOf(node); current && current.id !== code.parentOf(stmt)?.id; current = code.parentOf(current)) {
    if (current.id !== stmt.id && code.syntax.statementList.has(current.type)) return true;
    if (code.kind === 'go' && /^(if_statement|for_statement|expression_switch_statement|type_switch_statement|for_clause)$/.test(current.type) && node.type === 'short_var_declaration') return true;
    if (current.id === stmt.id) break;
  }
  return false;
}
