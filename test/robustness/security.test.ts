/**
 * Credentials stay in the config they came from: no value of a secret-bearing key appears in
 * diagnostics, code action titles, hovers or server log lines, nor in any CLI output format.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TestClient } from '../lsp/lspClient';
import { assertNoSecrets, SECRET_FIXTURES } from '../rules/cdc/secretsFixture';
import { DIST } from '../setup';
import { lintFile } from '../../server/src/engine/lint';
import { RULES } from '../../server/src/rules';
import { mapHtml } from '../../client/src/map/html';
import { parseMapMessage } from '../../client/src/map/messages';
import { createNonce, quizHtml } from '../../client/src/quiz/html';

const LANGUAGE: Record<string, string> = { '.json': 'json', '.yaml': 'yaml', '.properties': 'properties' };

describe('webview content security', () => {
  const panels = { quiz: quizHtml, map: mapHtml };
  for (const [name, build] of Object.entries(panels)) {
    it(`the ${name} panel allows no remote content and no script without this load's nonce`, () => {
      const input = { cspSource: 'https://file+.vscode-resource.vscode-cdn.net', nonce: createNonce(), scriptUri: 'https://x/dist/p.js', styleUri: 'https://x/media/p.css' };
      const html = build(input);
      const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
      assert.equal(csp, `default-src 'none'; style-src ${input.cspSource}; script-src 'nonce-${input.nonce}'; img-src ${input.cspSource}`);
      const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
      assert.ok(scripts.length > 0);
      for (const [, attrs, body] of scripts) {
        assert.match(attrs!, new RegExp(`nonce="${input.nonce}"`));
        assert.equal(body!.trim(), '');
      }
      assert.doesNotMatch(html, /<style|style=|\son[a-z]+=|https?:\/\/(?!x\/|file\+)/i);
      assert.throws(() => build({ ...input, nonce: 'short' }));
    });
  }
});

describe('markdown from the workspace', () => {
  it('a value quoted in a message cannot become a link or an image in a hover', async () => {
    const client = new TestClient();
    try {
      await client.initialize();
      const evil = 's` ![x](https://example.com/p.png) [click](https://example.com) <img src=x> `';
      const connector = (name: string) =>
        JSON.stringify({
          name,
          config: {
            'connector.class': 'io.debezium.connector.postgresql.PostgresConnector',
            'database.hostname': 'db',
            'database.port': '5432',
            'database.dbname': 'orders',
            'slot.name': evil,
            'heartbeat.interval.ms': '10000',
          },
        }, null, 2);
      const dir = path.join(os.tmpdir(), 'markdown-injection');
      await client.open(pathToFileURL(path.join(dir, 'a.json')).href, 'json', connector('a'));
      const uri = pathToFileURL(path.join(dir, 'b.json')).href;
      const diagnostics = await client.open(uri, 'json', connector('b'));
      const shared = diagnostics.find((d) => d.code === 'CDC004') ?? (await client.nextDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'CDC004'))).diagnostics.find((d) => d.code === 'CDC004')!;
      assert.ok(String(shared.message).includes('https://example.com/p.png'), 'the finding quotes the value (as plain text in the Problems panel)');
      const hover = await client.hover(uri, shared.range.start);
      const markdown = (hover!.contents as { value: string }).value;
      assert.doesNotMatch(markdown, /(?<!\\)!\[/, 'no image');
      assert.doesNotMatch(markdown, /(?<!\\)\]\(https:\/\/example/, 'no link from the document');
      assert.doesNotMatch(markdown, /(?<!\\)<img/, 'no HTML');
    } finally {
      await client.shutdown();
    }
  });
});

describe('secrets', () => {
  it('a credential written into code is masked in messages and fix titles', async () => {
    const code = 'for msg in consumer:\n    consumer.commit()\n    PaymentClient(api_key="sk_live_4f9a2c").charge(msg.value())\n';
    const findings = await lintFile({ path: 'pay.py', kind: 'python', text: code }, RULES.map((rule) => ({ rule, severity: rule.severity })));
    assert.deepEqual(findings.map((f) => f.ruleId), ['COM001']);
    const shown = findings.flatMap((f) => [f.message, ...f.fixes.map((x) => x.title)]).join('\n');
    assert.ok(!shown.includes('sk_live_4f9a2c'), shown);
    assert.match(shown, /api_key="\*\*\*\*"/);
  });

  it('never reach diagnostics, code actions, hovers or the server log', async () => {
    const client = new TestClient();
    try {
      await client.initialize();
      for (const fixture of SECRET_FIXTURES) {
        const uri = pathToFileURL(path.join(os.tmpdir(), 'secrets', fixture.path)).href;
        const diagnostics = await client.open(uri, LANGUAGE[path.extname(fixture.path)]!, fixture.text);
        assert.deepEqual([...new Set(diagnostics.map((d) => String(d.code)))].sort(), [...fixture.flaggedBy].sort(), fixture.path);
        const surfaces: string[] = [JSON.stringify(diagnostics)];
        surfaces.push(JSON.stringify(await client.codeActions(uri, diagnostics)));
        for (const d of diagnostics) surfaces.push(JSON.stringify(await client.hover(uri, d.range.start)));
        const lines = fixture.text.split('\n');
        for (let line = 0; line < lines.length; line++) surfaces.push(JSON.stringify(await client.hover(uri, { line, character: 4 })));
        assertNoSecrets(surfaces.join('\n'), fixture.path);
      }
      assertNoSecrets(client.logs.join('\n'), 'server log');
    } finally {
      assertNoSecrets(await client.shutdown(), 'server stderr');
    }
  });

  it('never reach CLI output in any format', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipeline-seams-secrets-'));
    try {
      for (const f of SECRET_FIXTURES) {
        fs.mkdirSync(path.dirname(path.join(dir, f.path)), { recursive: true });
        fs.writeFileSync(path.join(dir, f.path), f.text);
      }
      for (const args of [['--show-fixes'], ['--format', 'json'], ['--format', 'sarif'], ['--fix', '--unsafe-fixes']]) {
        const r = spawnSync(process.execPath, [path.join(DIST, 'cli.js'), 'check', '.', ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
        assert.ok(r.status === 0 || r.status === 1, r.stderr);
        assert.ok(args[0] === '--fix' || /CDC001/.test(r.stdout), 'the fixtures are flagged, so the check is not vacuous');
        assertNoSecrets(r.stdout + r.stderr, `check ${args.join(' ')}`);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('pipeline map panel messages', () => {
  it('opens only files the map shows, at real positions', () => {
    const known = new Set(['/ws/db/V1.sql']);
    assert.deepEqual(parseMapMessage({ type: 'open', path: '/ws/db/V1.sql', line: 3, character: 0 }, known), { type: 'open', path: '/ws/db/V1.sql', line: 3, character: 0 });
    for (const bad of [
      { type: 'open', path: '/etc/passwd', line: 0, character: 0 },
      { type: 'open', path: '/ws/db/V1.sql', line: -1, character: 0 },
      { type: 'open', path: '/ws/db/V1.sql', line: 1.5, character: 0 },
      { type: 'open', path: '/ws/db/V1.sql', line: '3', character: 0 },
      { type: 'run', command: 'rm -rf /' },
      null,
      'open',
    ]) {
      assert.equal(parseMapMessage(bad, known), undefined, JSON.stringify(bad));
    }
  });
});
