/**
 * The lesson inside the editor: commands for the walkthrough, the quiz, "Learn this seam" and the
 * workspace scan. Everything the lesson adds to the extension is registered here.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { SCAN_WORKSPACE_REQUEST, type ScanWorkspaceParams, type ScanWorkspaceResult } from '../../../server/src/lsp/protocol';
import { QuizController } from '../quiz/panel';
import { COMMANDS } from './commandIds';
import { cardForRule, CORE_CARDS } from './content';
import { openLessonFile } from './lessonFiles';
import { scanSummary } from './scanSummary';
import { WALKTHROUGH_ID } from './walkthrough';

export function registerLesson(context: vscode.ExtensionContext, client: () => LanguageClient | undefined): void {
  const quiz = new QuizController(context, async (cardId) => {
    await openLessonFile(context, cardId);
  });
  void quiz.syncContextKeys();
  let scanning: Thenable<void> | undefined;

  context.subscriptions.push(
    quiz,
    vscode.commands.registerCommand(COMMANDS.openWalkthrough, () =>
      vscode.commands.executeCommand('workbench.action.openWalkthrough', `${context.extension.id}#${WALKTHROUGH_ID}`, false),
    ),
    vscode.commands.registerCommand(COMMANDS.openQuiz, (cardId?: unknown) => quiz.show(typeof cardId === 'string' ? cardId : undefined)),
    vscode.commands.registerCommand(COMMANDS.learnSeam, (ruleCode?: unknown) => {
      const card = typeof ruleCode === 'string' ? cardForRule(ruleCode) : undefined;
      quiz.show((card ?? CORE_CARDS[0]!).id);
    }),
    vscode.commands.registerCommand(COMMANDS.openLessonFile, (cardId?: unknown) => openLessonFile(context, cardId)),
    vscode.commands.registerCommand(COMMANDS.resetLessonProgress, async () => {
      await quiz.reset();
      await quiz.syncContextKeys();
      void vscode.window.showInformationMessage('Pipeline Seams: quiz progress reset. Your altitude is back to Zero.');
    }),
    vscode.commands.registerCommand(COMMANDS.scanWorkspace, () => {
      scanning ??= scanWorkspace(client()).finally(() => (scanning = undefined));
      return scanning;
    }),
  );
}

async function scanWorkspace(client: LanguageClient | undefined): Promise<void> {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
  if (folders.length === 0) {
    void vscode.window.showInformationMessage('Pipeline Seams: open a folder to scan it.');
    return;
  }
  if (!client) {
    void vscode.window.showErrorMessage('Pipeline Seams: the language server is not running.');
    return;
  }
  const params: ScanWorkspaceParams = { folders: folders.map((f) => f.uri.toString()) };
  let result: ScanWorkspaceResult;
  try {
    result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Pipeline Seams: scanning the workspace', cancellable: true },
      (_progress, token) => client.sendRequest<ScanWorkspaceResult>(SCAN_WORKSPACE_REQUEST, params, token),
    );
  } catch (e) {
    void vscode.window.showErrorMessage(`Pipeline Seams: the scan failed: ${e instanceof Error ? e.message : String(e)}`);
    return;
  }
  await vscode.commands.executeCommand('workbench.actions.view.problems');
  void vscode.window.showInformationMessage(scanSummary(result));
}
