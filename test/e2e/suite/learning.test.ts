/** The walkthrough and the quiz open from their commands. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { contributedCommands, when } from './helpers';

function tabLabels(): string[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs.map((t) => t.label));
}

describe('walkthrough and quiz', () => {
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('"Open Walkthrough" opens the walkthrough', async () => {
    assert.ok(contributedCommands().has('pipelineSeams.openWalkthrough'));
    const before = tabLabels().length;
    await vscode.commands.executeCommand('pipelineSeams.openWalkthrough');
    await when(vscode.window.tabGroups.onDidChangeTabs, () => (tabLabels().length > before ? true : undefined), 'the walkthrough tab');
  });

  it('"Open Quiz" opens the quiz panel', async () => {
    assert.ok(contributedCommands().has('pipelineSeams.openQuiz'));
    await vscode.commands.executeCommand('pipelineSeams.openQuiz');
    const tab = await when(
      vscode.window.tabGroups.onDidChangeTabs,
      () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputWebview),
      'the quiz webview tab',
    );
    assert.ok(tab.label.length > 0);
  });
});
