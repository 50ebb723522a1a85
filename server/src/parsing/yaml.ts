/**
 * YAML through `yaml`, every document of a multi-document stream. Offsets in the resulting
 * nodes are UTF-16 string indices; alias expansion is capped so an alias bomb cannot exhaust memory.
 *
 * The stream is parsed one `---` section at a time. A `---` at the start of a line always begins a
 * document (YAML forbids it inside scalars), so each section parses to what the whole stream would
 * give for it. After an edit, the sections whose text did not change are taken from the previous
 * parse, their offsets moved by the length the edit added or removed before them: a keystroke in
 * one Kubernetes resource of a long manifest re-parses that resource only.
 */
import { isNode, parseAllDocuments, visit, type Document } from 'yaml';

export interface YamlSection {
  /** Offset of the section in the text it was parsed from. */
  start: number;
  text: string;
  documents: Document.Parsed[];
}

export interface YamlParseResult {
  documents: Document.Parsed[];
  errors: { message: string; offset: number }[];
  /** The parse by section, for re-using unchanged sections in the next version of the text. */
  sections: YamlSection[];
}

/** A line that starts with `---` followed by a blank or the end: a document start marker. */
const DOCUMENT_START = /(?<![^\n\r])---(?=[ \t\r\n]|$)/g;

/**
 * Parses a YAML stream. `previous`, the sections of the text's previous version, are taken over
 * (and must not be used with that version any more) where their text is unchanged.
 */
export function parseYaml(text: string, previous?: readonly YamlSection[]): YamlParseResult {
  const reusable = new Map<string, YamlSection[]>();
  for (const s of previous ?? []) {
    const same = reusable.get(s.text);
    if (same) same.push(s);
    else reusable.set(s.text, [s]);
  }
  const sections: YamlSection[] = [];
  for (const { start, end } of sectionBounds(text)) {
    const sectionText = text.slice(start, end);
    const reused = reusable.get(sectionText)?.shift();
    if (reused) {
      if (reused.start !== start) shiftSection(reused, start - reused.start);
      sections.push(reused);
    } else {
      const documents = [...parseAllDocuments(sectionText, { prettyErrors: false, uniqueKeys: false })] as Document.Parsed[];
      const section = { start: 0, text: sectionText, documents };
      if (start !== 0) shiftSection(section, start);
      sections.push(section);
    }
  }
  const documents = sections.flatMap((s) => s.documents);
  const errors = documents.flatMap((d) => d.errors.map((e) => ({ message: e.message, offset: e.pos[0] })));
  return { documents, errors, sections };
}

/** Section boundaries: at every document start marker; one section when directives (`%YAML`) are present. */
function sectionBounds(text: string): { start: number; end: number }[] {
  if (/(?<![^\n\r])%/.test(text)) return [{ start: 0, end: text.length }];
  const starts = [0];
  for (const m of text.matchAll(DOCUMENT_START)) if (m.index > 0) starts.push(m.index);
  return starts.map((start, i) => ({ start, end: starts[i + 1] ?? text.length }));
}

/** Moves every offset of a section's documents (ranges, error positions) by `delta`. */
function shiftSection(section: YamlSection, delta: number): void {
  section.start += delta;
  const moved = new Set<object>();
  const move = (range: number[] | null | undefined) => {
    if (!range || moved.has(range)) return;
    moved.add(range);
    for (let i = 0; i < range.length; i++) range[i]! += delta;
  };
  for (const doc of section.documents) {
    move(doc.range);
    for (const e of [...doc.errors, ...doc.warnings]) move(e.pos);
    visit(doc, (_key, node) => {
      if (isNode(node)) move(node.range);
    });
  }
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
