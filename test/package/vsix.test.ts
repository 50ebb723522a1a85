/**
 * What ships: `vsce package` builds a VSIX holding the three bundles and every WebAssembly file they
 * load; unpacked anywhere, its CLI and its language server run from another working directory.
 * Packaging happens in a scratch copy of the project so the working tree's dist/ is left alone.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageExtension } from '../../scripts/packageVsix';
import { TestClient } from '../lsp/lspClient';
import { CARDS } from '../../client/src/lesson/content';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { GRAMMARS } = require('../../esbuild.js') as { GRAMMARS: string[] };

describe('VSIX package', function () {
  let work: string;
  let unpacked: string;
  let entries: string[];

  before(async function () {
    // packaging runs the production build in a scratch copy of the project
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'pipeline-seams-vsix-'));
    const packaged = await packageExtension(work);
    unpacked = path.dirname(packaged.extensionDir);
    entries = packaged.entries;
  });

  after(() => fs.rmSync(work, { recursive: true, force: true }));

  it('contains the bundles and every wasm they load, and no sources or node_modules', () => {
    const expected = ['tree-sitter.wasm', 'libpg-query.wasm', ...GRAMMARS.map((g) => `tree-sitter-${g}.wasm`)];
    for (const f of ['extension.js', 'server.js', 'cli.js', ...expected]) {
      assert.ok(entries.includes(`extension/dist/${f}`), `VSIX lacks dist/${f}`);
    }
    const shipped = entries.filter((e) => e.endsWith('.wasm')).map((e) => path.basename(e)).sort();
    assert.deepEqual(shipped, [...expected].sort());
    assert.ok(!entries.some((e) => e.includes('node_modules/') || e.endsWith('.ts')), 'no sources or node_modules');
  });

  it('ships the lesson: the quiz script and stylesheet, the media of every walkthrough step and every snippet it opens', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(unpacked, 'extension/package.json'), 'utf8')) as {
      contributes: { walkthroughs: { steps: { media: { markdown: string } }[] }[] };
    };
    const media = manifest.contributes.walkthroughs.flatMap((w) => w.steps.map((s) => s.media.markdown));
    const snippets = CARDS.flatMap((c) => [c.snippet.path, c.live.path]);
    for (const f of ['dist/quiz.js', 'media/quiz.css', ...media, ...snippets]) assert.ok(entries.includes(`extension/${f}`), `VSIX lacks ${f}`);
  });

  it('ships the pipeline map panel: its script and stylesheet', () => {
    for (const f of ['dist/map.js', 'media/map.css']) assert.ok(entries.includes(`extension/${f}`), `VSIX lacks ${f}`);
  });

  it('ships bundles that read tree-sitter nodes straight from WebAssembly memory (the minified build too)', () => {
    for (const f of ['server.js', 'cli.js']) {
      assert.match(fs.readFileSync(path.join(unpacked, 'extension/dist', f), 'utf8'), /\.HEAP32\[/, f);
    }
  });

  it('runs its CLI from another directory (tree-sitter and the PostgreSQL parser load)', () => {
    const cwd = fs.mkdtempSync(path.join(work, 'elsewhere-'));
    fs.writeFileSync(path.join(cwd, 'consumer.py'), 'for msg in consumer:\n    consumer.commit()\n    charge(msg.value)\n');
    fs.writeFileSync(path.join(cwd, 'schema.sql'), 'CREATE TABLE t (id int PRIMARY KEY);\nSELEC broken;\n');
    const cli = path.join(unpacked, 'extension/dist/cli.js');
    const r = spawnSync(process.execPath, [cli, 'check', '.', '--format', 'json'], { cwd, encoding: 'utf8' });
    assert.equal(r.status, 1, r.stderr);
    const out = JSON.parse(r.stdout) as { findings: { ruleId: string; path: string }[] };
    assert.deepEqual(out.findings.map((f) => [f.path, f.ruleId]), [['consumer.py', 'COM001']]);
    assert.equal(r.stderr, '');
  });

  it('runs its language server standalone with --stdio', async () => {
    const client = new TestClient({ serverPath: path.join(unpacked, 'extension/dist/server.js'), cwd: os.tmpdir() });
    try {
      await client.initialize();
      const uri = pathToFileURL(path.join(work, 'x.py')).href;
      const diagnostics = await client.open(uri, 'python', 'for msg in consumer:\n    consumer.commit()\n    charge(msg.value)\n');
      assert.deepEqual(diagnostics.map((d) => d.code), ['COM001']);
    } finally {
      await client.shutdown();
    }
  });
});
