import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { activeRules, ConfigError, defaultConfig, isIgnoredFile, parseConfig } from '../../server/src/engine/config';
import { applyFixes, fixAll } from '../../server/src/engine/fixes';
import { applicableRules, lintFile } from '../../server/src/engine/lint';
import { redactSecrets } from '../../server/src/engine/secrets';
import { changedRegion } from '../../server/src/engine/textDiff';
import type { ActiveRule, Rule } from '../../server/src/engine/types';
import { RULE_CODES, RULES } from '../../server/src/rules';
import { commitBeforeSideEffect } from '../../server/src/rules/consumer/commit-before-side-effect';

const LESSON = `for msg in consumer:
    event = parse(msg.value)
    consumer.commit()
    charge_payment(event.order_id, event.amount_cents)
`;
const active = (rules: Rule[]): ActiveRule[] => rules.map((rule) => ({ rule, severity: rule.severity }));
const py = (text: string) => ({ path: 'x.py', kind: 'python' as const, text });

describe('engine', () => {
  describe('suppressions', () => {
    const cases: [string, string, number][] = [
      ['own line above', LESSON.replace('    consumer.commit()', '    # pipeline-seams-ignore COM001 -- cache warmer\n    consumer.commit()'), 0],
      ['end of the line', LESSON.replace('consumer.commit()', 'consumer.commit()  # pipeline-seams-ignore COM001 -- cache warmer'), 0],
      ['list of codes', LESSON.replace('consumer.commit()', 'consumer.commit()  # pipeline-seams-ignore DLQ001, COM001'), 0],
      ['another rule only', LESSON.replace('consumer.commit()', 'consumer.commit()  # pipeline-seams-ignore DLQ001 -- no'), 1],
      ['two lines above does not count', LESSON.replace('    event =', '    # pipeline-seams-ignore COM001 -- too far\n    event ='), 1],
      [
        'stacked suppressions above one line all apply to it',
        LESSON.replace('    consumer.commit()', '    # pipeline-seams-ignore COM001 -- cache warmer\n    # pipeline-seams-ignore DLQ001 -- no dead letters here\n    consumer.commit()'),
        0,
      ],
      ['inside a string it is not a comment', LESSON.replace('consumer.commit()', 'consumer.commit("# pipeline-seams-ignore COM001")'), 1],
    ];
    for (const [name, text, expected] of cases) {
      it(name, async () => {
        assert.equal((await lintFile(py(text), active([commitBeforeSideEffect]))).length, expected);
      });
    }
  });

  describe('isolation', () => {
    it('a rule that throws is reported and the other rules still run', async () => {
      const broken: Rule = { ...commitBeforeSideEffect, code: 'TST001', name: 'always-throws', check: () => { throw new Error('boom'); } };
      const failures: string[] = [];
      const findings = await lintFile(py(LESSON), active([broken, commitBeforeSideEffect]), (rule, e) => failures.push(`${rule.code}: ${(e as Error).message}`));
      assert.deepEqual(failures, ['TST001: boom']);
      assert.deepEqual(findings.map((f) => f.ruleId), ['COM001']);
    });
  });

  describe('fixes', () => {
    it('applies non-overlapping fixes together and defers overlapping ones', () => {
      const text = 'abcdef';
      const result = applyFixes(text, [
        { title: 'a', safety: 'safe', edits: [{ start: 0, end: 1, newText: 'A' }] },
        { title: 'overlaps a', safety: 'safe', edits: [{ start: 0, end: 2, newText: 'XX' }] },
        { title: 'e', safety: 'safe', edits: [{ start: 4, end: 5, newText: 'E' }, { start: 6, end: 6, newText: '!' }] },
        { title: 'same insertion point', safety: 'safe', edits: [{ start: 6, end: 6, newText: '?' }] },
        { title: 'out of range', safety: 'safe', edits: [{ start: 5, end: 99, newText: '' }] },
      ]);
      assert.equal(result.text, 'AbcdEf!');
      assert.deepEqual(result.applied.map((f) => f.title), ['a', 'e']);
    });

    it('fixAll converges and leaves the unsafe finding unless asked', async () => {
      const unsafeCase = `for msg in consumer:
    consumer.commit()
    if not msg.value:
        continue
    refund(msg.value)
`;
      const text = `${LESSON}\n${unsafeCase}`;
      const safe = await fixAll(py(text), active(RULES as Rule[]), { allowUnsafe: false });
      assert.equal(safe.fixed, 1);
      assert.equal(safe.remaining.length, 1);
      const all = await fixAll(py(text), active(RULES as Rule[]), { allowUnsafe: true });
      assert.equal(all.fixed, 2);
      assert.equal(all.remaining.length, 0);
      assert.ok(all.passes <= 3);
    });

    it('answers which rules apply to each text asked, the same text asked twice included', () => {
      const rules = active(RULES as Rule[]);
      const codes = (kind: 'python' | 'sql', text: string) => applicableRules(kind, text, rules).map((r) => r.rule.code);
      const consumer = 'for msg in consumer:\n    consumer.commit()\n    charge(msg)\n';
      assert.ok(codes('python', consumer).includes('COM001'));
      assert.deepEqual(codes('python', consumer), codes('python', consumer));
      assert.deepEqual(codes('python', 'print("hello")\n'), []);
      assert.ok(codes('python', consumer).includes('COM001'), 'asked again after another text');
      assert.ok(!codes('sql', consumer).includes('COM001'), 'same text, another kind');
      assert.deepEqual(applicableRules('python', consumer, []), [], 'same text, other rules');
    });

    it('finds the smallest changed region without splitting CRLF or surrogate pairs', () => {
      assert.equal(changedRegion('same', 'same'), undefined);
      assert.deepEqual(changedRegion('abcXdef', 'abcYYdef'), { start: 3, oldEnd: 4, newEnd: 5 });
      const crlf = changedRegion('a\r\nb', 'a\r\r\nb')!;
      assert.ok(crlf.start <= 1);
      const emoji = changedRegion('x😀y', 'x😁y')!;
      assert.equal(emoji.start, 1, 'starts at the high surrogate');
    });

    it('finds in large texts the region a character-by-character comparison finds', () => {
      const naive = (a: string, b: string) => {
        let start = 0;
        while (start < Math.min(a.length, b.length) && a[start] === b[start]) start++;
        let oldEnd = a.length;
        let newEnd = b.length;
        while (oldEnd > start && newEnd > start && a[oldEnd - 1] === b[newEnd - 1]) [oldEnd, newEnd] = [oldEnd - 1, newEnd - 1];
        return { start, oldEnd, newEnd };
      };
      // repetitive text, so a block that matches lies right next to one that does not
      const period = 'for msg in consumer:\n    charge(msg)\n';
      const base = period.repeat(300);
      let seed = 7;
      const next = (n: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
      for (let i = 0; i < 300; i++) {
        const at = i < 20 ? [0, 511, 512, 513, 1024, base.length - 512, base.length - 1, base.length][i % 8]! : next(base.length + 1);
        // whole periods removed or inserted: the common prefix and suffix then overlap
        const removed = [next(3), next(700), period.length, period.length * 20][next(4)]!;
        const inserted = ['', 'x', 'msg', period, period.repeat(20), 'a'.repeat(600)][next(6)]!;
        const edited = base.slice(0, at) + inserted + base.slice(Math.min(base.length, at + removed));
        if (edited === base) continue;
        assert.deepEqual(changedRegion(base, edited), naive(base, edited), `edit at ${at}: -${removed} +${inserted.length}`);
      }
    });
  });

  describe('redaction', () => {
    it('masks values of secret-bearing keys and URL passwords in printed lines, nothing else', () => {
      const cases: [string, string][] = [
        ['    "database.password": "hunter2",', '    "database.password": "****",'],
        ['debezium.source.database.password=hunter2', 'debezium.source.database.password=****'],
        ['    aws.access.key.id: AKIAEXAMPLE', '    aws.access.key.id: ****'],
        ['"sasl.jaas.config": "x required password=\\"p\\";"', '"sasl.jaas.config": "****"'],
        ['dsn = "postgresql://app:hunter2@db/orders"', 'dsn = "postgresql://app:****@db/orders"'],
        ['db_password = os.environ["DB_PASSWORD"]', 'db_password = os.environ["DB_PASSWORD"]'],
        ['    "heartbeat.interval.ms": "0",', '    "heartbeat.interval.ms": "0",'],
      ];
      for (const [line, shown] of cases) assert.equal(redactSecrets(line), shown, line);
    });
  });

  describe('severity', () => {
    it('a rule raises its own default per finding, but never overrides the severity the user chose', async () => {
      const connector = JSON.stringify({
        name: 'outbox',
        config: {
          'connector.class': 'io.debezium.connector.postgresql.PostgresConnector',
          'table.include.list': 'public.outbox',
          'transforms': 'outbox',
          'transforms.outbox.type': 'io.debezium.transforms.outbox.EventRouter',
        },
      }, null, 2);
      const file = { path: '/repo/c.json', kind: 'json' as const, text: connector };
      const severities = async (rules: Record<string, 'info'>) =>
        (await lintFile(file, activeRules(RULES, { ...defaultConfig('/repo'), rules }, file.path))).filter((f) => f.ruleId === 'CDC001').map((f) => f.severity);
      assert.deepEqual(await severities({}), ['error'], 'raised from the default warning for an outbox connector');
      assert.deepEqual(await severities({ CDC001: 'info' }), ['info'], 'the configured severity stands');
    });
  });

  describe('config', () => {
    const file = path.join('/repo', '.pipeline-seams.json');
    it('parses rules, ignore globs and per-file ignores (JSONC)', () => {
      const config = parseConfig(file, '{ // ok\n "rules": {"COM001": "warning"}, "ignore": ["vendor/**"], "perFileIgnores": {"legacy/*.py": ["COM001"]}, }', RULE_CODES);
      assert.equal(config.rules.COM001, 'warning');
      assert.ok(isIgnoredFile(config, '/repo/vendor/a/b.py'));
      assert.ok(!isIgnoredFile(config, '/repo/src/b.py'));
      assert.ok(!isIgnoredFile(config, '/elsewhere/vendor/b.py'), 'globs are relative to the config file');
      const com = (list: ActiveRule[]) => list.filter((r) => r.rule.code === 'COM001').map((r) => [r.rule.code, r.severity]);
      assert.deepEqual(com(activeRules(RULES, config, '/repo/legacy/a.py')), []);
      assert.deepEqual(com(activeRules(RULES, config, '/repo/src/a.py')), [['COM001', 'warning']]);
    });

    it('explains what is wrong with a bad config', () => {
      const bad: [string, RegExp][] = [
        ['{', /invalid JSON/],
        ['[]', /expected a JSON object/],
        ['{"rule": {}}', /unknown key "rule"/],
        ['{"rules": {"COM001": "loud"}}', /must be one of/],
        ['{"rules": {"XYZ123": "off"}}', /unknown rule code "XYZ123"/],
        ['{"ignore": "vendor"}', /array of glob strings/],
        ['{"perFileIgnores": {"*.py": "COM001"}}', /array of rule codes/],
      ];
      for (const [text, message] of bad) {
        assert.throws(() => parseConfig(file, text, RULE_CODES), (e: unknown) => e instanceof ConfigError && message.test(e.message), text);
      }
    });

    it('lets select, ignore and editor overrides choose rules and severities', () => {
      const config = defaultConfig('/repo');
      const only = [commitBeforeSideEffect as Rule];
      assert.deepEqual(activeRules(only, config, '/repo/a.py', { ignore: ['COM001'] }), []);
      assert.deepEqual(activeRules(RULES, config, '/repo/a.py', { select: ['COM001'], overrides: { COM001: 'info' } }).map((r) => r.severity), ['info']);
      assert.deepEqual(activeRules(only, { ...config, rules: { COM001: 'off' } }, '/repo/a.py', { overrides: { COM001: 'error' } }).length, 1, 'the editor setting wins');
      assert.deepEqual(activeRules(only, config, '/repo/a.py').map((r) => r.configured), [false]);
      assert.deepEqual(activeRules(only, { ...config, rules: { COM001: 'info' } }, '/repo/a.py').map((r) => r.configured), [true]);
    });
  });
});
