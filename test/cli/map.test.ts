/**
 * `pipeline-seams map` on the example pipeline: Mermaid and JSON goldens, and the SVG picture the
 * README shows (docs/pipeline-map.svg) kept in sync with the examples.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DIST, REPO_ROOT, requireDist } from '../setup';

function map(format: string) {
  requireDist();
  const r = spawnSync(process.execPath, [path.join(DIST, 'cli.js'), 'map', 'examples', '--format', format], { cwd: REPO_ROOT, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

function golden(file: string, actual: string): void {
  if (process.env.UPDATE_GOLDENS) fs.writeFileSync(file, actual);
  assert.ok(fs.existsSync(file), `golden ${file} is missing (UPDATE_GOLDENS=1 writes it)`);
  assert.equal(actual, fs.readFileSync(file, 'utf8'), `output differs from ${path.relative(REPO_ROOT, file)}`);
}

describe('CLI map', () => {
  it('Mermaid map of examples/ (golden)', () => golden(path.join(__dirname, 'goldens/map-examples.mmd'), map('mermaid')));

  it('JSON map of examples/ (golden) shows every cross-file seam', () => {
    const out = map('json');
    golden(path.join(__dirname, 'goldens/map-examples.json'), out);
    const parsed = JSON.parse(out) as { nodes: { kind: string; label: string; findings: { ruleId: string }[] }[]; edges: { kind: string; findings: { ruleId: string }[] }[] };
    for (const kind of ['service', 'table', 'connector', 'topic']) assert.ok(parsed.nodes.some((n) => n.kind === kind), kind);
    assert.ok(parsed.edges.some((e) => e.findings.some((f) => f.ruleId === 'DUP002')), 'DUP002 on the consumer → table edge');
    assert.ok(parsed.nodes.some((n) => n.findings.some((f) => f.ruleId === 'CDC004')), 'CDC004 on a connector');
  });

  it('docs/pipeline-map.svg is the map of examples/', () => golden(path.join(REPO_ROOT, 'docs/pipeline-map.svg'), map('svg')));

  it('DOT output is a digraph', () => assert.match(map('dot'), /^digraph pipeline \{/));
});
