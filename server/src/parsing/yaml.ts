/**
 * YAML through `yaml`, every document of a multi-document stream. Offsets in the resulting
 * nodes are UTF-16 string indices; alias expansion is capped so an alias bomb cannot exhaust memory.
 */
import { LineCounter, parseAllDocuments, type Document } from 'yaml';

export interface YamlParseResult {
  documents: Document.Parsed[];
  lineCounter: LineCounter;
  errors: { message: string; offset: number }[];
}

export function parseYaml(text: string): YamlParseResult {
  const lineCounter = new LineCounter();
  const parsed = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  // An empty stream is an empty array with extra fields; both are arrays of documents.
  const documents = [...parsed] as Document.Parsed[];
  const errors = documents.flatMap((d) => d.errors.map((e) => ({ message: e.message, offset: e.pos[0] })));
  return { documents, lineCounter, errors };
}

/** Offsets of `#` comments in YAML text: a `#` at line start or after blank, outside quotes. */
export function yamlComments(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    let quote: string | undefined;
    for (let i = lineStart; i < lineEnd; i++) {
      const c = text[i];
      if (quote) {
        if (c === quote) quote = undefined;
        continue;
      }
      if (c === '"' || c === "'") {
        const prev = i === lineStart ? ' ' : text[i - 1]!;
        if (/[\s:,[{-]/.test(prev)) quote = c;
        continue;
      }
      if (c === '#' && (i === lineStart || /\s/.test(text[i - 1]!))) {
        out.push({ start: i, end: text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd });
        break;
      }
    }
    lineStart = lineEnd + 1;
  }
  return out;
}
