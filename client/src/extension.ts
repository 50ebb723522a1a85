/**
 * The VS Code client: starts the bundled language server and hands it the documents it reads.
 * All analysis happens in the server; this file only wires VS Code to it.
 */
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { LEARN_SEAM_COMMAND, SETTINGS_SECTION, WATCHED_FILE_GLOB, type InitializationOptions } from '../../server/src/lsp/protocol';
import { registerLesson } from './lesson/register';
import { PipelineMapPanel } from './map/panel';

/** Languages whose documents the server may lint (it decides per file name which parser applies). */
const LANGUAGES = [
  'python',
  'typescript',
  'typescriptreact',
  'javascript',
  'javascriptreact',
  'java',
  'go',
  'sql',
  'json',
  'jsonc',
  'yaml',
  'dockercompose',
  'properties',
  'shellscript',
  'postgresql-conf',
];

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Pipeline Seams', { log: true });
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  // the project config, and every file whose facts feed the workspace index (cross-file rules, the map);
  // the language client only listens to these, so they are disposed with the extension
  const watchers = [vscode.workspace.createFileSystemWatcher('**/.pipeline-seams.json'), vscode.workspace.createFileSystemWatcher(WATCHED_FILE_GLOB)];
  context.subscriptions.push(...watchers);
  const clientOptions: LanguageClientOptions = {
    documentSelector: LANGUAGES.flatMap((language) => [
      { scheme: 'file', language },
      { scheme: 'untitled', language },
    ]),
    synchronize: {
      configurationSection: SETTINGS_SECTION,
      fileEvents: watchers,
    },
    outputChannel: output,
    initializationOptions: { learnSeam: true } satisfies InitializationOptions,
    // Hovers link to "Learn this seam"; no other command may run from server markdown.
    markdown: { isTrusted: { enabledCommands: [LEARN_SEAM_COMMAND] } },
  };
  client = new LanguageClient('pipelineSeams', 'Pipeline Seams', serverOptions, clientOptions);

  context.subscriptions.push(
    output,
    vscode.commands.registerCommand('pipelineSeams.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('pipelineSeams.restartServer', async () => {
      await client?.restart();
    }),
  );
  registerLesson(context, () => client);
  const map = new PipelineMapPanel(context, () => client);
  context.subscriptions.push(map, vscode.commands.registerCommand('pipelineSeams.showPipelineMap', () => map.show()));
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
