/**
 * Property-based tests over real fixtures of every file kind: random edits (deletions, insertions,
 * truncation, duplicated lines, unbalanced brackets and quotes) never make the engine throw or report
 * a range outside the document; every fix offered on the mutated text applies cleanly, keeps a
 * parseable file parseable, and fixing converges.
 *
 * Seeded and bounded: PIPELINE_SEAMS_SEED and PIPELINE_SEAMS_FUZZ_RUNS reproduce or widen a run;
 * on failure fast-check prints the seed and the shrunk counterexample.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { applyFixes, fixAll } from '../../server/src/engine/fixes';
import { lint, prepareFor } from '../../server/src/engine/lint';
import type { ActiveRule, Finding } from '../../server/src/engine/types';
import { parseDocument } from '../../server/src/parsing/document';
import { detectKind, FILE_KINDS, type FileKind } from '../../server/src/parsing/fileKinds';
import { RULES } from '../../server/src/rules';
import { REPO_ROOT } from '../setup';

const SEED = Number(process.env.PIPELINE_SEAMS_SEED ?? 20261127);
const RUNS = Number(process.env.PIPELINE_SEAMS_FUZZ_RUNS ?? 300);
const ACTIVE: ActiveRule[] = RULES.map((rule) => ({ rule, severity: rule.severity }));
const MAX_SEED_BYTES = 24 * 1024;

function files(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? files(path.join(dir, d.name)) : [path.join(dir, d.name)]));
}

interface Fixture {
  file: string;
  kind: FileKind;
  text: string;
}

const FIXTURES: Fixture[] = [
  ...files(path.join(REPO_ROOT, 'test/corpus')),
  ...files(path.join(REPO_ROOT, 'examples')),
  ...files(path.join(REPO_ROOT, 'walkthroughs')),
  ...files(path.join(REPO_ROOT, 'test/cli/fixtures')),
]
  .filter((f) => fs.statSync(f).size <= MAX_SEED_BYTES)
  .map((file) => ({ file, kind: detectKind(file)!, text: fs.readFileSync(file, 'utf8') }))
  .filter((f) => f.kind !== undefined);

type Mutation =
  | { op: 'delete'; at: number; length: number }
  | { op: 'insert'; at: number; text: string }
  | { op: 'truncate'; at: number }
  | { op: 'duplicate-line'; at: number };

const TOKENS = ['(', ')', '[', ']', '{', '}', '"', "'", '"""', '`', '$$', '/*', '*/', ';', ':', ',', '=', '\n', '\r\n', '\t', '    ', '#', '--', '//', 'commit()', 'await ', 'BEGIN;', 'COMMIT;', '\\', '\u00e9', '\ud83d\ude00', '\u0000'];

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), length: fc.integer({ min: 1, max: 80 }) }),
  fc.record({
    op: fc.constant('insert' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    text: fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 6 })),
  }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ op: fc.constant('duplicate-line' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
);

function mutate(text: string, m: Mutation): string {
  const at = Math.min(text.length, Math.floor(m.at * (text.length + 1)));
  switch (m.op) {
    case 'delete':
      return text.slice(0, at) + text.slice(at + m.length);
    case 'insert':
      return text.slice(0, at) + m.text + text.slice(at);
    case 'truncate':
      return text.slice(0, at);
    case 'duplicate-line': {
      const start = text.lastIndexOf('\n', at - 1) + 1;
      const nl = text.indexOf('\n', at);
      const end = nl < 0 ? text.length : nl + 1;
      return text.slice(0, end) + text.slice(start, end) + text.slice(end);
    }
  }
}

function lintText(f: Fixture, text: string): { findings: Finding[]; syntaxErrors: boolean } {
  const doc = parseDocument({ path: f.file, kind: f.kind, text });
  try {
    const findings = lint(doc, ACTIVE, (rule, error) => {
      throw new Error(`rule ${rule.code} threw: ${(error as Error)?.stack ?? String(error)}`);
    });
    return { findings, syntaxErrors: doc.hasSyntaxErrors };
  } finally {
    doc.dispose();
  }
}

describe('properties under random edits', function () {
  before(async () => {
    await Promise.all(FILE_KINDS.map((k) => prepareFor(k, ACTIVE)));
    console.log(`  fuzzing ${FIXTURES.length} fixtures, ${RUNS} runs, seed ${SEED} (PIPELINE_SEAMS_SEED / PIPELINE_SEAMS_FUZZ_RUNS)`);
  });

  it('has fixtures of every file kind', () => {
    const kinds = new Set(FIXTURES.map((f) => f.kind));
    for (const kind of FILE_KINDS) assert.ok(kinds.has(kind), `no fixture of kind ${kind}`);
  });

  it('never throws, stays in range, and offers fixes that apply, parse and converge', async () => {
    let withFixes = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: FIXTURES.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 3 }), async (index, mutations) => {
        const fixture = FIXTURES[index]!;
        const text = mutations.reduce(mutate, fixture.text);
        const { findings, syntaxErrors } = lintText(fixture, text);
        if (findings.some((f) => f.fixes.length > 0)) withFixes++;
        for (const f of findings) {
          assert.ok(f.start >= 0 && f.start <= f.end && f.end <= text.length, `${f.ruleId} range outside the document`);
          for (const fix of f.fixes) {
            for (const e of fix.edits) assert.ok(e.start >= 0 && e.start <= e.end && e.end <= text.length, `${f.ruleId} edit outside the document`);
            const applied = applyFixes(text, [fix]);
            assert.equal(applied.applied.length, 1, `${f.ruleId} fix "${fix.title}" does not apply cleanly`);
            if (!syntaxErrors) {
              assert.ok(!lintText(fixture, applied.text).syntaxErrors, `${f.ruleId} fix "${fix.title}" breaks a parseable file`);
            }
          }
        }
        const once = await fixAll({ path: fixture.file, kind: fixture.kind, text }, ACTIVE, { allowUnsafe: true });
        const twice = await fixAll({ path: fixture.file, kind: fixture.kind, text: once.text }, ACTIVE, { allowUnsafe: true });
        assert.equal(twice.text, once.text, 'fixing again changes nothing more');
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: false },
    );
    console.log(`  ${withFixes} of ${RUNS} mutated documents were offered fixes`);
    assert.ok(withFixes > RUNS / 10, 'too few runs exercised fixes for the test to mean anything');
  });
});
