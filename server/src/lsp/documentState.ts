/**
 * The server's view of each open document: its current parse (one per version, shared by every
 * request), its findings, and the tree-sitter tree kept for incremental re-parsing. Trees live in
 * WebAssembly memory, so a replaced or closed document frees its tree explicitly.
 */
import type { Edit } from 'web-tree-sitter';
import { changedRegion } from '../engine/textDiff';
import type { Finding } from '../engine/types';
import { parseDocument, type ParsedDocument } from '../parsing/document';
import type { FileKind } from '../parsing/fileKinds';
import { LineIndex } from '../parsing/lineIndex';
import type { FileFacts } from '../workspace/facts';

export interface DocumentState {
  uri: string;
  version: number;
  kind: FileKind;
  doc: ParsedDocument;
  /** Everything published for this version: its own findings and its cross-file ones. */
  findings: Finding[];
  /** Findings of the single-file rules. */
  own?: Finding[];
  /** Findings of the cross-file rules (from the workspace index). */
  cross?: Finding[];
  /** What this version tells the workspace index (cross-file rules), when it tells anything. */
  facts?: FileFacts;
  /**
   * The tree was freed to bound memory (the document was not edited for a while): findings and
   * lines stay; the next version parses from scratch.
   */
  treeReleased?: boolean;
}

/**
 * Trees kept for incremental re-parsing: the documents edited most recently. The others give their
 * tree back, so two hundred open files do not hold two hundred trees in WebAssembly memory, which
 * never shrinks once grown.
 */
export const TREES_KEPT = 12;

export class DocumentStates {
  private readonly states = new Map<string, DocumentState>();
  /** URIs whose state holds a live tree, least recently parsed first. */
  private readonly withTrees: string[] = [];

  get(uri: string): DocumentState | undefined {
    return this.states.get(uri);
  }

  get size(): number {
    return this.states.size;
  }

  all(): DocumentState[] {
    return [...this.states.values()];
  }

  /**
   * Parses a new version of a document. When the previous version was parsed by tree-sitter with the
   * same kind, its tree is edited to the new text and reused, then freed.
   */
  parse(uri: string, version: number, path: string, kind: FileKind, text: string): DocumentState {
    const previous = this.states.get(uri);
    if (previous && !previous.treeReleased && previous.version === version && previous.kind === kind && previous.doc.text === text) return previous;
    let doc: ParsedDocument;
    if (previous && previous.kind === kind && 'tree' in previous.doc && !previous.treeReleased) {
      const oldDoc = previous.doc;
      const newLines = new LineIndex(text);
      const edit = treeEdit(oldDoc.text, oldDoc.lines, text, newLines);
      try {
        if (edit) oldDoc.tree.edit(edit);
        doc = parseDocument({ path, kind, text }, edit ? { tree: oldDoc.tree, newLines } : { newLines });
      } finally {
        oldDoc.dispose();
      }
    } else if (previous && previous.doc.kind === 'yaml' && kind === 'yaml') {
      // the previous version's sections move into this parse: that version is not read again
      doc = parseDocument({ path, kind, text }, { yamlSections: previous.doc.sections });
    } else {
      previous?.doc.dispose();
      doc = parseDocument({ path, kind, text });
    }
    const state: DocumentState = { uri, version, kind, doc, findings: [] };
    this.states.set(uri, state);
    if ('tree' in doc) this.keepTree(uri);
    return state;
  }

  private keepTree(uri: string): void {
    const at = this.withTrees.indexOf(uri);
    if (at >= 0) this.withTrees.splice(at, 1);
    this.withTrees.push(uri);
    while (this.withTrees.length > TREES_KEPT) {
      const oldest = this.states.get(this.withTrees.shift()!);
      if (oldest) {
        oldest.doc.dispose();
        oldest.treeReleased = true;
      }
    }
  }

  delete(uri: string): void {
    this.states.get(uri)?.doc.dispose();
    this.states.delete(uri);
    const at = this.withTrees.indexOf(uri);
    if (at >= 0) this.withTrees.splice(at, 1);
  }

  clear(): void {
    for (const uri of [...this.states.keys()]) this.delete(uri);
  }
}

function treeEdit(oldText: string, oldLines: LineIndex, newText: string, newLines: LineIndex): Edit | undefined {
  const region = changedRegion(oldText, newText);
  if (!region) return undefined;
  const point = (p: { line: number; character: number }) => ({ row: p.line, column: p.character });
  return {
    startIndex: region.start,
    oldEndIndex: region.oldEnd,
    newEndIndex: region.newEnd,
    startPosition: point(oldLines.positionAt(region.start)),
    oldEndPosition: point(oldLines.positionAt(region.oldEnd)),
    newEndPosition: point(newLines.positionAt(region.newEnd)),
  };
}
