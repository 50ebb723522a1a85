/**
 * Wires the language server: document sync, settings, project config, linting, code actions and
 * hover. Each concern lives in its own module; this file only connects them to the protocol.
 */
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CONFIG_FILE_NAME } from '../engine/config';
import { TOOL_NAME, TOOL_VERSION } from '../rules/docs';
import { dependsOn } from '../workspace/workspaceIndex';
import { codeActions } from './codeActions';
import { DocumentStates } from './documentState';
import { hover } from './hover';
import { errorText } from '../engine/errors';
import { Linter } from './linter';
import { ProjectConfigs } from './projectConfigs';
import { pipelineMap } from './pipelineMapRequest';
import {
  FIX_ALL_KIND,
  PIPELINE_MAP_REQUEST,
  SCAN_WORKSPACE_REQUEST,
  WATCHED_FILE_GLOB,
  type InitializationOptions,
  type ScanWorkspaceParams,
} from './protocol';
import { WorkspaceScanner } from './scan';
import { SettingsStore } from './settings';
import { uriToPath } from './uris';
import { WorkspaceFacts } from './workspaceFacts';

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const states = new DocumentStates();
  let canPullSettings = false;
  let canRegisterConfigChange = false;
  let learnSeam = false;
  let canWatchFiles = false;
  let folders: string[] = [];
  const log = (message: string, level: 'info' | 'error' = 'error') =>
    level === 'info' ? connection.console.log(message) : connection.console.error(message);
  const settings = new SettingsStore(connection, () => canPullSettings);
  const configs = new ProjectConfigs((message) => {
    log(message);
    void connection.window.showWarningMessage(`Pipeline Seams: ${message}`);
  });
  /** Re-checks the open documents whose cross-file findings depend on changed facts. */
  const recheckDependents = (keys: Set<string>, all: boolean, origin?: string) => {
    for (const d of documents.all()) {
      if (d.uri === origin) continue;
      const state = states.get(d.uri);
      if (all || dependsOn(state?.facts, keys)) linter.schedule(d.uri, d.version, true);
    }
  };
  const workspace = new WorkspaceFacts({ changed: (keys, all) => recheckDependents(keys, all), log });
  const linter = new Linter({
    connection,
    states,
    settings,
    configs,
    document: (uri) => documents.get(uri),
    log,
    workspace,
    factsChanged: (keys, uri) => recheckDependents(keys, false, uri),
  });
  const relintAll = () => {
    linter.invalidate();
    documents.all().forEach((d) => linter.schedule(d.uri, d.version, true));
  };
  const scanner = new WorkspaceScanner({
    settings: (uri) => settings.get(uri),
    configs,
    openPaths: () => new Set(documents.all().flatMap((d) => uriToPath(d.uri) ?? [])),
    publish: (uri, diagnostics) => connection.sendDiagnostics({ uri, diagnostics }),
    log,
    index: async () => {
      await workspace.ready;
      return workspace.index;
    },
  });

  process.on('unhandledRejection', (reason) => log(`Unhandled rejection: ${errorText(reason)}`));

  connection.onInitialize((params): InitializeResult => {
    const caps = params.capabilities;
    canPullSettings = !!caps.workspace?.configuration;
    canRegisterConfigChange = !!caps.workspace?.didChangeConfiguration?.dynamicRegistration;
    const init = params.initializationOptions as InitializationOptions | undefined;
    if (init?.settings !== undefined) settings.setPushed(init.settings);
    learnSeam = init?.learnSeam === true;
    canWatchFiles = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    const roots = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    folders = roots.map(uriToPath).filter((p): p is string => !!p);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        hoverProvider: true,
      },
      serverInfo: { name: TOOL_NAME, version: TOOL_VERSION },
    };
  });

  connection.onInitialized(() => {
    if (canRegisterConfigChange) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'pipelineSeams' });
    }
    if (canWatchFiles) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: WATCHED_FILE_GLOB }] });
    }
    // in the background: open documents are linted meanwhile, and re-checked once the index is complete
    void workspace.start(folders);
  });

  connection.onDidChangeConfiguration((change) => {
    const raw = (change.settings as { pipelineSeams?: unknown } | undefined)?.pipelineSeams;
    if (raw !== undefined) settings.setPushed(raw);
    settings.invalidate();
    relintAll();
  });

  connection.onDidChangeWatchedFiles((params) => {
    const changes = params.changes ?? [];
    if (changes.length === 0 || changes.some((c) => c.uri.endsWith(CONFIG_FILE_NAME))) {
      configs.invalidate();
      relintAll();
    }
    const paths = changes.map((c) => uriToPath(c.uri)).filter((p): p is string => !!p && !p.endsWith(CONFIG_FILE_NAME));
    if (paths.length > 0) void workspace.refresh(paths);
  });

  documents.onDidOpen((e) => linter.schedule(e.document.uri, e.document.version, true));
  documents.onDidChangeContent((e) => linter.schedule(e.document.uri, e.document.version));
  documents.onDidClose((e) => {
    linter.forget(e.document.uri);
    settings.forget(e.document.uri);
    states.delete(e.document.uri);
    const closedPath = uriToPath(e.document.uri);
    if (closedPath) void workspace.closed(closedPath);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.onCodeAction(async (params) => {
    try {
      return await codeActions(params, {
        document: (uri) => documents.get(uri),
        rulesFor: (uri) => linter.rulesFor(uri),
        fixAllEnabled: async (uri) => (await settings.get(uri)).fixAll,
        learnSeam,
      });
    } catch (e) {
      log(`Code actions failed for ${params.textDocument.uri}: ${errorText(e)}`);
      return [];
    }
  });

  connection.onHover((params) => {
    try {
      return hover(params, states, documents.get(params.textDocument.uri)?.version, { learnSeam });
    } catch (e) {
      log(`Hover failed for ${params.textDocument.uri}: ${errorText(e)}`);
      return null;
    }
  });

  connection.onRequest(SCAN_WORKSPACE_REQUEST, async (params: ScanWorkspaceParams, token) => {
    const started = Date.now();
    const result = await scanner.scan(params, token);
    log(
      `Workspace scan: ${result.files} files, ${result.findings} findings in ${result.filesWithFindings} files` +
        `${result.truncated ? ' (file limit reached)' : ''}${result.cancelled ? ' (cancelled)' : ''} in ${Date.now() - started} ms`,
      'info',
    );
    return result;
  });

  connection.onRequest(PIPELINE_MAP_REQUEST, async () => {
    await workspace.ready;
    return pipelineMap(workspace.index, states, configs);
  });

  if (process.env.PIPELINE_SEAMS_TIMINGS === '1') {
    // for the benchmark: what the memory is made of (WebAssembly heaps count as array buffers)
    // (run with --expose-gc to see live memory rather than garbage not yet collected)
    connection.onRequest('pipelineSeams/memory', () => {
      (globalThis as { gc?: () => void }).gc?.();
      return process.memoryUsage();
    });
  }

  connection.onShutdown(() => {
    workspace.cancel();
    states.clear();
  });

  documents.listen(connection);
  connection.listen();
}
