/**
 * What the grammars call things. Each code kind maps the shared vocabulary of the code model
 * (call, statement list, function, loop, jump, assignment) onto its tree-sitter node types, so the
 * model and the rules above it never mention a grammar's node names.
 */
import type { Node } from 'web-tree-sitter';
import type { CodeKind } from '../parsing/fileKinds';

/**
 * The parts of a call. The callee and the called name are read at once (every question about a call
 * starts with its name); the receiver and the argument list only when asked, since each read is a
 * trip into WebAssembly and most calls a rule looks at are dismissed by their name alone.
 */
export class CallParts {
  private receiverRead: Node | null | undefined;
  private argumentsRead: Node | null | undefined;

  constructor(
    private readonly call: Node,
    /** The whole callee expression (`consumer.commit`, `charge`). */
    readonly callee: Node | null,
    /** The called name (`commit`, `charge`). */
    readonly name: Node | null,
    /** The node whose `receiverField` holds the receiver; null when the call has none. */
    private readonly receiverHolder: Node | null = null,
    private readonly receiverField = 'object',
  ) {}

  /** The object a method is called on (`consumer` in `consumer.commit()`), if any. */
  get receiver(): Node | null {
    if (this.receiverRead === undefined) this.receiverRead = this.receiverHolder ? field(this.receiverHolder, this.receiverField) : null;
    return this.receiverRead;
  }

  /** The argument list node. */
  get arguments(): Node | null {
    if (this.argumentsRead === undefined) this.argumentsRead = field(this.call, 'arguments');
    return this.argumentsRead;
  }
}

export interface Syntax {
  /** Call-like nodes: function and method calls, and constructor calls. */
  call: ReadonlySet<string>;
  /** Constructor calls (`new X()`), a subset of `call`. */
  constructorCall: ReadonlySet<string>;
  /** Nodes whose named children are statements executed in order. */
  statementList: ReadonlySet<string>;
  /** Function-like nodes: their bodies run later, not where they are written. */
  function: ReadonlySet<string>;
  loop: ReadonlySet<string>;
  /** The keywords every `loop` node starts with (or, for `async for`, contains): text without them has no loop. */
  loopKeyword: RegExp;
  /** Statements that leave the normal flow: return, raise/throw, break, continue. */
  jump: ReadonlySet<string>;
  /** The keywords every `jump` node starts with. */
  jumpKeyword: RegExp;
  comment: ReadonlySet<string>;
  identifier: ReadonlySet<string>;
  /** The await wrapper, if the language has one. */
  await: ReadonlySet<string>;
  callParts(node: Node): CallParts;
  /** `[names, value]` pairs defined by an assignment or declaration node, or [] when it is none. */
  assignment(node: Node): { names: Node[]; value: Node | null }[];
  /** Node types that `assignment` understands, for queries. */
  assignmentTypes: readonly string[];
  /** The variables a loop binds per iteration and what it iterates over, for `for x in xs` style loops. */
  loopBinding(node: Node): { names: Node[]; iterable: Node | null } | undefined;
  /** Parameter name nodes of a function-like node (destructured names included). */
  parameters(node: Node): Node[];
  /** The statements run when the node is a `try`: body, handlers and finally, each a statement list. */
  tryParts(node: Node): { body: Node | null; handlers: Node[]; finally: Node | null } | undefined;
}

function field(node: Node, name: string): Node | null {
  return node.childForFieldName(name);
}

function namedChildren(node: Node | null): Node[] {
  return node ? (node.namedChildren.filter(Boolean) as Node[]) : [];
}

/** Identifier-like leaves under a pattern (tuple targets, destructuring, declarator lists). */
function patternNames(node: Node | null, identifierTypes: readonly string[]): Node[] {
  if (!node) return [];
  if (identifierTypes.includes(node.type)) return [node];
  return node.descendantsOfType(identifierTypes as string[]).filter(Boolean) as Node[];
}

const python: Syntax = {
  call: new Set(['call']),
  constructorCall: new Set(),
  statementList: new Set(['module', 'block']),
  function: new Set(['function_definition', 'lambda']),
  loop: new Set(['for_statement', 'while_statement']),
  loopKeyword: /\b(for|while)\b/,
  jump: new Set(['return_statement', 'raise_statement', 'break_statement', 'continue_statement']),
  jumpKeyword: /\b(return|raise|break|continue)\b/,
  comment: new Set(['comment']),
  identifier: new Set(['identifier']),
  await: new Set(['await']),
  callParts(node) {
    const callee = field(node, 'function');
    const isAttr = callee?.type === 'attribute';
    if (isAttr) return new CallParts(node, callee, field(callee, 'attribute'), callee);
    return new CallParts(node, callee, callee?.type === 'identifier' ? callee : null);
  },
  assignmentTypes: ['assignment', 'augmented_assignment', 'named_expression'],
  assignment(node) {
    if (node.type === 'assignment' || node.type === 'augmented_assignment') {
      return [{ names: patternNames(field(node, 'left'), ['identifier']), value: field(node, 'right') }];
    }
    if (node.type === 'named_expression') {
      return [{ names: patternNames(field(node, 'name'), ['identifier']), value: field(node, 'value') }];
    }
    return [];
  },
  loopBinding(node) {
    if (node.type !== 'for_statement') return undefined;
    return { names: patternNames(field(node, 'left'), ['identifier']), iterable: field(node, 'right') };
  },
  parameters(node) {
    const params = field(node, 'parameters');
    if (!params) return [];
    const out: Node[] = [];
    for (const p of namedChildren(params)) {
      if (p.type === 'identifier') out.push(p);
      else {
        const name = field(p, 'name') ?? p.namedChildren.find((c) => c?.type === 'identifier') ?? null;
        if (name?.type === 'identifier') out.push(name);
      }
    }
    return out.filter((n) => n.text !== 'self' && n.text !== 'cls');
  },
  tryParts(node) {
    if (node.type !== 'try_statement') return undefined;
    const handlers: Node[] = [];
    let fin: Node | null = null;
    for (const c of namedChildren(node)) {
      if (c.type === 'except_clause' || c.type === 'except_group_clause') {
        const block = c.namedChildren.find((x) => x?.type === 'block');
        if (block) handlers.push(block);
      } else if (c.type === 'finally_clause') {
        fin = c.namedChildren.find((x) => x?.type === 'block') ?? null;
      }
    }
    return { body: field(node, 'body'), handlers, finally: fin };
  },
};

const ecmaIdentifiers = ['identifier', 'shorthand_property_identifier_pattern'];

const ecmascript: Syntax = {
  call: new Set(['call_expression', 'new_expression']),
  constructorCall: new Set(['new_expression']),
  statementList: new Set(['program', 'statement_block', 'switch_case', 'switch_default', 'class_static_block']),
  function: new Set([
    'function_declaration',
    'function_expression',
    'function',
    'arrow_function',
    'method_definition',
    'generator_function_declaration',
    'generator_function',
  ]),
  loop: new Set(['for_statement', 'for_in_statement', 'while_statement', 'do_statement']),
  loopKeyword: /\b(for|while|do)\b/,
  jump: new Set(['return_statement', 'throw_statement', 'break_statement', 'continue_statement']),
  jumpKeyword: /\b(return|throw|break|continue)\b/,
  comment: new Set(['comment']),
  identifier: new Set(['identifier', 'shorthand_property_identifier', 'shorthand_property_identifier_pattern']),
  await: new Set(['await_expression']),
  callParts(node) {
    const callee = field(node, node.type === 'new_expression' ? 'constructor' : 'function');
    const isMember = callee?.type === 'member_expression';
    if (isMember) return new CallParts(node, callee, field(callee, 'property'), callee);
    return new CallParts(node, callee, callee?.type === 'identifier' ? callee : null);
  },
  assignmentTypes: ['variable_declarator', 'assignment_expression', 'augmented_assignment_expression'],
  assignment(node) {
    if (node.type === 'variable_declarator') {
      return [{ names: patternNames(field(node, 'name'), ecmaIdentifiers), value: field(node, 'value') }];
    }
    if (node.type === 'assignment_expression' || node.type === 'augmented_assignment_expression') {
      return [{ names: patternNames(field(node, 'left'), ecmaIdentifiers), value: field(node, 'right') }];
    }
    return [];
  },
  loopBinding(node) {
    if (node.type !== 'for_in_statement') return undefined;
    return { names: patternNames(field(node, 'left'), ecmaIdentifiers), iterable: field(node, 'right') };
  },
  parameters(node) {
    const params = field(node, 'parameters') ?? field(node, 'parameter');
    if (!params) return [];
    if (params.type === 'identifier') return [params];
    return patternNames(params, ecmaIdentifiers).filter((n) => {
      // skip type annotations and default values: only names in binding position
      const parent = n.parent;
      return !(parent && (parent.type === 'type_annotation' || parent.type.endsWith('_type')));
    });
  },
  tryParts(node) {
    if (node.type !== 'try_statement') return undefined;
    const handler = field(node, 'handler');
    const finalizer = field(node, 'finalizer');
    return {
      body: field(node, 'body'),
      handlers: handler ? [field(handler, 'body')].filter(Boolean) as Node[] : [],
      finally: finalizer ? field(finalizer, 'body') : null,
    };
  },
};

const java: Syntax = {
  call: new Set(['method_invocation', 'object_creation_expression']),
  constructorCall: new Set(['object_creation_expression']),
  statementList: new Set(['program', 'block', 'constructor_body', 'switch_block_statement_group', 'switch_rule']),
  function: new Set(['method_declaration', 'constructor_declaration', 'lambda_expression']),
  loop: new Set(['for_statement', 'enhanced_for_statement', 'while_statement', 'do_statement']),
  loopKeyword: /\b(for|while|do)\b/,
  jump: new Set(['return_statement', 'throw_statement', 'break_statement', 'continue_statement', 'yield_statement']),
  jumpKeyword: /\b(return|throw|break|continue|yield)\b/,
  comment: new Set(['line_comment', 'block_comment']),
  identifier: new Set(['identifier']),
  await: new Set(),
  callParts(node) {
    if (node.type === 'object_creation_expression') {
      const type = field(node, 'type');
      return new CallParts(node, type, type);
    }
    return new CallParts(node, node, field(node, 'name'), node);
  },
  assignmentTypes: ['variable_declarator', 'assignment_expression'],
  assignment(node) {
    if (node.type === 'variable_declarator') {
      return [{ names: patternNames(field(node, 'name'), ['identifier']), value: field(node, 'value') }];
    }
    if (node.type === 'assignment_expression') {
      return [{ names: patternNames(field(node, 'left'), ['identifier']), value: field(node, 'right') }];
    }
    return [];
  },
  loopBinding(node) {
    if (node.type !== 'enhanced_for_statement') return undefined;
    const name = field(node, 'name');
    return { names: name ? [name] : [], iterable: field(node, 'value') };
  },
  parameters(node) {
    if (node.type === 'lambda_expression') {
      const params = field(node, 'parameters');
      if (!params) return [];
      if (params.type === 'identifier') return [params];
      return namedChildren(params).flatMap((p) =>
        p.type === 'identifier' ? [p] : [field(p, 'name')].filter(Boolean) as Node[],
      );
    }
    const params = field(node, 'parameters');
    return namedChildren(params).flatMap((p) => [field(p, 'name')].filter(Boolean) as Node[]);
  },
  tryParts(node) {
    if (node.type !== 'try_statement' && node.type !== 'try_with_resources_statement') return undefined;
    const handlers: Node[] = [];
    let fin: Node | null = null;
    for (const c of namedChildren(node)) {
      if (c.type === 'catch_clause') {
        const body = field(c, 'body');
        if (body) handlers.push(body);
      } else if (c.type === 'finally_clause') {
        fin = c.namedChildren.find((x) => x?.type === 'block') ?? null;
      }
    }
    return { body: field(node, 'body'), handlers, finally: fin };
  },
};

const go: Syntax = {
  call: new Set(['call_expression']),
  constructorCall: new Set(),
  statementList: new Set(['source_file', 'statement_list']),
  function: new Set(['function_declaration', 'method_declaration', 'func_literal']),
  loop: new Set(['for_statement']),
  loopKeyword: /\bfor\b/,
  jump: new Set(['return_statement', 'break_statement', 'continue_statement', 'goto_statement']),
  jumpKeyword: /\b(return|break|continue|goto)\b/,
  comment: new Set(['comment']),
  identifier: new Set(['identifier']),
  await: new Set(),
  callParts(node) {
    const callee = field(node, 'function');
    const isSelector = callee?.type === 'selector_expression';
    if (isSelector) return new CallParts(node, callee, field(callee, 'field'), callee, 'operand');
    return new CallParts(node, callee, callee?.type === 'identifier' ? callee : null);
  },
  assignmentTypes: ['short_var_declaration', 'assignment_statement', 'var_spec'],
  assignment(node) {
    if (node.type === 'short_var_declaration' || node.type === 'assignment_statement') {
      return [{ names: patternNames(field(node, 'left'), ['identifier']), value: field(node, 'right') }];
    }
    if (node.type === 'var_spec') {
      const names = node.childrenForFieldName('name').filter(Boolean) as Node[];
      return [{ names, value: field(node, 'value') }];
    }
    return [];
  },
  loopBinding(node) {
    if (node.type !== 'for_statement') return undefined;
    const range = node.namedChildren.find((c) => c?.type === 'range_clause');
    if (!range) return undefined;
    return { names: patternNames(field(range, 'left'), ['identifier']), iterable: field(range, 'right') };
  },
  parameters(node) {
    const params = field(node, 'parameters');
    return namedChildren(params).flatMap((p) => p.childrenForFieldName('name').filter(Boolean) as Node[]);
  },
  tryParts() {
    return undefined;
  },
};

export const SYNTAX: Record<CodeKind, Syntax> = {
  python,
  typescript: ecmascript,
  tsx: ecmascript,
  javascript: ecmascript,
  java,
  go,
};
