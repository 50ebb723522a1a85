/**
 * A minimal LSP client for tests: spawns the bundled server (`node dist/server.js --stdio`), speaks
 * JSON-RPC over its pipes, answers `workspace/configuration` from a settings object the test
 * controls, and lets tests wait for the next diagnostics of a document (events, never sleeps).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type {
  CodeAction,
  Diagnostic,
  Hover,
  InitializeResult,
  PublishDiagnosticsParams,
  TextDocumentEdit,
  TextEdit,
} from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DIST, requireDist } from '../setup';

export interface Settings {
  enable?: boolean;
  rules?: Record<string, string>;
  fixAll?: boolean;
}

type Waiter = { uri: string; predicate: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void };

export class TestClient {
  readonly connection: MessageConnection;
  readonly logs: string[] = [];
  settings: Settings = {};
  /** Sees every publishDiagnostics notification (for requests that publish many files at once). */
  onPublish: ((p: PublishDiagnosticsParams) => void) | undefined;
  private readonly process: ChildProcess;
  private readonly docs = new Map<string, TextDocument>();
  private readonly latest = new Map<string, PublishDiagnosticsParams>();
  private waiters: Waiter[] = [];
  private stderr = '';

  constructor(options: { env?: NodeJS.ProcessEnv; serverPath?: string; cwd?: string } = {}) {
    if (!options.serverPath) requireDist();
    this.process = spawn(process.execPath, [options.serverPath ?? path.join(DIST, 'server.js'), '--stdio'], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, ...options.env },
      cwd: options.cwd,
    });
    this.process.stderr!.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.connection = createMessageConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.latest.set(p.uri, p);
      this.onPublish?.(p);
      const ready = this.waiters.filter((w) => w.uri === p.uri && w.predicate(p));
      this.waiters = this.waiters.filter((w) => !ready.includes(w));
      ready.forEach((w) => w.resolve(p));
    });
    this.connection.onNotification('window/logMessage', (p: { message: string }) => {
      this.logs.push(p.message);
    });
    this.connection.onNotification('window/showMessage', (p: { message: string }) => {
      this.logs.push(p.message);
    });
    this.connection.onRequest('window/showMessageRequest', () => null);
    this.connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => this.settings));
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.listen();
  }

  async initialize(initializationOptions?: unknown, workspaceFolders?: string[]): Promise<InitializeResult> {
    const result = await this.connection.sendRequest<InitializeResult>('initialize', {
      processId: process.pid,
      rootUri: null,
      ...(workspaceFolders ? { workspaceFolders: workspaceFolders.map((uri) => ({ uri, name: uri.split('/').pop() })) } : {}),
      capabilities: {
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } },
        textDocument: { publishDiagnostics: { versionSupport: true } },
      },
      initializationOptions,
    });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  /** Resolves with the next diagnostics for `uri` that satisfy `predicate` (default: any). */
  nextDiagnostics(uri: string, predicate: (p: PublishDiagnosticsParams) => boolean = () => true): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve) => this.waiters.push({ uri, predicate, resolve }));
  }

  /** Diagnostics for the document's current version. */
  diagnosticsFor(uri: string): Promise<Diagnostic[]> {
    const version = this.docs.get(uri)?.version;
    const current = this.latest.get(uri);
    if (current && current.version === version) return Promise.resolve(current.diagnostics);
    return this.nextDiagnostics(uri, (p) => p.version === undefined || p.version === this.docs.get(uri)?.version).then((p) => p.diagnostics);
  }

  async open(uri: string, languageId: string, text: string): Promise<Diagnostic[]> {
    const doc = TextDocument.create(uri, languageId, 1, text);
    this.docs.set(uri, doc);
    const next = this.nextDiagnostics(uri);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    return (await next).diagnostics;
  }

  text(uri: string): string {
    return this.docs.get(uri)!.getText();
  }

  /** Sends a full-text change and waits for the diagnostics of the new version. */
  async change(uri: string, text: string): Promise<Diagnostic[]> {
    const doc = this.docs.get(uri)!;
    const version = doc.version + 1;
    const updated = TextDocument.update(doc, [{ text }], version);
    this.docs.set(uri, updated);
    const next = this.nextDiagnostics(uri, (p) => p.version === undefined || p.version === version);
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    return (await next).diagnostics;
  }

  /** Sends incremental edits (as an editor does per keystroke). */
  async edit(uri: string, edits: TextEdit[]): Promise<void> {
    const doc = this.docs.get(uri)!;
    const version = doc.version + 1;
    const changes = edits.map((e) => ({ range: e.range, text: e.newText }));
    this.docs.set(uri, TextDocument.update(doc, changes, version));
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
  }

  async close(uri: string): Promise<void> {
    this.docs.delete(uri);
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** The server's process id (for memory readings). */
  get pid(): number | undefined {
    return this.process.pid;
  }

  get exited(): boolean {
    return this.process.exitCode !== null || this.process.signalCode !== null;
  }

  version(uri: string): number {
    return this.docs.get(uri)!.version;
  }

  codeActions(uri: string, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
    const range = diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    return this.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range,
      context: { diagnostics, ...(only ? { only } : {}) },
    });
  }

  hover(uri: string, position: { line: number; character: number }): Promise<Hover | null> {
    return this.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position });
  }

  /**
   * Applies a code action's workspace edit the way an editor does: refused when the edit targets
   * another version of the document. Returns the new text.
   */
  async apply(action: CodeAction): Promise<Diagnostic[]> {
    const change = action.edit?.documentChanges?.[0] as TextDocumentEdit | undefined;
    if (!change) throw new Error(`code action "${action.title}" has no document edit`);
    const uri = change.textDocument.uri;
    const doc = this.docs.get(uri)!;
    if (change.textDocument.version !== doc.version) throw new Error('edit for a stale document version');
    const text = TextDocument.applyEdits(doc, change.edits as TextEdit[]);
    return this.change(uri, text);
  }

  async settingsChanged(settings: Settings): Promise<void> {
    this.settings = settings;
    await this.connection.sendNotification('workspace/didChangeConfiguration', { settings: { pipelineSeams: settings } });
  }

  async watchedFilesChanged(uri: string, type: 1 | 2 | 3 = 2): Promise<void> {
    await this.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri, type }] });
  }

  async shutdown(): Promise<string> {
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } catch {
      // the process may already be gone
    }
    const exited = new Promise<void>((resolve) => {
      if (this.process.exitCode !== null) resolve();
      else this.process.once('exit', () => resolve());
    });
    await exited;
    this.connection.dispose();
    return this.stderr;
  }
}
