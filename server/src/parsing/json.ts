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

/**
 * Deeper nesting than this is not parsed: jsonc-parser recurses per level and would overflow the
 * stack near a few thousand levels, and no connector config comes close to this depth.
 */
export const MAX_JSON_DEPTH = 256;

export function parseJson(text: string): JsonParseResult {
  const depth = nestingDepth(text, MAX_JSON_DEPTH);
  if (depth.exceeded) {
    return { root: undefined, errors: [{ message: `nesting deeper than ${MAX_JSON_DEPTH} levels; not checked`, offset: depth.offset, length: 1 }] };
  }
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
    if (prop.children?.[0]?.value === key) return prop;
  }
  return undefined;
}

/** The value node of property `key` in an object node. */
export function jsonValue(node: JsonNode | undefined, key: string): JsonNode | undefined {
  return jsonProperty(node, key)?.children?.[1];
}

/** Nesting depth of brackets and braces outside strings and comments, stopping past `limit`. */
function nestingDepth(text: string, limit: number): { exceeded: boolean; offset: number } {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 92 /* \\ */) i++;
        else if (d === 34) break;
      }
    } else if (c === 47 /* / */ && text.charCodeAt(i + 1) === 47) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
    } else if (c === 47 && text.charCodeAt(i + 1) === 42 /* * */) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    } else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > limit) return { exceeded: true, offset: i };
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      depth--;
    }
  }
  return { exceeded: false, offset: 0 };
}
