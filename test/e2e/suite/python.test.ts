/**
 * The full flow on a Python consumer that commits the offset before charging the card (COM001):
 * the diagnostic with its rule link, the hover, settings that apply
 * without a restart, the quick fix landing on disk after save, and fix-all on save.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, diagnosticsWhere, diagnosticsWithCode, markdownOf, open, readDisk, setSetting } from './helpers';

const PAYMENTS = 'services/payments_consumer.py';
const EMAILS = 'services/emails_consumer.py';
const COMMIT = '        consumer.commit(message=msg, asynchronous=False)\n';

describe('Python consumer (COM001)', () => {
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('flags the commit that runs before the charge, with a link to the rule page', async () => {
    const { uri } = await open(PAYMENTS);
    const [d, ...rest] = await diagnosticsWithCode(uri, 'COM001');
    assert.equal(rest.length, 0, 'one finding');
    assert.equal(d.message, 'Offset committed before `charge_card(...)` runs');
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.deepEqual([d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character], [15, 8, 15, 56]);
    assert.equal(typeof d.code, 'object', 'the code carries a link');
    const target = (d.code as { target: vscode.Uri }).target;
    assert.match(target.toString(true), /docs\/rules\/COM001\.md$/);
  });

  it('explains the finding on hover', async () => {
    const { uri } = await open(PAYMENTS);
    const [d] = await diagnosticsWithCode(uri, 'COM001');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, d.range.start.translate(0, 4));
    const text = markdownOf(hovers);
    assert.match(text, /\*\*COM001 commit-before-side-effect\*\*/);
    assert.match(text, /Why it breaks/);
    assert.match(text, /Move the commit after `charge_card\(\.\.\.\)`/);
    assert.match(text, /docs\/rules\/COM001\.md/);
  });

  it('applies rule severities from the settings without a restart', async () => {
    const { uri } = await open(PAYMENTS);
    try {
      await setSetting('pipelineSeams', 'rules', { COM001: 'warning' });
      await diagnosticsWhere(uri, (ds) => ds.some((d) => codeOf(d) === 'COM001' && d.severity === vscode.DiagnosticSeverity.Warning), 'COM001 as a warning');
      await setSetting('pipelineSeams', 'rules', { COM001: 'off' });
      await diagnosticsWhere(uri, (ds) => ds.length === 0, 'COM001 turned off');
      await setSetting('pipelineSeams', 'rules', undefined);
      await setSetting('pipelineSeams', 'enable', false);
      await diagnosticsWhere(uri, (ds) => ds.length === 0, 'checking disabled');
    } finally {
      await setSetting('pipelineSeams', 'rules', undefined);
      await setSetting('pipelineSeams', 'enable', undefined);
    }
    await diagnosticsWhere(uri, (ds) => ds.some((d) => codeOf(d) === 'COM001' && d.severity === vscode.DiagnosticSeverity.Error), 'COM001 back as an error');
  });

  it('quick fix moves the commit after the charge; the file on disk has it after save', async () => {
    const { uri, document } = await open(PAYMENTS);
    const before = await readDisk(uri);
    const [d] = await diagnosticsWithCode(uri, 'COM001');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, d.range, vscode.CodeActionKind.QuickFix.value);
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes('Ignore COM001 on this line'), `actions: ${titles.join(', ')}`);
    const fix = actions.find((a) => a.title === 'Move the commit after `charge_card(...)`');
    assert.ok(fix?.edit, `no "Move the commit" fix among: ${titles.join(', ')}`);
    assert.equal(fix.isPreferred, true, 'the safe fix is the preferred one');
    assert.equal(await vscode.workspace.applyEdit(fix.edit), true);
    assert.equal(await document.save(), true);

    const expected = before.replace(`${COMMIT}        charge_card(event["order_id"], event["total_cents"])\n`, `        charge_card(event["order_id"], event["total_cents"])\n${COMMIT}`);
    assert.notEqual(expected, before, 'the fixture has the commit before the charge');
    assert.equal(await readDisk(uri), expected);
    await diagnosticsWhere(uri, (ds) => ds.length === 0, 'no finding after the fix');
  });

  it('fix-all on save applies the safe fix when editor.codeActionsOnSave asks for it', async () => {
    const { uri, editor } = await open(EMAILS);
    const original = await readDisk(uri);
    await diagnosticsWithCode(uri, 'COM001');
    const note = '# Receipts are keyed by payment id, so a redelivered message sends nothing twice.\n';

    // Not configured: saving keeps the text as typed.
    assert.equal(await editor.edit((b) => b.insert(new vscode.Position(1, 0), note)), true);
    await vscode.commands.executeCommand('workbench.action.files.save');
    const typed = await readDisk(uri);
    assert.equal(typed, original.replace('\n', `\n${note}`));

    await setSetting('editor', 'codeActionsOnSave', { 'source.fixAll.pipelineSeams': 'explicit' }, vscode.ConfigurationTarget.Workspace);
    try {
      assert.equal(await editor.edit((b) => b.delete(new vscode.Range(1, 0, 2, 0))), true);
      await vscode.commands.executeCommand('workbench.action.files.save');
      const expected = original.replace(`${COMMIT}        send_receipt(json.loads(msg.value()))\n`, `        send_receipt(json.loads(msg.value()))\n${COMMIT}`);
      assert.notEqual(expected, original);
      assert.equal(await readDisk(uri), expected);
      await diagnosticsWhere(uri, (ds) => ds.length === 0, 'no finding after fix-all');
    } finally {
      await setSetting('editor', 'codeActionsOnSave', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});
