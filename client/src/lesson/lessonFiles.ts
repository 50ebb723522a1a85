/**
 * "Open this in an editor": a fresh copy of the card's file in the extension's storage, opened as a
 * real file of the right language, so the language server flags it and the quick fix can be applied
 * and saved without touching the copy shipped with the extension.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { cardById, CORE_CARDS, type LessonCard } from './content';

export async function openLessonFile(context: vscode.ExtensionContext, cardId: unknown): Promise<vscode.TextEditor | undefined> {
  const card = typeof cardId === 'string' ? cardById(cardId) : await pickCard();
  if (!card) return undefined;
  const source = vscode.Uri.joinPath(context.extensionUri, card.live.path);
  let bytes: Uint8Array;
  try {
    bytes = await vscode.workspace.fs.readFile(source);
  } catch {
    void vscode.window.showErrorMessage(`Pipeline Seams: the lesson file ${card.live.path} is not part of this build.`);
    return undefined;
  }
  const target = vscode.Uri.joinPath(context.globalStorageUri, 'lesson', path.posix.basename(card.live.path));
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === target.toString());
  // A copy the learner is editing stays as it is; otherwise each opening starts from the original.
  if (!open?.isDirty) {
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(context.globalStorageUri, 'lesson'));
    await vscode.workspace.fs.writeFile(target, bytes);
  }
  const document = open ?? (await vscode.workspace.openTextDocument(target));
  const shown = document.languageId === card.live.language ? document : await vscode.languages.setTextDocumentLanguage(document, card.live.language);
  return vscode.window.showTextDocument(shown, { viewColumn: vscode.ViewColumn.Beside, preview: false });
}

async function pickCard(): Promise<LessonCard | undefined> {
  const picked = await vscode.window.showQuickPick(
    CORE_CARDS.map((card) => ({ label: card.seam, description: `${card.live.path} (${card.rule})`, card })),
    { placeHolder: 'Which lesson file?' },
  );
  return picked?.card;
}
