/**
 * Activation: the extension starts when a file it reads is opened (not at start-up), and its
 * server checks each kind of file the example pipeline has. The first test runs in a fresh
 * extension host, so the connector config is what activates it. Whether the server reports the
 * connector's and the migration's bugs is checked in connectors.test.ts, per rule.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { extension, nextPublish, open, ours, until, workspaceUri } from './helpers';

describe('activation', () => {
  it('is not active before a file it reads is opened', () => {
    assert.equal(extension().isActive, false, 'the extension activated at start-up; it should wait for a file it checks');
  });

  it('activates when a Debezium connector config (JSON) is opened', async () => {
    const { document } = await open('connect/orders-outbox-connector.json');
    assert.equal(document.languageId, 'json');
    // VS Code's own JSON server publishes for this file too, so a publish proves nothing here.
    await until(() => extension().isActive, 'the extension to activate');
  });

  it('checks a SQL migration', async () => {
    const published = nextPublish(workspaceUri('db/migrations/V3__processed_events.sql'));
    const { document } = await open('db/migrations/V3__processed_events.sql');
    assert.equal(document.languageId, 'sql');
    await published;
  });

  it('checks a Python consumer and stays silent when it commits after the work', async () => {
    const published = nextPublish(workspaceUri('services/refunds_consumer.py'));
    const { uri, document } = await open('services/refunds_consumer.py');
    assert.equal(document.languageId, 'python');
    await published;
    assert.deepEqual(ours(uri), []);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
