/**
 * The document model every rule queries: the text, its line index, and the parse result of its
 * kind. One parse per document version, shared by all rules. Code and shell documents hold a
 * tree-sitter tree in WebAssembly memory: call dispose() when the document is replaced or closed.
 */
import type { Tree } from 'web-tree-sitter';
import type { Document as YamlDoc } from 'yaml';
import { CodeModel } from '../code/codeModel';
import { type CodeKind, type FileKind, isCodeKind } from './fileKinds';
import { parseJson, type JsonNode } from './json';
import { detectEol, LineIndex } from './lineIndex';
import { parsePgConf, type ConfEntry } from './pgconf';
import { parseProperties, type PropertyEntry } from './properties';
import { loadSqlParser, parseSql, type SqlStatement } from './sql';
import { loadGrammar, parseTree, type TreeSitterKind } from './treeSitter';
import { parseYaml, yamlComments, type YamlSection } from './yaml';

export interface TextRange {
  start: number;
  end: number;
}

export interface SourceFile {
  /** Path as the user knows it (absolute in the server, as given on the command line in the CLI). */
  path: string;
  kind: FileKind;
  text: string;
}

interface DocumentBase {
  path: string;
  text: string;
  lines: LineIndex;
  eol: '\n' | '\r\n';
  /** Comment ranges, for suppression comments. */
  comments(): TextRange[];
  /** True when the parser had to recover from syntax errors somewhere. */
  hasSyntaxErrors: boolean;
  dispose(): void;
}

export interface CodeDocument extends DocumentBase {
  kind: CodeKind;
  tree: Tree;
  code: CodeModel;
}

export interface ShellDocument extends DocumentBase {
  kind: 'shell';
  tree: Tree;
}

export interface SqlDocument extends DocumentBase {
  kind: 'sql';
  statements: SqlStatement[];
}

export interface JsonDocument extends DocumentBase {
  kind: 'json';
  root: JsonNode | undefined;
}

export interface YamlDocument extends DocumentBase {
  kind: 'yaml';
  documents: YamlDoc.Parsed[];
  /** The parse by `---` section, re-used by the next version's parse. */
  sections: YamlSection[];
}

export interface PropertiesDocument extends DocumentBase {
  kind: 'properties';
  entries: PropertyEntry[];
}

export interface PgConfDocument extends DocumentBase {
  kind: 'pgconf';
  entries: ConfEntry[];
}

export type ParsedDocument =
  | CodeDocument
  | ShellDocument
  | SqlDocument
  | JsonDocument
  | YamlDocument
  | PropertiesDocument
  | PgConfDocument;

/** Loads whatever parser `kind` needs. Cheap after the first call. */
export async function prepareParser(kind: FileKind): Promise<void> {
  if (isCodeKind(kind) || kind === 'shell') await loadGrammar(kind);
  else if (kind === 'sql') await loadSqlParser();
}

const noComments = () => [];

/** What an edited document's previous parse lends to the next one. */
export interface PreviousParse {
  /** tree-sitter's tree, already edited to the new text (Tree.edit). */
  tree?: Tree;
  /** YAML sections; those whose text is unchanged are moved into the new parse. */
  yamlSections?: readonly YamlSection[];
  /** The new text's line index, when working out the edit has built it already. */
  newLines?: LineIndex;
}

/**
 * Parses a file. The parser for its kind must be loaded (prepareParser). `previous` lets the parse
 * re-use the unchanged parts of the previous version (incremental re-parsing after an edit).
 */
export function parseDocument(file: SourceFile, previous?: PreviousParse): ParsedDocument {
  const { path, text, kind } = file;
  const base = { path, text, lines: previous?.newLines ?? new LineIndex(text), eol: detectEol(text) };
  if (isCodeKind(kind) || kind === 'shell') {
    const tree = parseTree(kind as TreeSitterKind, text, previous?.tree);
    const hasSyntaxErrors = tree.rootNode.hasError;
    if (kind === 'shell') {
      const doc: ShellDocument = {
        ...base,
        kind,
        tree,
        hasSyntaxErrors,
        comments: () => rangesOf(tree.rootNode.descendantsOfType('comment')),
        dispose: once(() => tree.delete()),
      };
      return doc;
    }
    const code = new CodeModel(kind, tree, text);
    const doc: CodeDocument = {
      ...base,
      kind,
      tree,
      code,
      hasSyntaxErrors,
      comments: () => rangesOf(code.comments()),
      dispose: once(() => tree.delete()),
    };
    return doc;
  }
  switch (kind) {
    case 'sql': {
      const parsed = parseSql(text);
      return {
        ...base,
        kind,
        statements: parsed.statements,
        hasSyntaxErrors: parsed.statements.some((s) => s.error),
        comments: () => parsed.comments,
        dispose: () => undefined,
      };
    }
    case 'json': {
      const parsed = parseJson(text);
      return {
        ...base,
        kind,
        root: parsed.root,
        hasSyntaxErrors: parsed.errors.length > 0,
        comments: noComments,
        dispose: () => undefined,
      };
    }
    case 'yaml': {
      const parsed = parseYaml(text, previous?.yamlSections);
      return {
        ...base,
        kind,
        documents: parsed.documents,
        sections: parsed.sections,
        hasSyntaxErrors: parsed.errors.length > 0,
        comments: () => yamlComments(text),
        dispose: () => undefined,
      };
    }
    case 'properties': {
      const parsed = parseProperties(text);
      return {
        ...base,
        kind,
        entries: parsed.entries,
        hasSyntaxErrors: false,
        comments: () => parsed.comments,
        dispose: () => undefined,
      };
    }
    case 'pgconf': {
      const parsed = parsePgConf(text);
      return {
        ...base,
        kind,
        entries: parsed.entries,
        hasSyntaxErrors: parsed.errors.length > 0,
        comments: () => parsed.comments,
        dispose: () => undefined,
      };
    }
  }
  throw new Error(`no parser for kind ${String(kind)}`);
}

/** Freeing a tree twice would corrupt WebAssembly memory: disposing is idempotent. */
function once(release: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    release();
  };
}

function rangesOf(nodes: ({ startIndex: number; endIndex: number } | null)[]): TextRange[] {
  return nodes.filter((n) => n !== null).map((n) => ({ start: n!.startIndex, end: n!.endIndex }));
}
