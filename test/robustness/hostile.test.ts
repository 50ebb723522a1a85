/**
 * Hostile inputs, each with a defined outcome in the engine, the language server and the CLI:
 * either "checked" (what parses is linted, with exactly these findings) or "skipped" (with a
 * note in the CLI, a log line in the server, and the engine's skip reason).
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { fixAll } from '../../server/src/engine/fixes';
import { skipReason } from '../../server/src/engine/limits';
import { lintFile } from '../../server/src/engine/lint';
import type { ActiveRule } from '../../server/src/engine/types';
import { detectKind } from '../../server/src/parsing/fileKinds';
import { RULES } from '../../server/src/rules';
import { TestClient } from '../lsp/lspClient';
import { DIST } from '../setup';

const ACTIVE: ActiveRule[] = RULES.map((rule) => ({ rule, severity: rule.severity }));
const LESSON = ['for msg in consumer:', '    event = parse(msg.value)', '    consumer.commit()', '    charge_payment(event.order_id)', ''];

interface Hostile {
  name: string;
  file: string;
  /** Bytes on disk (the CLI reads these). */
  bytes: () => Buffer;
  /** What an editor would hold in its buffer; undefined when no editor would open it as text. */
  text?: () => string;
  /** Findings as `CODE@line`, or a skip reason. */
  outcome: { findings: string[] } | { skipped: RegExp };
  /** The CLI's outcome when it differs (bytes an editor would decode but the CLI refuses). */
  cli?: { skipped: RegExp };
}

const utf8 = (s: string) => () => Buffer.from(s, 'utf8');
const asText = (s: string) => () => s;
const deepJson = '{"config": ' + '['.repeat(5000) + ']'.repeat(5000) + '}';
const bomb = [
  'a: &a ["x","x","x","x","x","x","x","x","x"]',
  'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
  'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
  'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
  'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
  'connector.class: *e',
  '',
].join('\n');
const minified = 'import{Kafka as K}from"kafkajs";' + 'const a=[1,2,3].map(x=>x*2);'.repeat(12000);
const huge = 'INSERT INTO orders (id) VALUES (1);\n'.repeat(600_000);
const bomCrlf = '\uFEFF' + LESSON.join('\r\n');
const mixedIndent = 'for msg in consumer:\n    event = parse(msg.value)\n\tconsumer.commit()\n    charge_payment(event.order_id)\n';
const dollar = 'ALTER SYSTEM SET wal_level = logical;\nDO $$ BEGIN\n  PERFORM 1;\n';
const properties = [
  'debezium.source.connector.class=io.debezium.connector.postgresql.\\',
  '    PostgresConnector',
  'debezium.source.heartbeat\\u002Einterval.ms=\\',
  '    0',
  'debezium.source.table.include.list=public.outbox',
  '',
].join('\n');

const CASES: Hostile[] = [
  ...['consumer.py', 'relay.ts', 'Listener.java', 'main.go', 'connector.json', 'connector.yaml', 'V1__init.sql', 'application.properties', 'postgresql.conf', 'start.sh'].map(
    (file): Hostile => ({ name: `empty ${file}`, file, bytes: utf8(''), text: asText(''), outcome: { findings: [] } }),
  ),
  { name: 'a 21 MB file', file: 'dump.sql', bytes: utf8(huge), text: asText(huge), outcome: { skipped: /larger than 2 MiB/ } },
  { name: '5,000-deep nested JSON', file: 'deep.json', bytes: utf8(deepJson), text: asText(deepJson), outcome: { findings: [] } },
  { name: 'minified one-line JavaScript', file: 'bundle.min.js', bytes: utf8(minified), text: asText(minified), outcome: { findings: [] } },
  {
    name: 'binary content',
    file: 'blob.py',
    bytes: () => Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x02, 0x01, 0x00, 0xff, 0xfe]),
    text: asText('\u007fELF\u0000\u0002\u0001\u0000\ufffd\ufffd'),
    outcome: { findings: [] },
    cli: { skipped: /binary file/ },
  },
  {
    name: 'invalid UTF-8',
    file: 'latin1.py',
    bytes: () => Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9]), Buffer.from('\n' + LESSON.join('\n'))]),
    text: asText('# caf\ufffd\n' + LESSON.join('\n')),
    outcome: { findings: ['COM001@4'] },
    cli: { skipped: /not valid UTF-8/ },
  },
  { name: 'BOM and CRLF', file: 'windows.py', bytes: utf8(bomCrlf), text: asText(bomCrlf), outcome: { findings: ['COM001@3'] } },
  { name: 'mixed tabs and spaces in Python', file: 'mixed.py', bytes: utf8(mixedIndent), text: asText(mixedIndent), outcome: { findings: ['COM001@3'] } },
  { name: 'SQL with an unterminated dollar quote', file: 'V9__settings.sql', bytes: utf8(dollar), text: asText(dollar), outcome: { findings: ['CDC002@1'] } },
  { name: 'YAML alias bomb', file: 'bomb.yaml', bytes: utf8(bomb), text: asText(bomb), outcome: { findings: [] } },
  {
    name: '.properties with continuation lines and unicode escapes',
    file: 'application.properties',
    bytes: utf8(properties),
    text: asText(properties),
    outcome: { findings: ['CDC001@3'] },
  },
];

function describeFindings(text: string, findings: { ruleId: string; start: number }[]): string[] {
  return findings.map((f) => `${f.ruleId}@${text.slice(0, f.start).split(/\r\n|\r|\n/).length}`);
}

describe('hostile inputs', function () {
  describe('engine', () => {
    for (const c of CASES.filter((x) => x.text)) {
      it(c.name, async () => {
        const text = c.text!();
        const kind = detectKind(c.file)!;
        const reason = skipReason(text.length);
        if ('skipped' in c.outcome) {
          assert.match(reason ?? '', c.outcome.skipped);
          return;
        }
        assert.equal(reason, undefined);
        const errors: string[] = [];
        const findings = await lintFile({ path: c.file, kind, text }, ACTIVE, (rule, e) => errors.push(`${rule.code}: ${String(e)}`));
        assert.deepEqual(errors, []);
        assert.deepEqual(describeFindings(text, findings), c.outcome.findings);
        for (const f of findings) assert.ok(f.start >= 0 && f.end <= text.length);
        const fixed = await fixAll({ path: c.file, kind, text }, ACTIVE, { allowUnsafe: true });
        if (text.includes('\r\n')) assert.ok(!/[^\r]\n/.test(fixed.text), 'fixes keep CRLF line endings');
        if (text.startsWith('\uFEFF')) assert.ok(fixed.text.startsWith('\uFEFF'), 'fixes keep the byte order mark');
      });
    }
  });

  describe('language server', () => {
    let client: TestClient;
    let dir: string;
    before(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipeline-seams-hostile-'));
      client = new TestClient();
      await client.initialize();
    });
    after(async () => {
      const stderr = await client.shutdown();
      fs.rmSync(dir, { recursive: true, force: true });
      assert.doesNotMatch(stderr, /Error|Unhandled/);
    });

    for (const c of CASES.filter((x) => x.text)) {
      it(c.name, async () => {
        const uri = pathToFileURL(path.join(dir, c.file.replace(/^/, `${CASES.indexOf(c)}-`))).href;
        const text = c.text!();
        const diagnostics = await client.open(uri, 'plaintext', text);
        if ('skipped' in c.outcome) {
          assert.deepEqual(diagnostics, []);
          assert.ok(client.logs.some((l) => l.startsWith('Not checking') && c.outcome && 'skipped' in c.outcome && c.outcome.skipped.test(l)));
        } else {
          assert.deepEqual(
            diagnostics.map((d) => `${String(d.code)}@${d.range.start.line + 1}`),
            c.outcome.findings,
          );
        }
        // still serving: a request after the hostile document gets an answer
        const hover = await client.hover(uri, { line: 0, character: 0 });
        assert.ok(hover === null || typeof hover.contents === 'object');
        await client.close(uri);
      });
    }
  });

  describe('CLI', () => {
    it('gives every hostile file its outcome in one run', () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipeline-seams-hostile-cli-'));
      try {
        CASES.forEach((c, i) => {
          fs.mkdirSync(path.join(dir, String(i)));
          fs.writeFileSync(path.join(dir, String(i), c.file), c.bytes());
        });
        const r = spawnSync(process.execPath, [path.join(DIST, 'cli.js'), 'check', '.', '--format', 'json'], { cwd: dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
        assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}: ${r.stderr}`);
        const findings = (JSON.parse(r.stdout) as { findings: { path: string; ruleId: string; range: { start: { line: number } } }[] }).findings;
        CASES.forEach((c, i) => {
          const rel = `${i}/${c.file}`;
          const outcome = c.cli ?? c.outcome;
          const mine = findings.filter((f) => f.path === rel).map((f) => `${f.ruleId}@${f.range.start.line}`);
          if ('skipped' in outcome) {
            assert.deepEqual(mine, [], rel);
            const note = r.stderr.split('\n').find((l) => l.startsWith(`note: ${rel}: skipped`));
            assert.ok(note && outcome.skipped.test(note), `${rel} should be skipped with a note; stderr:\n${r.stderr}`);
          } else {
            assert.deepEqual(mine, outcome.findings, rel);
          }
        });
        assert.doesNotMatch(r.stderr, /error:/);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
