/**
 * Connector configs and SQL: each sample file has the bug its rule is about, and the shipped build
 * registers every rule named here.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { diagnosticsWithCode, open, rulesInRegistry } from './helpers';

const CASES = [
  {
    code: 'CDC001',
    file: 'connect/orders-outbox-connector.json',
    what: 'a Debezium PostgreSQL connector with `heartbeat.interval.ms` "0" tailing the outbox',
  },
  {
    code: 'DUP001',
    file: 'db/migrations/V3__processed_events.sql',
    what: 'a processed_events table keyed by a bigserial id with no unique event_id',
  },
  {
    code: 'OBX002',
    file: 'db/place_order.sql',
    what: 'an order and its outbox row committed in separate transactions',
  },
];

describe('connector configs and SQL', () => {
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  for (const c of CASES) {
    it(`${c.code}: flags ${c.what}`, async () => {
      assert.ok(rulesInRegistry().has(c.code), `${c.code} is in the rule registry`);
      const { uri, document } = await open(c.file);
      const found = await diagnosticsWithCode(uri, c.code);
      assert.ok(found.length > 0);
      // Connector configs hold credentials: no message may echo another key's value.
      for (const d of found) assert.doesNotMatch(d.message, /secrets|orders-db\.properties/);
      assert.ok(found.every((d) => d.range.end.line < document.lineCount));
    });
  }
});
