import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lintText } from '../rules/ruleTester';
import { lintWorkspaceFiles } from '../rules/workspaceTester';
import { ALL_RULES, RULES, WORKSPACE_RULES } from '../../server/src/rules';
import { REPO_ROOT } from '../setup';

/** The codes the product spec binds, with their names. Codes are never reused. */
const CATALOGUE: Record<string, string> = {
  OBX001: 'mark-before-publish',
  OBX002: 'split-outbox-transaction',
  OBX003: 'dual-write',
  DUP001: 'dedup-key-not-unique',
  CDC001: 'heartbeat-disabled',
  CDC002: 'slot-wal-unbounded',
  COM001: 'commit-before-side-effect',
  COM002: 'implicit-commit-before-processing',
  DLQ001: 'dead-letter-on-first-failure',
  DLQ002: 'connect-dlq-without-retry',
  DUP002: 'conflict-target-not-unique',
  CDC003: 'outbox-columns-missing',
  CDC004: 'slot-shared',
};

const DOC_HEADINGS = ['What it does', 'Why it matters', 'Examples', 'Fix', 'Fix safety', 'When to suppress', 'References'];

/** Language of a fenced block → a file name of that kind. */
const FENCE_FILES: Record<string, string> = {
  python: 'example.py',
  typescript: 'example.ts',
  ts: 'example.ts',
  javascript: 'example.js',
  js: 'example.js',
  java: 'Example.java',
  go: 'example.go',
  sql: 'example.sql',
  json: 'example.json',
  jsonc: 'example.json',
  yaml: 'example.yaml',
  properties: 'example.properties',
  sh: 'example.sh',
  bash: 'example.sh',
};

interface Example {
  lang: string;
  verdict: 'correct' | 'incorrect';
  file: string;
  code: string;
  line: number;
}

function examples(markdown: string): Example[] {
  const out: Example[] = [];
  const fence = /^```(\S+)[ \t]+(correct|incorrect)(?:[ \t]+file=(\S+))?[ \t]*\n([\s\S]*?)^```/gm;
  for (const m of markdown.matchAll(fence)) {
    const [, lang, verdict, file, code] = m;
    out.push({
      lang: lang!,
      verdict: verdict as Example['verdict'],
      file: file ?? FENCE_FILES[lang!] ?? `unknown.${lang}`,
      code: code!,
      line: markdown.slice(0, m.index).split('\n').length,
    });
  }
  return out;
}

/** Cross-file examples: fences tagged `example=N file=path`, grouped into one workspace per N. */
interface CrossExample {
  id: string;
  verdict: 'correct' | 'incorrect';
  files: Record<string, string>;
  line: number;
}

function crossExamples(markdown: string): CrossExample[] {
  const groups = new Map<string, CrossExample>();
  const fence = /^```(\S+)[ \t]+(correct|incorrect)[ \t]+example=(\S+)[ \t]+file=(\S+)[ \t]*\n([\s\S]*?)^```/gm;
  for (const m of markdown.matchAll(fence)) {
    const [, , verdict, id, file, code] = m;
    const line = markdown.slice(0, m.index).split('\n').length;
    const group = groups.get(id!) ?? { id: id!, verdict: verdict as CrossExample['verdict'], files: {}, line };
    assert.equal(group.verdict, verdict, `example ${id} at line ${line} mixes correct and incorrect files`);
    group.files[file!] = code!;
    groups.set(id!, group);
  }
  return [...groups.values()];
}

describe('rule registry', () => {
  it('is sorted by code, codes are unique and well-formed', () => {
    for (const list of [RULES, WORKSPACE_RULES, ALL_RULES]) {
      const codes = list.map((r) => r.code);
      assert.deepEqual(codes, [...codes].sort());
      assert.equal(new Set(codes).size, codes.length);
    }
    for (const r of ALL_RULES) assert.match(r.code, /^[A-Z]{3}\d{3}$/);
    assert.equal(ALL_RULES.length, RULES.length + WORKSPACE_RULES.length);
  });

  it('uses the names the catalogue binds to each code, in kebab case', () => {
    for (const r of ALL_RULES) {
      if (CATALOGUE[r.code]) assert.equal(r.name, CATALOGUE[r.code], r.code);
      assert.match(r.name, /^[a-z]+(-[a-z]+)*$/);
    }
  });

  it('keeps each rule in rules/<family>/<rule-name>.ts', () => {
    for (const r of ALL_RULES) {
      const dirs = fs.readdirSync(path.join(REPO_ROOT, 'server/src/rules'), { withFileTypes: true }).filter((d) => d.isDirectory());
      const found = dirs.some((d) => fs.existsSync(path.join(REPO_ROOT, 'server/src/rules', d.name, `${r.name}.ts`)));
      assert.ok(found, `no file for ${r.code} ${r.name}`);
    }
  });

  it('gives every rule a summary and an explanation written as prose', () => {
    for (const r of ALL_RULES) {
      assert.ok(r.summary.length > 10 && !r.summary.endsWith('.'), `${r.code} summary`);
      assert.ok(r.explanation.why.length > 80, `${r.code} explanation.why`);
      assert.ok(r.explanation.fix.length > 40, `${r.code} explanation.fix`);
      assert.ok(r.kinds.length > 0, `${r.code} kinds`);
    }
  });
});

describe('rule docs', () => {
  for (const rule of RULES) {
    describe(`docs/rules/${rule.code}.md`, () => {
      const file = path.join(REPO_ROOT, 'docs/rules', `${rule.code}.md`);

      it('exists with the fixed headings in order', () => {
        assert.ok(fs.existsSync(file), `${file} is missing`);
        const md = fs.readFileSync(file, 'utf8');
        assert.equal(md.split('\n')[0], `# ${rule.code} ${rule.name}`);
        const headings = [...md.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
        assert.deepEqual(headings, DOC_HEADINGS);
      });

      it('has incorrect and correct examples that the engine agrees with', async () => {
        const md = fs.readFileSync(file, 'utf8');
        const found = examples(md);
        assert.ok(found.some((e) => e.verdict === 'incorrect'), 'no incorrect example');
        assert.ok(found.some((e) => e.verdict === 'correct'), 'no correct example');
        for (const e of found) {
          const findings = await lintText([{ rule, severity: rule.severity }], e.file, e.code);
          if (e.verdict === 'incorrect') assert.ok(findings.length > 0, `example at line ${e.line} should trigger ${rule.code}`);
          else assert.deepEqual(findings.map((f) => f.message), [], `example at line ${e.line} should be silent`);
        }
      });
    });
  }
});

describe('cross-file rule docs', () => {
  for (const rule of WORKSPACE_RULES) {
    describe(`docs/rules/${rule.code}.md`, () => {
      const file = path.join(REPO_ROOT, 'docs/rules', `${rule.code}.md`);

      it('exists with the fixed headings in order', () => {
        assert.ok(fs.existsSync(file), `${file} is missing`);
        const md = fs.readFileSync(file, 'utf8');
        assert.equal(md.split('\n')[0], `# ${rule.code} ${rule.name}`);
        assert.deepEqual([...md.matchAll(/^## (.+)$/gm)].map((m) => m[1]), DOC_HEADINGS);
      });

      it('has multi-file incorrect and correct examples that the engine agrees with', async () => {
        const md = fs.readFileSync(file, 'utf8');
        const found = crossExamples(md);
        assert.ok(found.some((e) => e.verdict === 'incorrect'), 'no incorrect example');
        assert.ok(found.some((e) => e.verdict === 'correct'), 'no correct example');
        assert.equal(examples(md).length, 0, 'every example of a cross-file rule names its example group');
        for (const e of found) {
          assert.ok(Object.keys(e.files).length >= 2, `example ${e.id} at line ${e.line} needs at least two files`);
          const findings = await lintWorkspaceFiles(rule, e.files);
          if (e.verdict === 'incorrect') assert.ok(findings.length > 0, `example ${e.id} at line ${e.line} should trigger ${rule.code}`);
          else assert.deepEqual(findings.map((f) => f.finding.message), [], `example ${e.id} at line ${e.line} should be silent`);
        }
      });
    });
  }
});
