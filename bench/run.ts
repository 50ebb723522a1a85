/**
 * `npm run bench`: measures the engine, the language server and the CLI in one run, on
 * deterministic generated inputs, and prints a table (JSON in bench/results/latest.json).
 *
 *   1. lint vs parse-only time per kind and file size (the rules' cost over the parser's floor);
 *   2. re-lint after a one-character edit through the real server (incremental sync and parsing),
 *      after a few warm-up edits, split into the time before the parse, the parse, the rules and publishing;
 *   3. CLI wall time and lines/s on a polyglot tree, one thread and all cores;
 *   4. server cold start and first diagnostics per language (grammars load lazily);
 *   5. server memory with 200 open documents and after closing them: at once, and after the server
 *      has been left idle (V8 gives memory back to the system only then);
 *   6. VSIX size.
 *
 * Timings are wall-clock medians and 95th percentiles over repeated runs; this is the place for
 * numbers, the test suite asserts none. BENCH_QUICK=1 runs fewer repetitions; BENCH_ONLY=lint,keystroke,
 * cli,start,memory,vsix runs only those sections.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { prepareFor } from '../server/src/engine/lint';
import type { ActiveRule } from '../server/src/engine/types';
import { FILE_KINDS, type FileKind } from '../server/src/parsing/fileKinds';
import { RULES } from '../server/src/rules';
import { packageExtension } from '../scripts/packageVsix';
import { TestClient } from '../test/lsp/lspClient';
import { fileName, generate, keystrokePoint, polyglotTree, type Density } from './generate';
import { sampleLintVersusParse } from './lintVersusParse';

const ROOT = path.resolve(__dirname, '..');
const DIST = path.join(ROOT, 'dist');
const QUICK = process.env.BENCH_QUICK === '1';
const ACTIVE: ActiveRule[] = RULES.map((rule) => ({ rule, severity: rule.severity }));
const LANGUAGE_ID: Record<FileKind, string> = {
  python: 'python', typescript: 'typescript', tsx: 'typescriptreact', javascript: 'javascript', java: 'java', go: 'go',
  sql: 'sql', json: 'json', yaml: 'yaml', properties: 'properties', pgconf: 'postgresql-conf', shell: 'shellscript',
};

interface Stats {
  median: number;
  p95: number;
  runs: number;
}

function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { median: at(0.5), p95: at(0.95), runs: sorted.length };
}

const ms = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));
const results: Record<string, unknown> = { date: new Date().toISOString(), node: process.version, cpus: os.availableParallelism(), quick: QUICK };

function table(title: string, header: string[], rows: (string | number)[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells: (string | number)[]) => cells.map((c, i) => String(c).padStart(widths[i]!)).join('  ');
  console.log(`\n${title}\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${rows.map(line).join('\n')}`);
}

// 1 ------------------------------------------------------------------------------------------------
// each case: 0.3 s of warm-up, then samples for a second (at least 21–60 runs, at most 400)
const WARMUP_MS = 300;
const SAMPLE_MS = 1000;
const MAX_RUNS = 400;

async function lintVersusParse(): Promise<void> {
  const rows: (string | number)[][] = [];
  const out: unknown[] = [];
  const cases: { kind: FileKind; lines: number; density: Density }[] = [];
  for (const kind of FILE_KINDS) for (const lines of [200, 2000, 10000]) cases.push({ kind, lines, density: 'realistic' });
  for (const kind of FILE_KINDS) cases.push({ kind, lines: 10000, density: 'dense' });
  for (const { kind, lines, density } of cases) {
    const text = generate(kind, lines, density);
    const file = { path: fileName(kind, 'bench'), kind, text };
    await prepareFor(kind, ACTIVE);
    const { parse, lint: full, findings } = sampleLintVersusParse(file, ACTIVE, {
      warmupMs: QUICK ? 0 : WARMUP_MS,
      sampleMs: QUICK ? 0 : SAMPLE_MS,
      minRuns: QUICK ? 5 : lines === 200 ? 60 : lines === 2000 ? 25 : 21,
      maxRuns: MAX_RUNS,
    });
    const ps = stats(parse);
    const ls = stats(full);
    const ratio = ls.median / ps.median;
    out.push({ kind, lines: text.split('\n').length, density, parse: ps, lint: ls, ratio, findings });
    rows.push([kind, lines, density, ps.runs, ms(ps.median), ms(ps.p95), ms(ls.median), ms(ls.p95), ratio.toFixed(2), findings]);
  }
  results.lintVersusParse = out;
  table('1. Lint (parse + all rules) vs parse only, ms', ['kind', 'lines', 'density', 'runs', 'parse p50', 'parse p95', 'lint p50', 'lint p95', 'lint/parse', 'findings'], rows);
}

// 2 ------------------------------------------------------------------------------------------------
// Measured as the editor meets it: each lint runs after the typing debounce, in a server process that
// slept meanwhile. After a sleep the same lint takes longer than back to back (caches and the CPU have
// gone cold; on a shared 2-core machine up to twice as long, depending on its other load), and these
// numbers include that.
const WARMUP_EDITS = 10;

async function keystroke(): Promise<void> {
  const client = new TestClient({ env: { PIPELINE_SEAMS_TIMINGS: '1' } });
  type Timing = { totalMs: number; parseMs: number; lintMs: number; beforeMs: number; publishMs: number };
  const timings = new Map<string, (t: Timing) => void>();
  client.connection.onNotification('pipelineSeams/timing', (t: Timing & { uri: string; version: number }) => {
    timings.get(`${t.uri}#${t.version}`)?.(t);
  });
  await client.initialize();
  const rows: (string | number)[][] = [];
  const out: unknown[] = [];
  for (const kind of ['python', 'typescript', 'java', 'go', 'sql', 'yaml', 'json'] as FileKind[]) {
    const text = generate(kind, 2000, 'realistic');
    const uri = pathToFileURL(path.join(os.tmpdir(), 'bench-keystroke', fileName(kind, 'k'))).href;
    await client.open(uri, LANGUAGE_ID[kind], text);
    // The first edits of a file run while the JIT is still compiling its code paths: typing is
    // measured after WARMUP_EDITS of them, as a user typing steadily meets it.
    const edits = WARMUP_EDITS + (QUICK ? 10 : 60);
    const total: number[] = [];
    const parse: number[] = [];
    const rules: number[] = [];
    const before: number[] = [];
    const publish: number[] = [];
    // Type a letter into a name in the middle of the file, then delete it: the edit most keystrokes
    // make, which keeps the file parseable.
    const { line, character } = keystrokePoint(text);
    for (let i = 0; i < edits; i++) {
      const typing = i % 2 === 0;
      const version = client.version(uri) + 1;
      const measured = new Promise<Timing>((resolve) => timings.set(`${uri}#${version}`, resolve));
      await client.edit(uri, [
        typing
          ? { range: { start: { line, character }, end: { line, character } }, newText: 'x' }
          : { range: { start: { line, character }, end: { line, character: character + 1 } }, newText: '' },
      ]);
      const t = await measured;
      if (i >= WARMUP_EDITS) {
        total.push(t.totalMs);
        parse.push(t.parseMs);
        rules.push(t.lintMs);
        before.push(t.beforeMs);
        publish.push(t.publishMs);
      }
    }
    await client.close(uri);
    const s = stats(total);
    out.push({ kind, lines: 2000, total: s, parse: stats(parse), rules: stats(rules), beforeParse: stats(before), publish: stats(publish) });
    rows.push([kind, ms(s.median), ms(s.p95), ms(stats(before).median), ms(stats(parse).median), ms(stats(rules).median), ms(stats(publish).median)]);
  }
  await client.shutdown();
  results.keystroke = out;
  table(`2. Re-lint after a one-character edit, 2,000-line file, server-side ms (after ${WARMUP_EDITS} warm-up edits)`, ['kind', 'total p50', 'total p95', 'before parse p50', 'parse p50', 'rules p50', 'publish p50'], rows);
}

// 3 ------------------------------------------------------------------------------------------------
function cli(): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipeline-seams-bench-tree-'));
  let files = 0;
  let lines = 0;
  for (const f of polyglotTree(1000, 300_000)) {
    fs.mkdirSync(path.dirname(path.join(dir, f.path)), { recursive: true });
    fs.writeFileSync(path.join(dir, f.path), f.text);
    files++;
    lines += f.text.split('\n').length;
  }
  const rows: (string | number)[][] = [];
  const out: unknown[] = [];
  for (const threads of [1, 0]) {
    const walls: number[] = [];
    for (let r = 0; r < (QUICK ? 1 : 3); r++) {
      const t = performance.now();
      const run = spawnSync(process.execPath, [path.join(DIST, 'cli.js'), 'check', dir, '--format', 'json', '--threads', String(threads)], {
        encoding: 'utf8',
        maxBuffer: 256 * 1024 * 1024,
      });
      walls.push(performance.now() - t);
      if (run.status !== 0 && run.status !== 1) throw new Error(`CLI failed: ${run.stderr}`);
    }
    const s = stats(walls);
    const label = threads === 1 ? '1 thread' : `all cores (${os.availableParallelism()})`;
    out.push({ threads: label, wall: s, linesPerSecond: lines / (s.median / 1000) });
    rows.push([label, files, lines, ms(s.median), Math.round(lines / (s.median / 1000))]);
  }
  fs.rmSync(dir, { recursive: true, force: true });
  results.cli = { files, lines, runs: out };
  table('3. CLI on a polyglot tree (wall ms)', ['threads', 'files', 'lines', 'wall p50', 'lines/s'], rows);
}

// 4 ------------------------------------------------------------------------------------------------
async function coldStart(): Promise<void> {
  const starts: number[] = [];
  for (let r = 0; r < (QUICK ? 3 : 10); r++) {
    const t = performance.now();
    const client = new TestClient();
    await client.initialize();
    starts.push(performance.now() - t);
    await client.shutdown();
  }
  const rows: (string | number)[][] = [['initialize', ms(stats(starts).median), ms(stats(starts).p95)]];
  const first: Record<string, Stats> = {};
  for (const kind of FILE_KINDS) {
    const samples: number[] = [];
    for (let r = 0; r < (QUICK ? 1 : 3); r++) {
      const client = new TestClient();
      await client.initialize();
      const uri = pathToFileURL(path.join(os.tmpdir(), 'bench-first', fileName(kind, 'f'))).href;
      const t = performance.now();
      await client.open(uri, LANGUAGE_ID[kind], generate(kind, 200, 'realistic'));
      samples.push(performance.now() - t);
      await client.shutdown();
    }
    first[kind] = stats(samples);
    rows.push([`first diagnostics: ${kind}`, ms(first[kind].median), ms(first[kind].p95)]);
  }
  results.coldStart = { initialize: stats(starts), firstDiagnostics: first };
  table('4. Server start (process start → initialize result) and first diagnostics, ms', ['what', 'p50', 'p95'], rows);
}

// 5 ------------------------------------------------------------------------------------------------
function rssMb(pid: number | undefined): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

/**
 * V8 gives pages back to the system only when it sees the process idle (its memory reducer runs a
 * few seconds after allocation calms down), so "after closing" is read twice: at once, and after
 * the server has been left alone as long as a user takes to look elsewhere. The baseline is read
 * after the same idle time, and those two readings force no collection.
 */
const IDLE_MS = 45_000;
const idle = () => new Promise((resolve) => setTimeout(resolve, IDLE_MS));

async function memory(): Promise<void> {
  // --expose-gc: the heap figures are what is live after a full collection, not garbage not collected yet
  const client = new TestClient({ env: { PIPELINE_SEAMS_TIMINGS: '1', NODE_OPTIONS: '--expose-gc' } });
  const usage = async () => {
    const u = await client.connection.sendRequest<NodeJS.MemoryUsage>('pipelineSeams/memory');
    const mb = (n: number) => n / 2 ** 20;
    return { rssMb: rssMb(client.pid), heapUsedMb: mb(u.heapUsed), heapTotalMb: mb(u.heapTotal), externalMb: mb(u.external), arrayBuffersMb: mb(u.arrayBuffers) };
  };
  await client.initialize();
  const files = [...polyglotTree(200, 0)].slice(0, 200);
  const cycle = async (round: number) => {
    const uris: string[] = [];
    for (const f of files) {
      const uri = pathToFileURL(path.join(os.tmpdir(), `bench-memory-${round}`, f.path)).href;
      uris.push(uri);
      await client.open(uri, LANGUAGE_ID[f.kind], f.text);
    }
    const open = await usage();
    for (const uri of uris) await client.close(uri);
    await client.hover('file:///none', { line: 0, character: 0 });
    return { open, closed: await usage() };
  };
  // cold: a server that has only loaded its parsers, then left idle
  for (const kind of FILE_KINDS) {
    const uri = pathToFileURL(path.join(os.tmpdir(), 'bench-warm', fileName(kind, 'w'))).href;
    await client.open(uri, LANGUAGE_ID[kind], generate(kind, 200, 'realistic'));
    await client.close(uri);
  }
  await idle();
  const coldIdleRssMb = rssMb(client.pid);
  const cold = await usage();
  const first = await cycle(1);
  await idle();
  const closedIdleRssMb = rssMb(client.pid);
  // steady state: the same 200 documents opened and closed again; growth here would be a leak
  const rounds = [];
  for (let r = 2; r <= (QUICK ? 3 : 5); r++) rounds.push(await cycle(r));
  await client.shutdown();
  const last = rounds[rounds.length - 1]!;
  const pct = (now: number, before: number) => `${(((now - before) / before) * 100).toFixed(1)}%`;
  results.memory = { coldIdleRssMb, cold, first, closedIdleRssMb, rounds };
  // Right after closing, RSS still counts the pages V8 has not given back yet; the live JavaScript
  // heap is shown next to it: that is what a leak would grow.
  table('5. Server memory with 200 open documents (RSS, MB)', ['', 'before opening', '200 open', 'just closed', `closed, ${IDLE_MS / 1000} s idle`, 'idle vs before', 'live JS heap before → after'], [
    [
      'first time (cold server, idle)',
      coldIdleRssMb.toFixed(0),
      first.open.rssMb.toFixed(0),
      `${first.closed.rssMb.toFixed(0)} (${pct(first.closed.rssMb, coldIdleRssMb)})`,
      closedIdleRssMb.toFixed(0),
      pct(closedIdleRssMb, coldIdleRssMb),
      `${cold.heapUsedMb.toFixed(1)} → ${first.closed.heapUsedMb.toFixed(1)}`,
    ],
    [
      `round ${rounds.length + 1} (steady state)`,
      rounds.length > 1 ? rounds[rounds.length - 2]!.closed.rssMb.toFixed(0) : first.closed.rssMb.toFixed(0),
      last.open.rssMb.toFixed(0),
      `${last.closed.rssMb.toFixed(0)} (${pct(last.closed.rssMb, first.closed.rssMb)} vs round 1)`,
      '',
      '',
      `${first.closed.heapUsedMb.toFixed(1)} → ${last.closed.heapUsedMb.toFixed(1)}`,
    ],
  ]);
}

// 6 ------------------------------------------------------------------------------------------------
async function vsixSize(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pipeline-seams-bench-vsix-'));
  try {
    const packaged = await packageExtension(work);
    results.vsixBytes = packaged.bytes;
    table('6. VSIX', ['bytes', 'MB'], [[packaged.bytes, (packaged.bytes / 1024 / 1024).toFixed(2)]]);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  if (!fs.existsSync(path.join(DIST, 'server.js'))) throw new Error('run `npm run build` first');
  console.log(`Pipeline Seams benchmark — ${os.cpus()[0]?.model ?? 'cpu'}, ${os.availableParallelism()} cores, Node ${process.version}${QUICK ? ' (quick)' : ''}`);
  const only = process.env.BENCH_ONLY?.split(',');
  const run = (name: string) => !only || only.includes(name);
  if (run('lint')) await lintVersusParse();
  if (run('keystroke')) await keystroke();
  if (run('cli')) cli();
  if (run('start')) await coldStart();
  if (run('memory')) await memory();
  if (run('vsix')) await vsixSize();
  fs.mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true });
  fs.writeFileSync(path.join(ROOT, 'bench/results/latest.json'), JSON.stringify(results, null, 2) + '\n');
  console.log('\nwritten: bench/results/latest.json');
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
