/**
 * The real server over a real JSON-RPC connection: initialize, diagnostics, code actions and their
 * edits, fix-all, hover, settings changes, project config changes.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Diagnostic, MarkupContent } from 'vscode-languageserver-protocol';
import { TestClient } from './lspClient';

const LESSON = `for msg in consumer:  # at-least-once Kafka consumer
    event = parse(msg.value)
    consumer.commit()          # commit offset FIRST
    charge_payment(event.order_id,   # then do the side effect
                   event.amount_cents)
`;

const LESSON_FIXED = `for msg in consumer:  # at-least-once Kafka consumer
    event = parse(msg.value)
    charge_payment(event.order_id,   # then do the side effect
                   event.amount_cents)
    consumer.commit()          # commit offset FIRST
`;

describe('language server', function () {
  let client: TestClient;
  let dir: string;
  let counter = 0;
  const fileUri = (name: string) => pathToFileURL(path.join(dir, `${counter++}-${name}`)).href;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipeline-seams-lsp-'));
    client = new TestClient();
    const init = await client.initialize();
    assert.equal(init.serverInfo?.name, 'pipeline-seams');
  });

  after(async () => {
    const stderr = await client.shutdown();
    fs.rmSync(dir, { recursive: true, force: true });
    assert.doesNotMatch(stderr, /Error|Unhandled/, 'the server wrote errors to stderr');
  });

  it('declares quick fixes, fix-all and hover', async () => {
    const probe = new TestClient();
    const init = await probe.initialize();
    await probe.shutdown();
    const actions = init.capabilities.codeActionProvider as { codeActionKinds: string[] };
    assert.deepEqual(actions.codeActionKinds, ['quickfix', 'source.fixAll.pipelineSeams']);
    assert.equal(init.capabilities.hoverProvider, true);
  });

  it('publishes COM001 on the lesson snippet with code, docs link and source', async () => {
    const uri = fileUri('lesson.py');
    const diagnostics = await client.open(uri, 'python', LESSON);
    assert.equal(diagnostics.length, 1);
    const d = diagnostics[0]!;
    assert.equal(d.code, 'COM001');
    assert.equal(d.source, 'pipeline-seams');
    assert.equal(d.severity, 1);
    assert.equal(d.message, 'Offset committed before `charge_payment(...)` runs');
    assert.deepEqual(d.range, { start: { line: 2, character: 4 }, end: { line: 2, character: 21 } });
    assert.match(d.codeDescription!.href, /\/docs\/rules\/COM001\.md$/);
  });

  it('offers the fix as the preferred quick fix; applying it removes the finding and changes nothing else', async () => {
    const uri = fileUri('quickfix.py');
    const diagnostics = await client.open(uri, 'python', LESSON);
    const actions = await client.codeActions(uri, diagnostics);
    const fix = actions.find((a) => a.isPreferred)!;
    assert.equal(fix.title, 'Move the commit after `charge_payment(...)`');
    assert.equal(fix.kind, 'quickfix');
    const after = await client.apply(fix);
    assert.deepEqual(after, []);
    assert.equal(client.text(uri), LESSON_FIXED);
  });

  it('offers "ignore on this line", which silences the finding with a comment', async () => {
    const uri = fileUri('ignore.py');
    const diagnostics = await client.open(uri, 'python', LESSON);
    const actions = await client.codeActions(uri, diagnostics);
    const ignore = actions.find((a) => a.title === 'Ignore COM001 on this line')!;
    assert.ok(ignore);
    const after = await client.apply(ignore);
    assert.deepEqual(after, []);
    assert.match(client.text(uri).split('\n')[2]!, /^ {4}# pipeline-seams-ignore COM001 -- /);
  });

  it('refuses fixes computed for an older version of the document', async () => {
    const uri = fileUri('stale.py');
    const diagnostics = await client.open(uri, 'python', LESSON);
    await client.change(uri, `# edited\n${LESSON}`);
    const actions = await client.codeActions(uri, diagnostics);
    assert.deepEqual(actions.filter((a) => a.kind === 'quickfix'), [], 'stale diagnostics get no quick fixes');
  });

  it('fix-all applies safe fixes only, in one edit', async () => {
    const uri = fileUri('fixall.py');
    const unsafe = `for msg in consumer:
    consumer.commit()
    if not msg.value:
        continue
    refund(msg.value)
`;
    const text = `${LESSON}\n${unsafe}`;
    const diagnostics = await client.open(uri, 'python', text);
    assert.equal(diagnostics.length, 2);
    const actions: CodeAction[] = await client.codeActions(uri, [], ['source.fixAll.pipelineSeams']);
    assert.equal(actions.length, 1);
    assert.equal(actions[0]!.kind, 'source.fixAll.pipelineSeams');
    const after = await client.apply(actions[0]!);
    assert.equal(client.text(uri), `${LESSON_FIXED}\n${unsafe}`, 'the unsafe fix is not applied');
    assert.equal(after.length, 1);
  });

  it('fix-all can be turned off in settings', async () => {
    const uri = fileUri('fixall-off.py');
    await client.open(uri, 'python', LESSON);
    await client.settingsChanged({ fixAll: false });
    await client.nextDiagnostics(uri);
    const actions = await client.codeActions(uri, [], ['source.fixAll.pipelineSeams']);
    assert.deepEqual(actions, []);
    await client.settingsChanged({});
    await client.nextDiagnostics(uri);
  });

  it('explains the finding on hover', async () => {
    const uri = fileUri('hover.py');
    await client.open(uri, 'python', LESSON);
    const hover = await client.hover(uri, { line: 2, character: 10 });
    const value = (hover!.contents as MarkupContent).value;
    assert.match(value, /\*\*COM001 commit-before-side-effect\*\*/);
    assert.match(value, /Why it breaks/);
    assert.match(value, /The fix/);
    assert.match(value, /docs\/rules\/COM001\.md/);
    assert.equal(await client.hover(uri, { line: 0, character: 0 }), null);
  });

  it('re-lints every open document when settings change, without a restart', async () => {
    const uri = fileUri('settings.py');
    await client.open(uri, 'python', LESSON);
    const off = client.nextDiagnostics(uri);
    await client.settingsChanged({ rules: { COM001: 'off' } });
    assert.deepEqual((await off).diagnostics, []);
    const warning = client.nextDiagnostics(uri);
    await client.settingsChanged({ rules: { COM001: 'warning' } });
    const d: Diagnostic[] = (await warning).diagnostics;
    assert.equal(d.length, 1);
    assert.equal(d[0]!.severity, 2);
    const disabled = client.nextDiagnostics(uri);
    await client.settingsChanged({ enable: false });
    assert.deepEqual((await disabled).diagnostics, []);
    const back = client.nextDiagnostics(uri);
    await client.settingsChanged({});
    assert.equal((await back).diagnostics.length, 1);
  });

  it('reads .pipeline-seams.json and re-reads it when it changes', async () => {
    const project = fs.mkdtempSync(path.join(dir, 'project-'));
    const configPath = path.join(project, '.pipeline-seams.json');
    fs.writeFileSync(configPath, JSON.stringify({ rules: { COM001: 'info' } }));
    const uri = pathToFileURL(path.join(project, 'consumer.py')).href;
    const first = await client.open(uri, 'python', LESSON);
    assert.equal(first[0]!.severity, 3);
    fs.writeFileSync(configPath, JSON.stringify({ perFileIgnores: { '*.py': ['COM001'] } }));
    const next = client.nextDiagnostics(uri);
    await client.watchedFilesChanged(pathToFileURL(configPath).href);
    assert.deepEqual((await next).diagnostics, []);
  });

  it('reports a broken config file and falls back to defaults', async () => {
    const project = fs.mkdtempSync(path.join(dir, 'broken-'));
    fs.writeFileSync(path.join(project, '.pipeline-seams.json'), '{ "rules": { "COM001": "loud" } }');
    const uri = pathToFileURL(path.join(project, 'consumer.py')).href;
    const diagnostics = await client.open(uri, 'python', LESSON);
    assert.equal(diagnostics.length, 1, 'defaults apply');
    assert.ok(client.logs.some((l) => /must be one of "error", "warning", "info", "off"/.test(l)));
  });

  it('lints unsaved documents by language id, and leaves unrelated files alone', async () => {
    const untitled = 'untitled:Untitled-1';
    assert.equal((await client.open(untitled, 'python', LESSON)).length, 1);
    assert.deepEqual(await client.open(fileUri('notes.md'), 'markdown', LESSON), []);
  });

  it('follows incremental edits and clears diagnostics on close', async () => {
    const uri = fileUri('typing.py');
    assert.equal((await client.open(uri, 'python', LESSON)).length, 1);
    // type a comment character by character at the end of line 1, as an editor sends it
    for (const ch of '  # hi') {
      const line = client.text(uri).split('\n')[0]!;
      await client.edit(uri, [{ range: { start: { line: 0, character: line.length }, end: { line: 0, character: line.length } }, newText: ch }]);
    }
    const settled = await client.diagnosticsFor(uri);
    assert.equal(settled.length, 1);
    assert.equal(settled[0]!.range.start.line, 2);
    // delete the commit line: the finding goes away
    const cleared = client.nextDiagnostics(uri, (p) => p.version === client.version(uri));
    await client.edit(uri, [{ range: { start: { line: 2, character: 0 }, end: { line: 3, character: 0 } }, newText: '' }]);
    assert.deepEqual((await cleared).diagnostics, []);
    const closed = client.nextDiagnostics(uri);
    await client.close(uri);
    assert.deepEqual((await closed).diagnostics, []);
  });
});
