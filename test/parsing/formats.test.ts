import * as assert from 'node:assert/strict';
import { parseDocument, prepareParser, type ParsedDocument } from '../../server/src/parsing/document';
import { detectKind, FILE_KINDS, type FileKind } from '../../server/src/parsing/fileKinds';
import { jsonValue, parseJson } from '../../server/src/parsing/json';
import { detectEol, LineIndex, utf8ToUtf16Mapper } from '../../server/src/parsing/lineIndex';
import { parsePgConf } from '../../server/src/parsing/pgconf';
import { parseProperties } from '../../server/src/parsing/properties';
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
