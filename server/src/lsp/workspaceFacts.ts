/**
 * The server's workspace index, kept current: built in the background from the workspace folders
 * at startup (bounded walk, one file per turn of the event loop, cancellable), updated from disk
 * when watched files change, and from the editor's text for open documents (the open text wins
 * over the file on disk). Every update reports the keys whose content changed, so the linter
 * re-checks only the open documents whose cross-file findings depend on them.
 */
import { type FileFacts, extractFacts, factParsers, mayHaveFacts } from '../workspace/facts';
import { parseDocument, prepareParser } from '../parsing/document';
import { collectFiles, readSource } from '../workspace/sourceFiles';
import { WorkspaceIndex } from '../workspace/workspaceIndex';
import { MAX_SCAN_ENTRIES, MAX_SCAN_FILES } from './scan';
import { detectKind } from '../parsing/fileKinds';

export interface WorkspaceFactsDeps {
  /** Facts of some files changed: these keys (empty set with `all`: everything may have changed). */
  changed: (keys: Set<string>, all: boolean) => void;
  log: (message: string, level?: 'info' | 'error') => void;
}

export class WorkspaceFacts {
  readonly index = new WorkspaceIndex();
  private readonly open = new Set<string>();
  private cancelled = false;
  private indexing: Promise<void> | undefined;

  constructor(private readonly deps: WorkspaceFactsDeps) {}

  /** Indexes the folders in the background; resolves when done (tests wait on it, the server does not). */
  start(folders: readonly string[]): Promise<void> {
    this.indexing = this.indexFolders(folders).catch((e: unknown) => this.deps.log(`Indexing the workspace failed: ${String(e)}`));
    return this.indexing;
  }

  get ready(): Promise<void> {
    return this.indexing ?? Promise.resolve();
  }

  cancel(): void {
    this.cancelled = true;
  }

  /** Facts from an open document's current text. Returns the changed keys. */
  setOpen(path: string, facts: FileFacts | undefined): Set<string> {
    this.open.add(path);
    return this.index.update(path, facts);
  }

  /** The document closed: the file on disk speaks for it again. */
  async closed(path: string): Promise<void> {
    this.open.delete(path);
    await this.refresh([path]);
  }

  /** Files changed on disk (created, changed or deleted). Open documents keep their editor text. */
  async refresh(paths: readonly string[]): Promise<void> {
    const changed = new Set<string>();
    for (const path of paths) {
      if (this.open.has(path)) continue;
      const facts = await readFacts(path);
      this.index.update(path, facts).forEach((k) => changed.add(k));
    }
    if (changed.size > 0) this.deps.changed(changed, false);
  }

  private async indexFolders(folders: readonly string[]): Promise<void> {
    const started = Date.now();
    let files = 0;
    let truncated = false;
    for (const folder of folders) {
      const walk = collectFiles([folder], folder, { maxFiles: MAX_SCAN_FILES - files, maxEntries: MAX_SCAN_ENTRIES });
      truncated ||= !!walk.truncated;
      for (const file of walk.files) {
        if (this.cancelled) return;
        // one file per turn: open documents are linted and typing stays live while the walk goes on
        await new Promise<void>((resolve) => setImmediate(resolve));
        files++;
        if (this.open.has(file.path)) continue;
        const facts = await readFacts(file.path);
        if (facts) this.index.update(file.path, facts);
      }
      if (files >= MAX_SCAN_FILES) break;
    }
    this.deps.log(
      `Workspace index: ${files} files read, ${this.index.size} with pipeline facts in ${Date.now() - started} ms${truncated || this.index.truncated ? ' (file limit reached)' : ''}`,
      'info',
    );
    this.deps.changed(new Set(), true);
  }
}

/** The facts of a file on disk, parsing it only when its text can hold any. */
export async function readFacts(path: string): Promise<FileFacts | undefined> {
  const kind = detectKind(path);
  if (!kind) return undefined;
  const source = readSource(path);
  if (!source.ok || !mayHaveFacts(kind, source.text)) return undefined;
  await Promise.all([kind, ...factParsers(kind)].map((k) => prepareParser(k)));
  const doc = parseDocument({ path, kind, text: source.text });
  try {
    return extractFacts(doc);
  } catch {
    return undefined;
  } finally {
    doc.dispose();
  }
}
