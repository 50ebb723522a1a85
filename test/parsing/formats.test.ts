import * as assert from 'node:assert/strict';
import { parseDocument, prepareParser, type ParsedDocument } from '../../server/src/parsing/document';
import { detectKind, FILE_KINDS, type FileKind } from '../../server/src/parsing/fileKinds';
import { jsonValue, parseJson } from '../../server/src/parsing/json';
import { detectEol, LineIndex, utf8ToUtf16Mapper } from '../../server/src/parsing/lineIndex';
import { parsePgConf } from '../../server/src/parsing/pgconf';
import { parseProperties } from '../../server/src/parsing/properties';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isNode, parseAllDocuments, visit, type Document } from 'yaml';
import { parseYaml, yamlComments } from '../../server/src/parsing/yaml';

describe('file kinds', () => {
  const cases: [string, string | undefined, FileKind | undefined][] = [
    ['consumer.py', undefined, 'python'],
    ['relay.ts', undefined, 'typescript'],
    ['App.tsx', undefined, 'tsx'],
    ['worker.mjs', undefined, 'javascript'],
    ['Listener.java', undefined, 'java'],
    ['main.go', undefined, 'go'],
    ['V1__outbox.sql', undefined, 'sql'],
    ['connector.json', undefined, 'json'],
    ['kafka-connector.yaml', undefined, 'yaml'],
    ['docker-compose.yml', undefined, 'yaml'],
    ['application.properties', undefined, 'properties'],
    ['postgresql.conf', undefined, 'pgconf'],
    ['/etc/postgresql/16/main/postgresql.auto.conf', 'properties', 'pgconf'],
    ['postgresql-replica.conf', undefined, 'pgconf'],
    ['entrypoint.sh', undefined, 'shell'],
    ['nginx.conf', 'properties', undefined],
    ['README.md', 'markdown', undefined],
    ['Untitled-1', 'python', 'python'],
    ['Untitled-2', 'postgresql-conf', 'pgconf'],
  ];
  for (const [file, languageId, kind] of cases) {
    it(`${file}${languageId ? ` (${languageId})` : ''} → ${kind ?? 'none'}`, () => {
      assert.equal(detectKind(file, languageId), kind);
    });
  }
});

describe('line index', () => {
  it('converts offsets and positions in UTF-16, across LF, CRLF and CR', () => {
    const text = 'a😀b\r\nsecond\rthird\nlast';
    const idx = new LineIndex(text);
    assert.equal(idx.lineCount, 4);
    assert.deepEqual(idx.positionAt(3), { line: 0, character: 3 });
    assert.deepEqual(idx.positionAt(text.indexOf('second')), { line: 1, character: 0 });
    assert.deepEqual(idx.positionAt(text.indexOf('third')), { line: 2, character: 0 });
    assert.equal(idx.offsetAt({ line: 3, character: 2 }), text.indexOf('last') + 2);
    assert.equal(idx.lineText(0), 'a😀b');
    assert.equal(idx.offsetAt({ line: 0, character: 99 }), 4, 'clamped to the line end');
    assert.equal(detectEol(text), '\r\n');
  });

  it('starts the same lines whether or not the text has carriage returns', () => {
    const lf = 'def f():\n\n    x😀 = 1\n  \n\nend\n';
    const lines = (idx: LineIndex) => Array.from({ length: idx.lineCount }, (_, i) => idx.lineStart(i));
    const after = (text: string, eol: string) => [0, ...[...text.matchAll(new RegExp(eol, 'g'))].map((m) => m.index + eol.length)];
    assert.deepEqual(lines(new LineIndex(lf)), after(lf, '\n'));
    assert.deepEqual(lines(new LineIndex(lf)), [0, 9, 10, 22, 25, 26, 30]);
    const crlf = lf.replace(/\n/g, '\r\n');
    assert.deepEqual(lines(new LineIndex(crlf)), after(crlf, '\r\n'));
    assert.deepEqual(lines(new LineIndex('')), [0]);
    assert.deepEqual(lines(new LineIndex('\n')), [0, 1]);
  });

  it('maps UTF-8 byte offsets to UTF-16', () => {
    const text = 'é😀x';
    const map = utf8ToUtf16Mapper(text);
    assert.equal(map(0), 0);
    assert.equal(map(2), 1); // after é (2 bytes)
    assert.equal(map(6), 3); // after 😀 (4 bytes, 2 UTF-16 units)
    assert.equal(map(7), 4);
  });
});

describe('JSON', () => {
  it('reads JSONC and recovers from errors', () => {
    const good = parseJson('{ // comment\n "name": "c", "config": { "a": 1, }, }');
    assert.equal(good.errors.length, 0);
    assert.equal(jsonValue(jsonValue(good.root, 'config'), 'a')?.value, 1);
    const bad = parseJson('{ "config": { "a": 1, "b": } ');
    assert.ok(bad.errors.length > 0);
    assert.equal(jsonValue(jsonValue(bad.root, 'config'), 'a')?.value, 1, 'what parses is still there');
  });
});

describe('YAML', () => {
  it('reads every document of a stream with offsets', () => {
    const text = 'kind: KafkaConnector\nspec:\n  config:\n    a: 1\n---\nkind: Other # note\n';
    const { documents, errors } = parseYaml(text);
    assert.equal(errors.length, 0);
    assert.equal(documents.length, 2);
    assert.equal(documents[1]!.get('kind'), 'Other');
    assert.deepEqual(yamlComments(text).map((c) => text.slice(c.start, c.end)), ['# note']);
  });

  it('reports errors without throwing, and caps alias expansion', () => {
    assert.ok(parseYaml('a: [1, 2\nb: {').errors.length > 0);
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 12; i++) bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill('*' + String.fromCharCode(96 + i)).join(',')}]`);
    const { documents } = parseYaml(bomb.join('\n'));
    assert.throws(() => documents[0]!.toJS(), /alias/i);
  });
});

/** Everything a rule can read of parsed YAML documents: values, and the offsets of every node and error. */
function yamlShape(documents: readonly Document.Parsed[]): unknown {
  return documents.map((d) => {
    const ranges: unknown[] = [];
    visit(d, (key, node) => {
      if (isNode(node)) ranges.push([key, node.range]);
    });
    return { value: d.toJS({ maxAliasCount: 100 }), range: d.range, ranges, errors: d.errors.map((e) => [e.code, e.pos]) };
  });
}

const YAML_STREAMS = [
  '',
  '# only a comment\n',
  'kind: A\n---\nkind: B\n...\n---\nkind: C # c\n',
  '# lead\n---\na: 1\n# trailing\n---\nb: [1, 2\n---\nc: {x: 1}\n',
  '\uFEFF---\r\na: 1\r\n---\r\nb: |\r\n  ---not a marker\r\n  text\r\n',
  '%YAML 1.2\n---\na: 1\n---\nb: 2\n',
  '--- !!map\na: &x 1\nb: *x\n--- |\n  literal\n---\n- one\n- "---"\n',
  'a: 1\n----\nb: ---\n --- \n',
];

function repositoryYamlFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (/\.ya?ml$/.test(e.name)) out.push(fs.readFileSync(full, 'utf8'));
    }
  };
  for (const dir of ['test', 'examples', 'walkthroughs']) walk(path.resolve(__dirname, '../..', dir));
  return out;
}

describe('YAML sections', () => {
  it('parse to the same documents, values and offsets as the whole stream', () => {
    const streams = [...YAML_STREAMS, ...repositoryYamlFiles()];
    assert.ok(streams.length > 15);
    for (const text of streams) {
      const whole = [...parseAllDocuments(text, { prettyErrors: false, uniqueKeys: false })] as Document.Parsed[];
      assert.deepEqual(yamlShape(parseYaml(text).documents), yamlShape(whole), JSON.stringify(text.slice(0, 80)));
    }
  });

  it('after an edit, re-parse only the changed section and move the later ones to their new offsets', () => {
    const resources = Array.from({ length: 6 }, (_, i) => `---\nkind: KafkaConnector\nmetadata:\n  name: c${i}\nspec:\n  config:\n    heartbeat.interval.ms: ${i}\n`);
    const before = resources.join('');
    const at = before.indexOf('name: c2') + 'name: c2'.length;
    for (const edit of ['x', '', 'longer-name\n  labels: {a: 1}']) {
      const first = parseYaml(before);
      const previous = [...first.sections];
      const after = edit ? before.slice(0, at) + edit + before.slice(at) : before.slice(0, at - 1) + before.slice(at);
      const next = parseYaml(after, first.sections);
      assert.deepEqual(yamlShape(next.documents), yamlShape(parseYaml(after).documents));
      assert.equal(next.sections.length, 6);
      next.sections.forEach((s, i) => assert.equal(s === previous[i], i !== 2, `section ${i} ${i === 2 ? 'parsed again' : 're-used'}`));
    }
  });

  it('re-uses identical sections once each, in order', () => {
    const text = '---\na: 1\n---\na: 1\n---\nb: 2\n';
    const first = parseYaml(text);
    const next = parseYaml('x: 0\n' + text, first.sections);
    assert.deepEqual(yamlShape(next.documents), yamlShape(parseYaml('x: 0\n' + text).documents));
    assert.deepEqual(next.sections.slice(1), first.sections);
  });
});

describe('.properties', () => {
  it('reads continuation lines, separators and unicode escapes with source ranges', () => {
    const text = 'name=outbox\n# comment\ntable.include.list : public.outbox,\\\n    public.orders\nkey\\u00e9 value\n';
    const { entries, comments } = parseProperties(text);
    assert.deepEqual(entries.map((e) => [e.key, e.value]), [
      ['name', 'outbox'],
      ['table.include.list', 'public.outbox,public.orders'],
      ['keyé', 'value'],
    ]);
    const e = entries[1]!;
    assert.equal(text.slice(e.keyStart, e.keyEnd), 'table.include.list');
    assert.equal(comments.length, 1);
  });
});

describe('postgresql.conf', () => {
  it('reads names, bare and quoted values, comments', () => {
    const text = "wal_level = logical   # needed for CDC\nMax_Slot_Wal_Keep_Size '50GB'\n#max_wal_senders = 10\nlisten_addresses='it''s'\nbroken line !\n";
    const { entries, comments, errors } = parsePgConf(text);
    assert.deepEqual(entries.map((e) => [e.name, e.value]), [
      ['wal_level', 'logical'],
      ['max_slot_wal_keep_size', '50GB'],
      ['listen_addresses', "it's"],
      ['broken', 'line'],
    ]);
    assert.equal(comments.length, 2);
    assert.equal(errors.length, 0);
    assert.equal(text.slice(entries[0]!.valueStart, entries[0]!.valueEnd), 'logical');
  });
});

describe('document model', () => {
  const samples: Record<FileKind, string> = {
    python: 'x = f(1)  # c\n',
    typescript: 'const x: number = f(1); // c\n',
    tsx: 'const x = <div>{f(1)}</div>; // c\n',
    javascript: 'const x = f(1); // c\n',
    java: 'class A { int x = f(1); } // c\n',
    go: 'package m // c\n',
    shell: 'exec postgres -c wal_level=logical # c\n',
    sql: 'SELECT 1; -- c\n',
    json: '{"a": 1}',
    yaml: 'a: 1 # c\n',
    properties: 'a=1\n# c\n',
    pgconf: 'wal_level = logical # c\n',
  };
  for (const kind of FILE_KINDS) {
    it(`parses ${kind}, finds its comments, and survives truncation at every point`, async () => {
      await prepareParser(kind);
      const text = samples[kind];
      const doc: ParsedDocument = parseDocument({ path: 'x', kind, text });
      try {
        assert.equal(doc.hasSyntaxErrors, false, 'the sample is valid');
        if (kind !== 'json') assert.equal(doc.comments().length, 1);
      } finally {
        doc.dispose();
      }
      for (let cut = 0; cut < text.length; cut++) {
        const partial = parseDocument({ path: 'x', kind, text: text.slice(0, cut) });
        partial.dispose();
      }
    });
  }
});
