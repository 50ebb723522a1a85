/**
 * JSON and JSONC (comments, trailing commas) through jsonc-parser, which recovers from errors and
 * still returns a tree of everything it could read.
 */
import { parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';

export type { JsonNode };

export interface JsonParseResult {
  root: JsonNode | undefined;
  errors: { message: string; offset: number; length: number }[];
}

export function parseJson(text: string): JsonParseResult {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  return {
    root,
    errors: errors.map((e) => ({ message: printParseErrorCode(e.error), offset: e.offset, length: e.length })),
  };
}

/** The child property node `key` of an object node, if present. */
export function jsonProperty(node: JsonNode | undefined, key: string): JsonNode | undefined {
  if (!node || node.type !== 'object') return undefined;
  for (const prop of node.children ?? []) {
    const [k, v] = prop.children ?? [];
    if (k?.value === key) return prop;
    void v;
  }
  return undefined;
}

/** The value node of property `key` in an object node. */
export function jsonValue(node: JsonNode | undefined, key: string): JsonNode | undefined {
  return jsonProperty(node, key)?.children?.[1];
}
