/**
 * The quiz panel: one webview at a time, restored after a reload by its serializer. The extension
 * owns the quiz state (pure reducer in state.ts), persists it per card in globalState, mirrors the
 * solved cards into context keys (they complete the walkthrough steps), and sends the webview a
 * fresh view after every change.
 */
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { solvedContextKey } from '../lesson/commandIds';
import { CARDS, cardById, LESSON_TITLE } from '../lesson/content';
import { createNonce, quizHtml } from './html';
import { loadProgress, saveProgress } from './progress';
import { parseWebviewMessage, QUIZ_VIEW_TYPE, type FromWebview, type ToWebview, type WebviewPersistedState } from './protocol';
import { changedCards, reduce, type QuizEvent, type QuizState } from './state';
import { buildView } from './view';

export class QuizController implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private state: QuizState;
  private readonly snippets = new Map<string, string | null>();
  private readonly disposables: vscode.Disposable[] = [];
  /** Events are applied one at a time, in order, each after the previous one was saved. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly openLessonFile: (cardId: string) => Promise<void>,
  ) {
    this.state = loadProgress(context.globalState, CARDS);
    this.disposables.push(
      vscode.window.registerWebviewPanelSerializer(QUIZ_VIEW_TYPE, {
        deserializeWebviewPanel: async (panel, persisted) => this.restore(panel, persisted as WebviewPersistedState | undefined),
      }),
    );
  }

  /** Mirrors every card's solved flag into its context key (on activation and after a reset). */
  async syncContextKeys(cardIds: readonly string[] = CARDS.map((c) => c.id)): Promise<void> {
    await Promise.all(
      cardIds.map((id) => vscode.commands.executeCommand('setContext', solvedContextKey(id), !!this.state.progress[id]?.solved)),
    );
  }

  show(cardId?: string): void {
    if (cardId && cardById(cardId)) void this.enqueue({ type: 'select', cardId });
    if (this.panel) {
      this.panel.reveal(undefined, false);
      this.postView();
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      QUIZ_VIEW_TYPE,
      `Quiz: ${LESSON_TITLE}`,
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false },
      this.webviewOptions(),
    );
    this.attach(panel);
  }

  reset(): Promise<void> {
    return this.enqueue({ type: 'reset' });
  }

  dispose(): void {
    this.panel?.dispose();
    this.disposables.forEach((d) => d.dispose());
  }

  private restore(panel: vscode.WebviewPanel, persisted: WebviewPersistedState | undefined): void {
    if (persisted?.cardId && cardById(persisted.cardId)) void this.enqueue({ type: 'select', cardId: persisted.cardId });
    if (this.panel) {
      panel.dispose();
      return;
    }
    panel.webview.options = this.webviewOptions();
    this.attach(panel);
  }

  private webviewOptions(): vscode.WebviewOptions & vscode.WebviewPanelOptions {
    const root = this.context.extensionUri;
    return {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(root, 'media'), vscode.Uri.joinPath(root, 'dist')],
    };
  }

  private attach(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    const root = this.context.extensionUri;
    const webview = panel.webview;
    webview.html = quizHtml({
      cspSource: webview.cspSource,
      nonce: createNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(root, 'dist', 'quiz.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(root, 'media', 'quiz.css')).toString(),
    });
    const subscriptions = [
      webview.onDidReceiveMessage((raw: unknown) => {
        const message = parseWebviewMessage(raw);
        if (message) void this.onMessage(message);
      }),
      panel.onDidDispose(() => {
        subscriptions.forEach((d) => d.dispose());
        if (this.panel === panel) this.panel = undefined;
      }),
    ];
  }

  private async onMessage(message: FromWebview): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.postView();
        return;
      case 'openSnippet':
        await this.openLessonFile(message.cardId);
        return;
      case 'reset':
        await this.reset();
        return;
      default:
        await this.enqueue(message);
    }
  }

  private enqueue(event: QuizEvent): Promise<void> {
    this.queue = this.queue.then(() => this.apply(event)).catch((e: unknown) => {
      void vscode.window.showErrorMessage(`Pipeline Seams: could not save quiz progress: ${e instanceof Error ? e.message : String(e)}`);
    });
    return this.queue;
  }

  private async apply(event: QuizEvent): Promise<void> {
    const before = this.state;
    const after = reduce(before, event, CARDS);
    if (after === before) {
      this.postView();
      return;
    }
    this.state = after;
    this.postView();
    const changed = changedCards(before, after);
    await saveProgress(this.context.globalState, before, after);
    await this.syncContextKeys(changed.filter((id) => !!before.progress[id]?.solved !== !!after.progress[id]?.solved));
  }

  private postView(): void {
    if (!this.panel) return;
    const message: ToWebview = { type: 'view', view: buildView(this.state, CARDS, (p) => this.snippetText(p)) };
    void this.panel.webview.postMessage(message);
  }

  private snippetText(relative: string): string | null {
    if (!this.snippets.has(relative)) {
      const file = vscode.Uri.joinPath(this.context.extensionUri, relative).fsPath;
      this.snippets.set(relative, fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null);
    }
    return this.snippets.get(relative)!;
  }
}
