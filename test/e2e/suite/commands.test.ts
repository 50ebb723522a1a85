/** The commands the extension contributes exist and work; a restarted server checks again. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { contributedCommands, diagnosticsWithCode } from './helpers';

describe('commands', () => {
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('registers every command it contributes', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = [...contributedCommands()].filter((c) => !registered.has(c));
    assert.deepEqual(missing, []);
    assert.ok(registered.has('pipelineSeams.restartServer') && registered.has('pipelineSeams.showOutput'));
  });

  it('shows its output channel', async () => {
    await vscode.commands.executeCommand('pipelineSeams.showOutput');
  });

  it('checks documents again after "Restart Language Server"', async () => {
    await vscode.commands.executeCommand('pipelineSeams.restartServer');
    const document = await vscode.workspace.openTextDocument({
      language: 'python',
      content: 'for msg in consumer:\n    consumer.commit()\n    charge(msg.value)\n',
    });
    await vscode.window.showTextDocument(document);
    const [d] = await diagnosticsWithCode(document.uri, 'COM001');
    assert.equal(d.range.start.line, 1);
  });
});
