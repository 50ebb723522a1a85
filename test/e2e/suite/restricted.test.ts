/**
 * Restricted Mode: the harness opens the workspace untrusted (workspace trust on, never asked).
 * The extension runs no workspace code, so it declares untrusted support and must work there.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { diagnosticsWithCode, extension, open } from './helpers';

describe('[restricted] Restricted Mode', () => {
  it('opens the workspace untrusted', () => {
    assert.equal(vscode.workspace.isTrusted, false);
  });

  it('activates and flags COM001 in an untrusted workspace', async () => {
    const { uri } = await open('services/payments_consumer.py');
    const [d] = await diagnosticsWithCode(uri, 'COM001');
    assert.equal(d.range.start.line, 15);
    assert.equal(extension().isActive, true);
  });
});
