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
import yauzl from 'yauzl';
import { REPO_ROOT } from '../setup';
import { TestClient } from '../lsp/lspClient';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { GRAMMARS } = require('../../esbuild.js') as { GRAMMARS: string[] };

const COPIED = ['package.json', 'package-lock.json', 'esbuild.js', 'tsconfig.json', '.vscodeignore', 'README.md', 'CHANGELOG.md', 'LICENSE'];
const COPIED_DIRS = ['client', 'server', 'docs', 'schemas', 'language-configuration', 'walkthroughs', 'media'];

function unzip(file: string, into: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const names: string[] = [];
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error('cannot open VSIX'));
      zip.on('entry', (entry: yauzl.Entry) => {
        names.push(entry.fileName);
        const target = path.join(into, entry.fileName);
        if (entry.fileName.endsWith('/')) {
          zip.readEntry();
          return;
        }
        fs.mkdirSync(path.dirname(target), { recursive: true });
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e ?? new Error('cannot read entry'));
          stream.pipe(fs.createWriteStream(target)).on('finish', () => zip.readEntry());
        });
      });
      zip.on('end', () => resolve(names));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

describe('VSIX package', function () {
  let work: string;
  let unpacked: string;
  let entries: string[];

  before(async function () {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'pipeline-seams-vsix-'));
    const project = path.join(work, 'project');
    fs.mkdirSync(project);
    for (const f of COPIED) if (fs.existsSync(path.join(REPO_ROOT, f))) fs.copyFileSync(path.join(REPO_ROOT, f), path.join(project, f));
    for (const d of COPIED_DIRS) if (fs.existsSync(path.join(REPO_ROOT, d))) fs.cpSync(path.join(REPO_ROOT, d), path.join(project, d), { recursive: true });
    fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(project, 'node_modules'), 'dir');
    const vsix = path.join(work, 'pipeline-seams.vsix');
    const vsce = path.join(REPO_ROOT, 'node_modules/@vscode/vsce/vsce');
    const packed = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '-o', vsix], { cwd: project, encoding: 'utf8' });
    assert.equal(packed.status, 0, `vsce package failed:\n${packed.stdout}\n${packed.stderr}`);
    unpacked = path.join(work, 'unpacked');
    entries = await unzip(vsix, unpacked);
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

  it('ships the lesson: the quiz script and stylesheet, and the media of every walkthrough step', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(unpacked, 'extension/package.json'), 'utf8')) as {
      contributes: { walkthroughs: { steps: { media: { markdown: string } }[] }[] };
    };
    const media = manifest.contributes.walkthroughs.flatMap((w) => w.steps.map((s) => s.media.markdown));
    for (const f of ['dist/quiz.js', 'media/quiz.css', ...media]) assert.ok(entries.includes(`extension/${f}`), `VSIX lacks ${f}`);
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
