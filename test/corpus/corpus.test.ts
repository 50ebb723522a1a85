/**
 * Corpus tests: folders of realistic files (correct and incorrect) with the findings each should
 * produce listed in a manifest. Precision and recall are computed per corpus and per rule, printed,
 * and held to a floor: a rule that cries wolf or misses the bug fails the suite.
 *
 * test/corpus/<name>/manifest.json:
 *   { "description": "…", "rules": ["COM001", …],
 *     "files": { "python/commit_first.py": [{ "rule": "COM001", "line": 12 }], "python/ok.py": [] } }
 * Files live in test/corpus/<name>/files/. Every file must be listed; every listed file must exist.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lintFile } from '../../server/src/engine/lint';
import type { ActiveRule } from '../../server/src/engine/types';
import { detectKind } from '../../server/src/parsing/fileKinds';
import { ruleByCode } from '../../server/src/rules';

export const PRECISION_FLOOR = 0.95;
export const RECALL_FLOOR = 0.9;

interface Manifest {
  description: string;
  rules: string[];
  files: Record<string, { rule: string; line: number }[]>;
}

interface Score {
  tp: number;
  fp: number;
  fn: number;
}

const precision = (s: Score) => (s.tp + s.fp === 0 ? 1 : s.tp / (s.tp + s.fp));
const recall = (s: Score) => (s.tp + s.fn === 0 ? 1 : s.tp / (s.tp + s.fn));

function listFiles(dir: string, base = dir): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const full = path.join(dir, d.name);
    return d.isDirectory() ? listFiles(full, base) : [path.relative(base, full).split(path.sep).join('/')];
  });
}

const corpusRoot = __dirname;
const corpora = fs
  .readdirSync(corpusRoot, { withFileTypes: true })
  .filter((d) => d.isDirectory() && fs.existsSync(path.join(corpusRoot, d.name, 'manifest.json')))
  .map((d) => d.name);

describe('corpus', () => {
  for (const name of corpora) {
    describe(name, () => {
      const dir = path.join(corpusRoot, name);
      const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;

      it('lists exactly the files in the corpus', () => {
        const onDisk = listFiles(path.join(dir, 'files')).sort();
        assert.deepEqual(Object.keys(manifest.files).sort(), onDisk);
      });

      it(`reaches precision ≥ ${PRECISION_FLOOR} and recall ≥ ${RECALL_FLOOR}`, async () => {
        const rules: ActiveRule[] = manifest.rules.map((code) => {
          const rule = ruleByCode(code);
          assert.ok(rule, `manifest names unknown rule ${code}`);
          return { rule, severity: rule.severity };
        });
        const total: Score = { tp: 0, fp: 0, fn: 0 };
        const perRule = new Map<string, Score>(manifest.rules.map((c) => [c, { tp: 0, fp: 0, fn: 0 }]));
        const mistakes: string[] = [];
        for (const [file, expected] of Object.entries(manifest.files)) {
          const full = path.join(dir, 'files', file);
          const kind = detectKind(full);
          assert.ok(kind, `${file} has no file kind`);
          const text = fs.readFileSync(full, 'utf8');
          const findings = await lintFile({ path: full, kind, text }, rules, (rule, error) => {
            throw new Error(`${rule.code} threw on ${file}: ${String(error)}`);
          });
          const lineOf = (offset: number) => text.slice(0, offset).split('\n').length;
          const got = findings.map((f) => `${f.ruleId}:${lineOf(f.start)}`);
          const want = expected.map((e) => `${e.rule}:${e.line}`);
          for (const key of got) {
            const score = perRule.get(key.split(':')[0]!)!;
            if (want.includes(key)) {
              total.tp++;
              score.tp++;
            } else {
              total.fp++;
              score.fp++;
              mistakes.push(`false positive ${file}:${key}`);
            }
          }
          for (const key of want.filter((k) => !got.includes(k))) {
            const score = perRule.get(key.split(':')[0]!);
            assert.ok(score, `${file}: expected finding for rule ${key} not measured by this corpus`);
            total.fn++;
            score.fn++;
            mistakes.push(`missed ${file}:${key}`);
          }
        }
        const rows = [...perRule].map(([code, s]) => `    ${code}  tp ${s.tp}  fp ${s.fp}  fn ${s.fn}  precision ${precision(s).toFixed(3)}  recall ${recall(s).toFixed(3)}`);
        console.log(
          `\n  corpus ${name}: ${Object.keys(manifest.files).length} files, precision ${precision(total).toFixed(3)}, recall ${recall(total).toFixed(3)}\n${rows.join('\n')}` +
            (mistakes.length ? `\n    ${mistakes.join('\n    ')}` : ''),
        );
        assert.ok(total.tp + total.fn > 0, 'the corpus must contain findings to measure');
        assert.ok(precision(total) >= PRECISION_FLOOR, `precision ${precision(total).toFixed(3)} < ${PRECISION_FLOOR}`);
        assert.ok(recall(total) >= RECALL_FLOOR, `recall ${recall(total).toFixed(3)} < ${RECALL_FLOOR}`);
      });
    });
  }
});
