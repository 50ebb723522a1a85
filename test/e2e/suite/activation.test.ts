/**
 * Activation: the extension starts when a file it reads is opened (not at start-up), and its
 * server checks each kind of file the example pipeline has. The first test runs in a fresh
 * extension host, so the connector config is what activates it.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { extension, nextPublish, open, ours, workspaceUri } from './helpers';

describe('activation', () => {
  it('is not active before a file it reads is opened', () => {
    assert.equal(extension().isActive, false, 'the extension activated at start-up; it should wait for a file it checks');
  });

  it('activates on a Debezium connector config (JSON) and checks it', async () => {
    const published = nextPublish(workspaceUri('connect/orders-outbox-connector.json'));
    const { document } = await open('connect/orders-outbox-connector.json');
    assert.equal(document.languageId, 'json');
    await published;
    assert.equal(extension().isActive, true);
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
