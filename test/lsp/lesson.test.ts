/**
 * What the server adds for the lesson: "Learn this seam" as a code action and a hover link (only for
 * clients that run the command), and the workspace scan request: walks the folders, publishes
 * diagnostics for files not open, honours .gitignore and settings, stops at a limit, can be cancelled.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import type { MarkupContent, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import type { ScanWorkspaceParams, ScanWorkspaceResult } from '../../server/src/lsp/protocol';
import { TestClient } from './lspClient';

const FLAGGED = 'for msg in consumer:\n    consumer.commit()\n    charge_payment(msg.value)\n';
const CLEAN = 'for msg in consumer:\n    charge_payment(msg.value)\n    consumer.commit()\n';

function scan(client: TestClient, params: ScanWorkspaceParams, token?: CancellationTokenSource): Promise<ScanWorkspaceResult> {
  return token
    ? client.connection.sendRequest('pipelineSeams/scanWorkspace', params, token.token)
    : client.connection.sendRequest('pipelineSeams/scanWorkspace', params);
}

function write(dir: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
}

describe('language server: the lesson', function () {
  let dir: string;
  let n = 0;
  const uri = (name: string) => pathToFileURL(path.join(dir, `${n++}-${name}`)).href;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipeline-seams-lesson-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  describe('for a client that runs pipelineSeams.learnSeam', () => {
    let client: TestClient;
    before(async () => {
      client = new TestClient();
      await client.initialize({ learnSeam: true });
    });
    after(async () => {
      assert.doesNotMatch(await client.shutdown(), /Error|Unhandled/);
    });

    it('offers "Learn this seam" once per rule, after the fixes, carrying the rule code', async () => {
      const u = uri('learn.py');
      const diagnostics = await client.open(u, 'python', FLAGGED);
      const actions = await client.codeActions(u, [...diagnostics, ...diagnostics]);
      const learn = actions.filter((a) => a.command?.command === 'pipelineSeams.learnSeam');
      assert.equal(learn.length, 1);
      assert.equal(learn[0]!.title, 'Learn this seam (COM001)');
      assert.deepEqual(learn[0]!.command!.arguments, ['COM001']);
      assert.equal(learn[0]!.kind, 'quickfix');
      assert.ok(!learn[0]!.isPreferred);
      assert.equal(actions[actions.length - 1], learn[0], 'the fixes come first');
      assert.ok(actions.some((a) => a.isPreferred && a.edit), 'the fix is still preferred');
    });

    it('links the hover to the lesson with a command link carrying the rule code', async () => {
      const u = uri('hover.py');
      await client.open(u, 'python', FLAGGED);
      const hover = await client.hover(u, { line: 1, character: 8 });
      const value = (hover!.contents as MarkupContent).value;
      const link = /\[Learn this seam\]\((command:pipelineSeams\.learnSeam\?[^)]+)\)/.exec(value);
      assert.ok(link, value);
      assert.deepEqual(JSON.parse(decodeURIComponent(link[1]!.split('?')[1]!)), ['COM001']);
    });
  });

  describe('for any other client', () => {
    let client: TestClient;
    before(async () => {
      client = new TestClient();
      await client.initialize();
    });
    after(async () => {
      await client.shutdown();
    });

    it('offers neither the action nor the link (the command would not exist)', async () => {
      const u = uri('plain.py');
      const diagnostics = await client.open(u, 'python', FLAGGED);
      const actions = await client.codeActions(u, diagnostics);
      assert.ok(actions.length > 0);
      assert.ok(actions.every((a) => !a.command));
      const hover = await client.hover(u, { line: 1, character: 8 });
      assert.doesNotMatch((hover!.contents as MarkupContent).value, /command:/);
    });
  });

  describe('workspace scan', () => {
    let client: TestClient;
    let published: Map<string, PublishDiagnosticsParams>;
    before(async () => {
      client = new TestClient();
      await client.initialize({ learnSeam: true });
      published = new Map();
      client.onPublish = (p) => published.set(p.uri, p);
    });
    after(async () => {
      assert.doesNotMatch(await client.shutdown(), /Error|Unhandled/);
    });

    function project(files: Record<string, string>): { root: string; folder: string; uriOf: (rel: string) => string } {
      const root = fs.mkdtempSync(path.join(dir, 'ws-'));
      fs.mkdirSync(path.join(root, '.git'));
      write(root, files);
      return { root, folder: pathToFileURL(root).href, uriOf: (rel) => pathToFileURL(path.join(root, rel)).href };
    }

    it('publishes diagnostics for every flagged file, honouring .gitignore and skipping node_modules', async () => {
      const p = project({
        'services/payments/consumer.py': FLAGGED,
        'services/payments/fixed.py': CLEAN,
        'services/refunds/consumer.py': FLAGGED,
        'build/generated.py': FLAGGED,
        'node_modules/lib/consumer.py': FLAGGED,
        'README.md': FLAGGED,
        '.gitignore': 'build/\n',
      });
      published.clear();
      const result = await scan(client, { folders: [p.folder] });
      assert.deepEqual(result, { files: 3, findings: 2, filesWithFindings: 2, open: 0, skipped: 0, truncated: false, cancelled: false });
      const flagged = [...published.values()].filter((d) => d.diagnostics.length > 0).map((d) => d.uri).sort();
      assert.deepEqual(flagged, [p.uriOf('services/payments/consumer.py'), p.uriOf('services/refunds/consumer.py')].sort());
      const d = published.get(p.uriOf('services/payments/consumer.py'))!.diagnostics[0]!;
      assert.equal(d.code, 'COM001');
      assert.deepEqual(d.range.start, { line: 1, character: 4 });
      assert.ok(!published.has(p.uriOf('services/payments/fixed.py')), 'nothing is published for a clean file never flagged');
    });

    it('leaves open documents to the live linter, and clears files fixed since the last scan', async () => {
      const p = project({ 'a.py': FLAGGED, 'b.py': FLAGGED });
      const openDiagnostics = await client.open(p.uriOf('a.py'), 'python', CLEAN);
      assert.deepEqual(openDiagnostics, []);
      published.clear();
      const first = await scan(client, { folders: [p.folder] });
      assert.equal(first.open, 1);
      assert.equal(first.files, 1);
      assert.ok(!published.has(p.uriOf('a.py')), 'the scan does not overwrite what the editor shows for an open file');
      assert.equal(published.get(p.uriOf('b.py'))!.diagnostics.length, 1);
      await client.close(p.uriOf('a.py'));

      fs.writeFileSync(path.join(p.root, 'b.py'), CLEAN);
      published.clear();
      const second = await scan(client, { folders: [p.folder] });
      assert.equal(second.findings, 1, 'a.py, closed now, is scanned from disk');
      assert.deepEqual(published.get(p.uriOf('b.py'))!.diagnostics, [], 'b.py is cleared once fixed');
      fs.rmSync(path.join(p.root, 'a.py'));
      published.clear();
      await scan(client, { folders: [p.folder] });
      assert.deepEqual(published.get(p.uriOf('a.py'))!.diagnostics, [], 'a deleted file loses its findings');
    });

    it('honours settings: nothing when disabled, per-rule severity otherwise', async () => {
      const p = project({ 'c.py': FLAGGED });
      await client.settingsChanged({ enable: false });
      const off = await scan(client, { folders: [p.folder] });
      assert.equal(off.files, 0);
      await client.settingsChanged({ rules: { COM001: 'info' } });
      published.clear();
      const info = await scan(client, { folders: [p.folder] });
      assert.equal(info.findings, 1);
      assert.equal(published.get(p.uriOf('c.py'))!.diagnostics[0]!.severity, 3);
      await client.settingsChanged({});
    });

    it('stops at the file limit and says so', async () => {
      const files: Record<string, string> = {};
      for (let i = 0; i < 12; i++) files[`m${String(i).padStart(2, '0')}.py`] = FLAGGED;
      const p = project(files);
      const result = await scan(client, { folders: [p.folder], maxFiles: 5 });
      assert.equal(result.files, 5);
      assert.equal(result.truncated, true);
    });

    it('can be cancelled, and keeps serving other requests while it runs', async () => {
      const files: Record<string, string> = {};
      for (let i = 0; i < 300; i++) files[`many/f${i}.py`] = FLAGGED;
      const p = project(files);
      const source = new CancellationTokenSource();
      // The first file the scan publishes proves it is running; the scan checks one file per turn of
      // the server's event loop, so the edit and the cancellation below overtake the other 299.
      const recordAll = client.onPublish;
      const started = new Promise<void>((resolve) => {
        client.onPublish = (d) => {
          recordAll?.(d);
          if (d.uri.includes('/many/')) resolve();
        };
      });
      const running = scan(client, { folders: [p.folder] }, source);
      await started;
      client.onPublish = recordAll;
      const u = uri('during-scan.py');
      const live = await client.open(u, 'python', FLAGGED);
      assert.equal(live.length, 1, 'an edit during the scan is linted live');
      source.cancel();
      const result = await running;
      assert.equal(result.cancelled, true);
      assert.ok(result.files < 300, `scanned ${result.files} files before the cancellation`);
    });

    it('ignores folders that are not on disk and malformed parameters', async () => {
      assert.equal((await scan(client, { folders: ['untitled:Untitled-1', 'vscode-vfs://github/x'] })).files, 0);
      assert.equal((await scan(client, {} as ScanWorkspaceParams)).files, 0);
    });
  });
});
