/**
 * The pipeline map panel: asks the server for the map of the workspace index, shows it in a
 * webview (strict CSP, our own script, nothing remote) and opens a node's file when it is clicked.
 * Refreshed when the panel becomes visible again and on request from the panel.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { PIPELINE_MAP_REQUEST, type PipelineMapResult } from '../../../server/src/lsp/protocol';
import { createNonce } from '../webviewPage';
import { mapHtml } from './html';
import { parseMapMessage } from './messages';

export const MAP_VIEW_TYPE = 'pipelineSeams.pipelineMap';
export const SHOW_MAP_COMMAND = 'pipelineSeams.showPipelineMap';

export class PipelineMapPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  /** Files of the map last sent to the panel: the only ones it may ask to open. */
  private shownPaths = new Set<string>();

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly client: () => LanguageClient | undefined,
  ) {}

  show(): void {
    if (this.panel) {
      this.panel.reveal(undefined, false);
      void this.post();
      return;
    }
    const root = this.context.extensionUri;
    const panel = vscode.window.createWebviewPanel(MAP_VIEW_TYPE, 'Pipeline Map', vscode.ViewColumn.Active, {
      enableScripts: true,
      retainContextWhenHidden: false,
      localResourceRoots: [vscode.Uri.joinPath(root, 'media'), vscode.Uri.joinPath(root, 'dist')],
    });
    this.panel = panel;
    panel.webview.html = mapHtml({
      cspSource: panel.webview.cspSource,
      nonce: createNonce(),
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(root, 'dist', 'map.js')).toString(),
      styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(root, 'media', 'map.css')).toString(),
    });
    const subscriptions = [
      panel.webview.onDidReceiveMessage((raw: unknown) => {
        const message = parseMapMessage(raw, this.shownPaths);
        if (!message) return;
        if (message.type === 'open') void this.open(message.path, message.line, message.character);
        else void this.post();
      }),
      panel.onDidChangeViewState(() => {
        if (panel.visible) void this.post();
      }),
      panel.onDidDispose(() => {
        subscriptions.forEach((d) => d.dispose());
        if (this.panel === panel) this.panel = undefined;
      }),
    ];
  }

  dispose(): void {
    this.panel?.dispose();
  }

  private async post(): Promise<void> {
    const panel = this.panel;
    const client = this.client();
    if (!panel || !client) return;
    try {
      const result = await client.sendRequest<PipelineMapResult>(PIPELINE_MAP_REQUEST, {});
      this.shownPaths = new Set(result.map.nodes.flatMap((n) => [...(n.path ? [n.path] : []), ...n.findings.map((f) => f.path)]));
      await panel.webview.postMessage({ type: 'map', result });
    } catch (e) {
      await panel.webview.postMessage({ type: 'error', message: e instanceof Error ? e.message : String(e) });
    }
  }

  private async open(file: string, line: number, character: number): Promise<void> {
    const position = new vscode.Position(line, character);
    const editor = await vscode.window.showTextDocument(vscode.Uri.file(file), { viewColumn: vscode.ViewColumn.Beside, preview: false });
    editor.selection = new vscode.Selection(position, position);
    editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenter);
  }
}
