/**
 * The CLI as shipped (dist/cli.js): golden output per format, exit codes, --fix, rule selection,
 * config files, and the files it walks or skips.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DIST, REPO_ROOT, requireDist } from '../setup';

const FIXTURE = path.join(__dirname, 'fixtures/project');
const GOLDENS = path.join(__dirname, 'goldens');

function run(args: string[], cwd = FIXTURE, env: NodeJS.ProcessEnv = {}) {
  requireDist();
  const result = spawnSync(process.execPath, [path.join(DIST, 'cli.js'), ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function golden(name: string, actual: string): void {
  const file = path.join(GOLDENS, name);
  if (process.env.UPDATE_GOLDENS) fs.writeFileSync(file, actual);
  assert.ok(fs.existsSync(file), `golden ${name} is missing (UPDATE_GOLDENS=1 writes it)`);
  assert.equal(actual, fs.readFileSync(file, 'utf8'), `output differs from goldens/${name}`);
}

/** A scratch copy of the fixture project, for runs that write files. */
function scratch(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipeline-seams-cli-'));
  fs.cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

describe('CLI', () => {
  it('text output (golden), exit 1 on findings', () => {
    const r = run(['check']);
    assert.equal(r.code, 1);
    golden('check.txt', r.stdout);
    assert.equal(r.stderr, '');
  });

  it('text output with --show-fixes (golden)', () => {
    const r = run(['check', 'services', '--show-fixes']);
    assert.equal(r.code, 1);
    golden('check-show-fixes.txt', r.stdout);
  });

  it('JSON output follows the contract (golden)', () => {
    const r = run(['check', '--format', 'json']);
    assert.equal(r.code, 1);
    golden('check.json', r.stdout);
    const out = JSON.parse(r.stdout) as { version: number; findings: Record<string, unknown>[] };
    assert.equal(out.version, 1);
    assert.deepEqual(Object.keys(out.findings[0]!), ['path', 'ruleId', 'ruleName', 'severity', 'message', 'range', 'fixes']);
    const first = out.findings[0] as { path: string; range: { start: { line: number; column: number } } };
    assert.equal(first.path, 'services/payments.py');
    assert.deepEqual(first.range.start, { line: 3, column: 5 }, '1-based line and column');
  });

  it('SARIF 2.1.0 output (golden)', () => {
    const r = run(['check', '--format=sarif']);
    assert.equal(r.code, 1);
    golden('check.sarif', r.stdout);
    const sarif = JSON.parse(r.stdout) as {
      version: string;
      runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string; fixes?: { artifactChanges: unknown[] }[] }[] }[];
    };
    assert.equal(sarif.version, '2.1.0');
    assert.equal(sarif.runs.length, 1);
    assert.ok(sarif.runs[0]!.tool.driver.rules.some((rule) => rule.id === 'COM001'));
    assert.ok(sarif.runs[0]!.results[0]!.fixes![0]!.artifactChanges.length > 0);
  });

  it('exit 0 and a clean summary when nothing is found', () => {
    const r = run(['check', 'services/receipts.py']);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, 'All checks passed (1 file checked).\n');
  });

  it('honours .gitignore and never enters node_modules, but checks a file named explicitly', () => {
    const dir = scratch();
    try {
      fs.mkdirSync(path.join(dir, 'node_modules/lib'), { recursive: true });
      fs.copyFileSync(path.join(dir, 'services/payments.py'), path.join(dir, 'node_modules/lib/payments.py'));
      assert.ok(fs.existsSync(path.join(dir, 'generated/payments.py')), 'the ignored fixture file is there');
      const walked = JSON.parse(run(['check', '--format', 'json'], dir).stdout) as { findings: { path: string }[] };
      const paths = new Set(walked.findings.map((f) => f.path));
      assert.deepEqual([...paths].sort(), ['services/payments.py', 'services/refunds.py']);
      const explicit = run(['check', 'generated/payments.py', '--format', 'json'], dir);
      assert.equal((JSON.parse(explicit.stdout) as { findings: unknown[] }).findings.length, 1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--select and --ignore choose rules; unknown codes are usage errors', () => {
    assert.equal(run(['check', '--ignore', 'COM001']).code, 0);
    assert.equal(run(['check', '--select', 'com001']).code, 1);
    const bad = run(['check', '--select', 'XYZ999']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /unknown rule code "XYZ999"/);
  });

  it('usage errors exit 2 with a message', () => {
    for (const args of [['lint'], ['check', '--format', 'xml'], ['check', '--frobnicate'], ['check', 'no/such/dir']]) {
      const r = run(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, /^pipeline-seams: /);
    }
    assert.equal(run(['--help']).code, 0);
    assert.match(run(['--version']).stdout, /^\d+\.\d+\.\d+\n$/);
  });

  it('--fix applies safe fixes, writes files, and reports what is left', () => {
    const dir = scratch();
    try {
      const r = run(['check', 'services', '--fix'], dir);
      assert.equal(r.code, 1, 'the unsafe finding remains');
      assert.match(r.stdout, /Fixed 1 finding\. Found 1 finding remaining in 1 of 3 files \(1 more with `--fix --unsafe-fixes`\)\./);
      assert.equal(fs.readFileSync(path.join(dir, 'services/payments.py'), 'utf8'), fs.readFileSync(path.join(GOLDENS, 'payments.fixed.py'), 'utf8'));
      assert.equal(fs.readFileSync(path.join(dir, 'services/refunds.py'), 'utf8'), fs.readFileSync(path.join(FIXTURE, 'services/refunds.py'), 'utf8'));
      const all = run(['check', 'services', '--fix', '--unsafe-fixes'], dir);
      assert.equal(all.code, 0);
      assert.match(all.stdout, /^Fixed 1 finding\. All checks passed/);
      assert.equal(run(['check', 'services'], dir).code, 0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads the nearest .pipeline-seams.json, or the one given with --config', () => {
    const dir = scratch();
    try {
      fs.writeFileSync(path.join(dir, '.pipeline-seams.json'), '{ // team settings\n "rules": { "COM001": "warning" }, "ignore": ["services/refunds.py"] }');
      const r = JSON.parse(run(['check', '--format', 'json'], dir).stdout) as { findings: { severity: string; path: string }[] };
      assert.deepEqual(r.findings.map((f) => [f.path, f.severity]), [['services/payments.py', 'warning']]);
      fs.writeFileSync(path.join(dir, 'strict.json'), '{ "perFileIgnores": { "services/*.py": ["COM001"] } }');
      assert.equal(run(['check', '--config', 'strict.json'], dir).code, 0);
      fs.writeFileSync(path.join(dir, 'broken.json'), '{ "rulez": {} }');
      const broken = run(['check', '--config', 'broken.json'], dir);
      assert.equal(broken.code, 2);
      assert.match(broken.stderr, /unknown key "rulez"/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('skips binary, oversized and undecodable files with a note', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipeline-seams-skip-'));
    try {
      fs.writeFileSync(path.join(dir, 'binary.py'), Buffer.from([0x63, 0x6f, 0x00, 0x01, 0x02]));
      fs.writeFileSync(path.join(dir, 'latin1.py'), Buffer.from([0x23, 0x20, 0xe9, 0x0a]));
      fs.writeFileSync(path.join(dir, 'huge.sql'), 'SELECT 1;\n'.repeat(300_000));
      const r = run(['check', '.'], dir);
      assert.equal(r.code, 0);
      assert.match(r.stderr, /note: binary\.py: skipped, binary file/);
      assert.match(r.stderr, /note: latin1\.py: skipped, not valid UTF-8/);
      assert.match(r.stderr, /note: huge\.sql: skipped, larger than 2 MiB/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps a byte order mark and CRLF line endings when fixing', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipeline-seams-bom-'));
    try {
      const original = fs.readFileSync(path.join(FIXTURE, 'services/payments.py'), 'utf8').replace(/\n/g, '\r\n');
      fs.writeFileSync(path.join(dir, 'p.py'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(original)]));
      assert.equal(run(['check', '--fix', '.'], dir).code, 0);
      const bytes = fs.readFileSync(path.join(dir, 'p.py'));
      assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
      const expected = fs.readFileSync(path.join(GOLDENS, 'payments.fixed.py'), 'utf8').replace(/\n/g, '\r\n');
      assert.equal(bytes.subarray(3).toString('utf8'), expected);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs from any working directory', () => {
    const r = run(['check', path.join(FIXTURE, 'services/payments.py'), '--format', 'json'], os.tmpdir());
    assert.equal(r.code, 1);
    assert.equal((JSON.parse(r.stdout) as { findings: unknown[] }).findings.length, 1);
    assert.ok(REPO_ROOT);
  });

  it('prints where a cross-file finding comes from, in every format', () => {
    const root = path.resolve(REPO_ROOT, 'examples');
    const json = JSON.parse(run(['check', root, '--format', 'json', '--select', 'DUP002'], REPO_ROOT).stdout) as {
      findings: { path: string; related?: { path: string; range: { start: { line: number } }; message: string }[] }[];
    };
    assert.equal(json.findings.length, 1);
    const related = json.findings[0]!.related!;
    assert.equal(related[0]!.path, 'examples/order-pipeline/db/migrations/V2__processed_events.sql');
    assert.ok(related[0]!.range.start.line >= 1);
    const text = run(['check', root, '--select', 'DUP002'], REPO_ROOT).stdout;
    assert.match(text, /= see examples\/order-pipeline\/db\/migrations\/V2__processed_events\.sql:\d+:\d+: /);
    const sarif = JSON.parse(run(['check', root, '--format', 'sarif', '--select', 'DUP002'], REPO_ROOT).stdout) as {
      runs: { results: { relatedLocations?: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
    };
    assert.equal(sarif.runs[0]!.results[0]!.relatedLocations![0]!.physicalLocation.artifactLocation.uri, 'examples/order-pipeline/db/migrations/V2__processed_events.sql');
  });

  it('a key that the next migration in the folder adds counts for DUP001, in the check and when fixing', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipeline-seams-flyway-'));
    const create = 'CREATE TABLE processed_events (event_id UUID NOT NULL, processed_at TIMESTAMPTZ NOT NULL DEFAULT now());\n';
    const key = 'ALTER TABLE processed_events ADD CONSTRAINT processed_events_pkey PRIMARY KEY (event_id);\n';
    try {
      // the same table created by another service, whose migrations add no key: still flagged and fixed
      for (const folder of ['orders/db/migration', 'billing/db/migration']) fs.mkdirSync(path.join(dir, folder), { recursive: true });
      fs.writeFileSync(path.join(dir, 'orders/db/migration/V3__processed_events.sql'), create);
      fs.writeFileSync(path.join(dir, 'orders/db/migration/V4__processed_events_pk.sql'), key);
      fs.writeFileSync(path.join(dir, 'billing/db/migration/V3__processed_events.sql'), create);
      const flagged = (args: string[]) =>
        (JSON.parse(run(['check', ...args, '--format', 'json'], dir).stdout) as { findings: { path: string; ruleId: string }[] }).findings
          .filter((f) => f.ruleId === 'DUP001')
          .map((f) => f.path);
      assert.deepEqual(flagged([]), ['billing/db/migration/V3__processed_events.sql']);
      // enough files for worker threads: each worker sees the other files' keys too
      for (let i = 0; i < 60; i++) fs.writeFileSync(path.join(dir, `orders/db/migration/V${100 + i}__noop.sql`), 'SELECT 1;\n');
      for (const threads of ['1', '2']) {
        fs.writeFileSync(path.join(dir, 'billing/db/migration/V3__processed_events.sql'), create);
        assert.deepEqual(flagged(['--threads', threads]), ['billing/db/migration/V3__processed_events.sql']);
        const fixed = run(['check', '--fix', '--unsafe-fixes', '--threads', threads], dir);
        assert.match(fixed.stdout, /^Fixed 1 finding\./, fixed.stdout);
        assert.equal(fs.readFileSync(path.join(dir, 'orders/db/migration/V3__processed_events.sql'), 'utf8'), create, 'V4 adds the key: V3 keeps its text');
        assert.match(fs.readFileSync(path.join(dir, 'billing/db/migration/V3__processed_events.sql'), 'utf8'), /PRIMARY KEY \(event_id\)/);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writes paths relative to the working directory, encoded as URI references in SARIF', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipeline-seams-paths-'));
    try {
      const lesson = fs.readFileSync(path.join(FIXTURE, 'services/payments.py'));
      fs.mkdirSync(path.join(dir, 'work'));
      fs.writeFileSync(path.join(dir, 'odd#1 ?.py'), lesson);
      const json = JSON.parse(run(['check', path.join(dir, 'odd#1 ?.py'), '--format', 'json'], path.join(dir, 'work')).stdout) as { findings: { path: string }[] };
      assert.equal(json.findings[0]!.path, '../odd#1 ?.py');
      const sarif = JSON.parse(run(['check', '../odd#1 ?.py', '--format', 'sarif'], path.join(dir, 'work')).stdout) as {
        runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
      };
      assert.equal(sarif.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri, '../odd%231%20%3F.py');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lists the rules', () => {
    const r = run(['rules', '--format', 'json']);
    assert.equal(r.code, 0);
    const rules = JSON.parse(r.stdout) as { code: string }[];
    assert.ok(rules.some((x) => x.code === 'COM001'));
  });
});
