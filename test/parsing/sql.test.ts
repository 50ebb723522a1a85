import * as assert from 'node:assert/strict';
import { loadSqlParser, parseSql, walkPg } from '../../server/src/parsing/sql';
import { splitSql } from '../../server/src/parsing/sqlSplit';

describe('SQL', () => {
  before(() => loadSqlParser());

  describe('statement splitting', () => {
    const texts = (sql: string) => splitSql(sql).chunks.map((c) => sql.slice(c.start, c.end));

    it('splits on semicolons outside strings, identifiers, comments and dollar quotes', () => {
      const sql = `INSERT INTO t VALUES ('a;b', E'c\\';d');
-- a comment; with a semicolon
SELECT "we;ird" FROM x /* block; /* nested; */ still */ ;
CREATE FUNCTION f() RETURNS void AS $body$ BEGIN PERFORM 1; END $body$ LANGUAGE plpgsql;
SELECT $1::int;`;
      assert.deepEqual(texts(sql), [
        "INSERT INTO t VALUES ('a;b', E'c\\';d')",
        'SELECT "we;ird" FROM x',
        'CREATE FUNCTION f() RETURNS void AS $body$ BEGIN PERFORM 1; END $body$ LANGUAGE plpgsql',
        'SELECT $1::int',
      ]);
    });

    it('keeps a BEGIN ATOMIC body together', () => {
      const sql = `CREATE FUNCTION g() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT CASE WHEN true THEN 1 END; SELECT 2; END; SELECT 3;`;
      assert.deepEqual(texts(sql), [
        'CREATE FUNCTION g() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT CASE WHEN true THEN 1 END; SELECT 2; END',
        'SELECT 3',
      ]);
    });

    it('treats psql meta-commands as their own lines', () => {
      const split = splitSql('\\set ON_ERROR_STOP on\nSELECT 1;\n');
      assert.deepEqual(split.chunks.map((c) => c.meta), [true, false]);
    });

    it('marks an unterminated dollar quote and runs it to the end', () => {
      const split = splitSql('SELECT 1; DO $$ BEGIN');
      assert.equal(split.chunks.length, 2);
      assert.equal(split.chunks[1]!.unterminated, true);
    });
  });

  describe('parsing', () => {
    it('one syntax error does not hide the other statements', () => {
      const { statements } = parseSql('CREATE TABLE a (id int);\nSELEC oops;\nINSERT INTO a VALUES (1);');
      assert.deepEqual(statements.map((s) => s.type), ['CreateStmt', undefined, 'InsertStmt']);
      const bad = statements[1]!;
      assert.ok(bad.error);
      assert.match(bad.error.message, /syntax error/);
      assert.ok(bad.error.offset >= bad.start && bad.error.offset <= bad.end);
    });

    it('maps UTF-8 byte locations to UTF-16 offsets', () => {
      const sql = "SELECT 'ünïcödé 😀'; UPDATE outbox SET sent = true;";
      const { statements } = parseSql(sql);
      const update = statements[1]!;
      // typed fields such as InsertStmt.relation come unwrapped (no { RangeVar: … } around them)
      const relation = update.ast!.relation as { relname: string; location: number };
      assert.equal(relation.relname, 'outbox');
      const offset = update.toOffset(relation.location);
      assert.equal(sql.slice(offset, offset + 6), 'outbox');
    });

    it('walks wrapped nodes', () => {
      const { statements } = parseSql('INSERT INTO t (a) SELECT x FROM y');
      const seen: string[] = [];
      walkPg(statements[0]!.ast, (type) => seen.push(type));
      assert.ok(seen.includes('SelectStmt') && seen.includes('ColumnRef'));
    });

    it('reads PL/pgSQL function bodies and DO blocks', () => {
      const { statements } = parseSql(`CREATE FUNCTION place() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO orders VALUES (1);
  IF true THEN INSERT INTO outbox VALUES (2); END IF;
END $$;
DO $$ BEGIN UPDATE outbox SET sent = true; COMMIT; END $$;`);
      assert.deepEqual(statements[0]!.plpgsql()[0]!.statements.map((s) => s.query), [
        'INSERT INTO orders VALUES (1)',
        'INSERT INTO outbox VALUES (2)',
      ]);
      assert.deepEqual(statements[1]!.plpgsql()[0]!.statements.map((s) => s.kind), ['sql', 'commit']);
    });

    it('does not throw on hostile input', () => {
      for (const sql of ['', ';;;', "SELECT 'unterminated", 'DO $$ never closed', '/* open comment', '\u0000\u0001', 'select ' + '('.repeat(2000)]) {
        assert.doesNotThrow(() => parseSql(sql));
      }
    });
  });
});
