/**
 * OBX002 split-outbox-transaction: the domain write and the outbox insert commit separately. The
 * outbox only works because both rows land in one transaction; split them and a crash between the
 * two commits leaves an order without its event (or an event without its order).
 */
import type { Node } from 'web-tree-sitter';
import type { Fix, Report, Rule, TextEdit } from '../../engine/types';
import type { CodeDocument, ParsedDocument, SqlDocument } from '../../parsing/document';
import type { SqlStatement } from '../../parsing/sql';
import { OUTBOX_NAME } from './database';
import { databaseModel, type DatabaseModel, type DbOp, type TxContext } from './dbModel';
import { indentOf, indentUnit, moveAfter, statementSpan } from './edits';
import { exclusive, fallsThrough } from './flow';
import { effectsOf, sqlEffects } from './sqlInCode';

export const splitOutboxTransaction: Rule = {
  code: 'OBX002',
  name: 'split-outbox-transaction',
  family: 'outbox',
  severity: 'error',
  summary: 'The domain write and the outbox insert are committed in different transactions',
  explanation: {
    why:
      'The outbox pattern is only safe because the business row and the event row commit together: either both exist ' +
      'or neither does. With a COMMIT between them (two transaction blocks, two commits, autocommit calls), a crash, ' +
      'a deadlock or a failed constraint after the first commit leaves an order that no event will ever announce, and ' +
      'downstream services (billing, shipping) never learn about it.',
    fix:
      'Puts both writes in one transaction: drops the COMMIT/BEGIN between them (moving the COMMIT after the outbox ' +
      'insert when needed), merges two adjacent transaction blocks, or wraps the function in one transaction ' +
      '(`@Transactional`, `@transaction.atomic`, `prisma.$transaction`).',
  },
  kinds: ['sql', 'python', 'typescript', 'tsx', 'javascript', 'java', 'go'],
  requires: ['sql'],
  fixAvailability: 'sometimes',
  fixSafety: 'safe',
  trigger: OUTBOX_NAME,
  check({ doc, report }) {
    if (doc.kind === 'sql') checkSql(doc, report);
    else if (doc.kind !== 'shell' && doc.kind !== 'json' && doc.kind !== 'yaml' && doc.kind !== 'properties' && doc.kind !== 'pgconf') {
      checkCode(doc as CodeDocument, report);
    }
  },
};

function message(outbox: string, write: string): string {
  return `\`${outbox}\` runs in a different transaction than \`${write}\``;
}

// ------------------------------------------------------------------------------------------ SQL

type SqlRole = 'write' | 'outbox' | 'control' | 'neutral' | 'other';

interface SqlItem {
  stmt: SqlStatement;
  role: SqlRole;
  /** For control statements: what they do to the transaction. */
  control?: 'begin' | 'commit' | 'rollback' | 'savepoint';
  /** For writes: `INSERT INTO orders`. */
  label?: string;
  /** Transaction segment: bumps at every BEGIN/COMMIT/ROLLBACK and Liquibase changeset. */
  segment: number;
}

function checkSql(doc: SqlDocument, report: (r: Report) => void): void {
  const changesets = liquibaseChangesets(doc);
  const items: SqlItem[] = [];
  let segment = 0;
  let changeset = 0;
  for (const stmt of doc.statements) {
    if (stmt.meta || !stmt.type || !stmt.ast) continue;
    const inChangeset = changesets.filter((c) => c.start <= stmt.start).length;
    if (inChangeset !== changeset) {
      changeset = inChangeset;
      segment++;
    }
    const item = classify(stmt, segment);
    if (changesets[changeset - 1]?.autocommit && (item.role === 'write' || item.role === 'outbox')) item.segment = ++segment;
    if (item.role === 'control' && item.control !== 'savepoint') item.segment = ++segment;
    items.push(item);
    if (item.role === 'control' && item.control !== 'savepoint') segment++;
    checkProcedure(doc, stmt, report);
  }
  items.forEach((o, i) => {
    if (o.role !== 'outbox') return;
    // the nearest earlier write, with only transaction control and reads between
    let w: SqlItem | undefined;
    let at = -1;
    for (let j = i - 1; j >= 0; j--) {
      const item = items[j]!;
      if (item.role === 'write') {
        w = item;
        at = j;
        break;
      }
      if (item.role !== 'control' && item.role !== 'neutral') return;
    }
    if (!w || w.segment === o.segment) return;
    const between = items.slice(at + 1, i).filter((x) => x.role === 'control');
    const splitByChangeset = changesetOf(changesets, w.stmt) !== changesetOf(changesets, o.stmt) || !!changesets[changesetOf(changesets, o.stmt) - 1]?.autocommit;
    const explicitSplit = between.some((b) => b.control === 'begin' || b.control === 'commit' || b.control === 'rollback');
    if (!explicitSplit && !splitByChangeset) return;
    const fix = splitByChangeset ? undefined : sqlFix(doc, items, at, i, between);
    report({
      start: o.stmt.start,
      end: relationEnd(o.stmt),
      message: message(o.label!, w.label!),
      fixes: fix ? [fix] : [],
    });
  });
}

function classify(stmt: SqlStatement, segment: number): SqlItem {
  if (stmt.type === 'TransactionStmt') {
    const kind = String(stmt.ast!.kind ?? '');
    if (kind === 'TRANS_STMT_BEGIN' || kind === 'TRANS_STMT_START') return { stmt, role: 'control', control: 'begin', segment };
    if (kind === 'TRANS_STMT_COMMIT' || kind === 'TRANS_STMT_COMMIT_PREPARED') return { stmt, role: 'control', control: 'commit', segment };
    if (kind === 'TRANS_STMT_ROLLBACK' || kind === 'TRANS_STMT_ROLLBACK_PREPARED') return { stmt, role: 'control', control: 'rollback', segment };
    return { stmt, role: 'control', control: 'savepoint', segment };
  }
  if (stmt.type === 'VariableSetStmt' || stmt.type === 'VariableShowStmt') return { stmt, role: 'neutral', segment };
  const effects = effectsOf(stmt.type!, stmt.ast!);
  const dml = effects.find((e) => e.kind === 'insert' || e.kind === 'update' || e.kind === 'delete' || e.kind === 'merge');
  if (!dml) return { stmt, role: effects.every((e) => e.kind === 'select') ? 'neutral' : 'other', segment };
  const outbox = !!dml.table && OUTBOX_NAME.test(dml.table);
  if (outbox && dml.kind === 'insert') return { stmt, role: 'outbox', label: `INSERT INTO ${dml.table}`, segment };
  if (outbox) return { stmt, role: 'other', segment };
  const verb = dml.kind === 'insert' ? 'INSERT INTO' : dml.kind === 'update' ? 'UPDATE' : dml.kind === 'delete' ? 'DELETE FROM' : 'MERGE INTO';
  return { stmt, role: 'write', label: `${verb} ${dml.table ?? ''}`.trim(), segment };
}

/** End offset of `INSERT INTO outbox` (through the table name), for a compact finding range. */
function relationEnd(stmt: SqlStatement): number {
  const relation = stmt.ast?.relation as { relname?: string; location?: number } | undefined;
  if (relation?.location !== undefined && relation.location >= 0) {
    const at = stmt.toOffset(relation.location);
    const name = stmt.text.slice(at - stmt.start).match(/^("[^"]*"|[\w$.]+)/);
    if (name) return at + name[0].length;
  }
  return stmt.end;
}

interface Changeset {
  start: number;
  autocommit: boolean;
}

/** Liquibase formatted SQL: every `--changeset author:id` runs in its own transaction (or none with runInTransaction:false). */
function liquibaseChangesets(doc: SqlDocument): Changeset[] {
  if (!/^\s*--\s*liquibase\s+formatted\s+sql/i.test(doc.text)) return [];
  const out: Changeset[] = [];
  for (const c of doc.comments()) {
    const text = doc.text.slice(c.start, c.end);
    if (/^--\s*changeset\s+\S+/i.test(text)) out.push({ start: c.start, autocommit: /runInTransaction\s*:\s*false/i.test(text) });
  }
  return out;
}

function changesetOf(changesets: Changeset[], stmt: SqlStatement): number {
  return changesets.filter((c) => c.start <= stmt.start).length;
}

/** A procedure or DO block whose body commits between the domain write and the outbox insert. */
function checkProcedure(doc: SqlDocument, stmt: SqlStatement, report: (r: Report) => void): void {
  if (stmt.type !== 'CreateFunctionStmt' && stmt.type !== 'DoStmt') return;
  if (!/commit/i.test(stmt.text)) return;
  for (const fn of stmt.plpgsql()) {
    let lastWrite: string | undefined;
    let committed = false;
    for (const s of fn.statements) {
      if (s.kind !== 'sql') {
        if (lastWrite) committed = true;
        continue;
      }
      const effects = sqlEffects(s.query);
      const dml = effects.find((e) => e.kind === 'insert' || e.kind === 'update' || e.kind === 'delete' || e.kind === 'merge');
      if (!dml) continue;
      const outbox = !!dml.table && OUTBOX_NAME.test(dml.table);
      if (outbox && dml.kind === 'insert' && lastWrite && committed) {
        const lineEnd = doc.text.indexOf('\n', stmt.start);
        report({
          start: stmt.start,
          end: lineEnd < 0 || lineEnd > stmt.end ? stmt.end : lineEnd,
          message: message(`INSERT INTO ${dml.table}`, lastWrite),
        });
        return;
      }
      if (!outbox) {
        const verb = dml.kind === 'insert' ? 'INSERT INTO' : dml.kind === 'update' ? 'UPDATE' : dml.kind === 'delete' ? 'DELETE FROM' : 'MERGE INTO';
        lastWrite = `${verb} ${dml.table ?? ''}`.trim();
        committed = false;
      }
    }
  }
}

/** The lines of a statement and its `;`, when it has them to itself. */
function sqlLines(doc: ParsedDocument, stmt: SqlStatement): { start: number; end: number } | undefined {
  const first = doc.lines.positionAt(stmt.start).line;
  const last = doc.lines.positionAt(stmt.terminatorEnd).line;
  const start = doc.lines.lineStart(first);
  if (doc.text.slice(start, stmt.start).trim() !== '') return undefined;
  const lineEnd = doc.lines.lineEnd(last);
  const rest = doc.text.slice(stmt.terminatorEnd, lineEnd).trim();
  if (rest !== '' && !rest.startsWith('--')) return undefined;
  return { start, end: doc.lines.lineEndIncludingBreak(last) };
}

/**
 * Merges the two transactions: removes the BEGIN/COMMIT between the write and the outbox insert,
 * moving a COMMIT after the insert when its transaction had none, and a BEGIN before the write
 * when the write ran outside any.
 */
function sqlFix(doc: SqlDocument, items: SqlItem[], wi: number, oi: number, between: SqlItem[]): Fix | undefined {
  const w = items[wi]!;
  const o = items[oi]!;
  const wSegmentStart = items.slice(0, wi).reverse().find((x) => x.role === 'control' && x.control !== 'savepoint');
  const oSegmentEnd = items.slice(oi + 1).find((x) => x.role === 'control' && x.control !== 'savepoint');
  const wOpen = wSegmentStart?.control === 'begin';
  const oClosed = oSegmentEnd?.control === 'commit';
  const commits = between.filter((b) => b.control === 'commit');
  const begins = between.filter((b) => b.control === 'begin');
  if (between.some((b) => b.control === 'rollback')) return undefined;
  const moveCommit = oClosed ? undefined : commits[0];
  if (!oClosed && !moveCommit) return undefined;
  const moveBegin = !wOpen && begins.length > 0 ? begins[0] : undefined;
  const edits: TextEdit[] = [];
  for (const b of between) {
    const lines = sqlLines(doc, b.stmt);
    if (!lines) return undefined;
    edits.push({ start: lines.start, end: lines.end, newText: '' });
  }
  const textOf = (b: SqlItem) => {
    const lines = sqlLines(doc, b.stmt)!;
    const text = doc.text.slice(lines.start, lines.end);
    return text.endsWith('\n') ? text : text + doc.eol;
  };
  if (moveCommit) {
    const oLines = sqlLines(doc, o.stmt);
    if (!oLines) return undefined;
    let text = textOf(moveCommit);
    if (oLines.end === doc.text.length && !doc.text.endsWith('\n')) text = doc.eol + text.slice(0, text.length - doc.eol.length);
    edits.push({ start: oLines.end, end: oLines.end, newText: text });
  }
  if (moveBegin) {
    const wLines = sqlLines(doc, w.stmt);
    if (!wLines) return undefined;
    edits.push({ start: wLines.start, end: wLines.start, newText: textOf(moveBegin) });
  }
  const plain = between.every((b) => /^(BEGIN|COMMIT|END|START\s+TRANSACTION)(\s+(WORK|TRANSACTION))?$/i.test(b.stmt.text.trim()));
  return {
    title: moveCommit
      ? `Move \`${moveCommit.stmt.text.trim()}\` after \`${o.label}\``
      : moveBegin
        ? `Move \`${moveBegin.stmt.text.trim()}\` before \`${w.label}\``
        : `Commit \`${w.label}\` and \`${o.label}\` together`,
    safety: plain ? 'safe' : 'unsafe',
    edits,
  };
}

// ------------------------------------------------------------------------------------------ code

function checkCode(doc: CodeDocument, report: (r: Report) => void): void {
  const db = databaseModel(doc);
  const outboxInserts = db.ops.filter((o) => o.role === 'outboxInsert');
  if (outboxInserts.length === 0) return;
  const reportedFix = new Set<string>();
  for (const o of outboxInserts) {
    const writes = db.opsIn(o.host).filter((w) => w.role === 'write' && w.node.endIndex <= o.node.startIndex);
    const w = writes.at(-1);
    if (!w) continue;
    if (exclusive(db.code, w.node, o.node, o.host) || !fallsThrough(db.code, w.node, o.node, o.host)) continue;
    const cw = db.txContext(w.node, w.receiverRoot, w.host);
    const co = db.txContext(o.node, o.receiverRoot, o.host);
    if (cw.kind === 'unknown' || co.kind === 'unknown' || cw.unit === co.unit) continue;
    const fix = codeFix(doc, db, w, o, cw, co);
    // one wrapping fix per function is enough; later findings in it are fixed by the same edit
    const key = fix ? fix.edits.map((e) => `${e.start}:${e.end}`).join(',') : '';
    const fixes = fix && !reportedFix.has(key) ? [fix] : [];
    if (fix) reportedFix.add(key);
    report({ start: o.node.startIndex, end: o.node.endIndex, message: message(o.label, w.label), fixes });
  }
}

function codeFix(doc: CodeDocument, db: DatabaseModel, w: DbOp, o: DbOp, cw: TxContext, co: TxContext): Fix | undefined {
  if (cw.kind === 'explicit' && co.kind === 'explicit' && cw.commit && co.commit && /^explicit:/.test(cw.unit)) {
    return dropCommitFix(doc, db, o, cw);
  }
  if (cw.kind === 'explicit' && cw.commit && (co.kind === 'autocommit' || (co.kind === 'explicit' && !co.commit && /^explicit:/.test(cw.unit)))) {
    return moveCommitFix(doc, db, o, cw);
  }
  if (cw.kind === 'block' && co.kind === 'block' && cw.block && co.block) return mergeBlocksFix(doc, db, cw.block, co.block, o);
  if (cw.kind === 'autocommit' && co.kind === 'autocommit') return wrapFix(doc, db, w, o);
  return undefined;
}

/** `W; conn.commit(); O; conn.commit()`: drop the first commit. */
function dropCommitFix(doc: CodeDocument, db: DatabaseModel, o: DbOp, cw: TxContext): Fix | undefined {
  const code = db.code;
  const commit = cw.commit!;
  if (commit.node.startIndex > o.node.startIndex) return undefined;
  const stmt = code.statementOf(commit.node);
  if (!stmt) return undefined;
  const onlyCommit = code.callsIn(stmt.node).every((c) => c.node.id === commit.node.id || within(c.node, commit.node));
  if (!onlyCommit) return undefined;
  // An ORM session assigns keys when it flushes: `order.id` read for the outbox row after the
  // commit needs that flush, so the commit becomes a flush instead of going away.
  const name = code.syntax.callParts(commit.node).name;
  if (doc.kind === 'python' && name && /(^|\.)session$/i.test(commit.receiver ?? '')) {
    return {
      title: `Flush instead of \`${commit.callee}()\` so \`${o.label}\` commits with the write before it`,
      safety: 'unsafe',
      edits: [{ start: name.startIndex, end: name.endIndex, newText: 'flush' }],
    };
  }
  const span = statementSpan(doc, stmt.node);
  if (!span) return undefined;
  return {
    title: `Remove \`${commit.callee}()\` so \`${o.label}\` commits with the write before it`,
    safety: 'unsafe',
    edits: [{ start: span.start, end: span.end, newText: '' }],
  };
}

/** `BEGIN; W; COMMIT; O`: move the commit after the outbox insert. */
function moveCommitFix(doc: CodeDocument, db: DatabaseModel, o: DbOp, cw: TxContext): Fix | undefined {
  const code = db.code;
  const commit = cw.commit!;
  if (commit.node.startIndex > o.node.startIndex) return undefined;
  const stmt = code.statementOf(commit.node);
  if (!stmt) return undefined;
  if (!code.callsIn(stmt.node).every((c) => c.node.id === commit.node.id || within(c.node, commit.node))) return undefined;
  const target = code.following(stmt).find((s) => within(o.node, s));
  if (!target) return undefined;
  const edits = moveAfter(doc, [stmt.node], target);
  if (!edits) return undefined;
  return { title: `Move \`${callLabel(commit.node.text)}\` after \`${o.label}\``, safety: 'unsafe', edits };
}

function callLabel(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length <= 40 ? oneLine : `${oneLine.slice(0, 37)}...`;
}

/** Two adjacent transaction blocks with the same header: merge the second into the first. */
function mergeBlocksFix(doc: CodeDocument, db: DatabaseModel, first: Node, second: Node, o: DbOp): Fix | undefined {
  const code = db.code;
  if (first.id === second.id) return undefined;
  const s1 = blockStatement(db, first);
  const s2 = blockStatement(db, second);
  if (!s1 || !s2) return undefined;
  const ref1 = code.statementOf(s1);
  const ref2 = code.statementOf(s2);
  if (!ref1 || !ref2 || ref1.list.id !== ref2.list.id || ref2.index !== ref1.index + 1) return undefined;
  const body1 = blockBody(db, first);
  const body2 = blockBody(db, second);
  if (!body1 || !body2) return undefined;
  const stmts1 = code.statements(body1);
  const stmts2 = code.statements(body2);
  if (stmts1.length === 0 || stmts2.length === 0) return undefined;
  if (headerText(doc, s1, stmts1[0]!) !== headerText(doc, s2, stmts2[0]!)) return undefined;
  // lines from the end of the first block's last statement to the start of the second block's first statement
  const last1 = stmts1.at(-1)!;
  const first2 = stmts2[0]!;
  const from = doc.lines.lineEndIncludingBreak(last1.endPosition.row);
  const to = doc.lines.lineStart(first2.startPosition.row);
  const removed = doc.text.slice(from, to);
  if (removed.split(/\r?\n/).filter((l) => l.trim() !== '').length > 2) return undefined;
  if (/return\b/.test(last1.text) && code.kind !== 'python') return undefined;
  return {
    title: `Merge the two transaction blocks so \`${o.label}\` commits with the write before it`,
    safety: 'unsafe',
    edits: [{ start: from, end: to, newText: '' }],
  };
}

/** The statement that holds a transaction block (`with` statement, or the statement calling `transaction(cb)`). */
function blockStatement(db: DatabaseModel, block: Node): Node | undefined {
  if (block.type === 'with_statement') return block;
  const call = db.callTakingCallback(block);
  if (!call) return undefined;
  const ref = db.code.statementOf(call.node);
  return ref?.node;
}

function blockBody(db: DatabaseModel, block: Node): Node | undefined {
  const body = block.childForFieldName('body');
  if (!body) return undefined;
  if (db.code.kind === 'go') return body.namedChildren.find((c) => c?.type === 'statement_list') ?? undefined;
  return db.code.syntax.statementList.has(body.type) ? body : undefined;
}

/** The text of a block statement from its start to its first body statement, whitespace-normalised. */
function headerText(doc: CodeDocument, stmt: Node, firstBodyStatement: Node): string {
  return doc.text.slice(stmt.startIndex, firstBodyStatement.startIndex).replace(/\s+/g, ' ').trim();
}

/** Both writes autocommit: put the function (or the statements from the write to the insert) in one transaction. */
function wrapFix(doc: CodeDocument, db: DatabaseModel, w: DbOp, o: DbOp): Fix | undefined {
  const host = w.host;
  if (!host || host.id !== o.host?.id) return undefined;
  switch (db.kind) {
    case 'java':
      return annotateFix(doc, db, host, o, 'Transactional', 'org.springframework.transaction.annotation.Transactional');
    case 'python':
      if (!db.isDjango()) return undefined;
      return annotateFix(doc, db, host, o, 'transaction.atomic', 'django.db.transaction');
    case 'typescript':
    case 'tsx':
    case 'javascript':
      return wrapStatementsFix(doc, db, w, o);
    default:
      return undefined;
  }
}

/** Adds `@Transactional` / `@transaction.atomic` above the function, and its import when missing. */
function annotateFix(doc: CodeDocument, db: DatabaseModel, host: Node, o: DbOp, annotation: string, importName: string): Fix | undefined {
  const code = db.code;
  if (db.kind === 'java' && host.type !== 'method_declaration') return undefined;
  if (db.kind === 'python' && host.type !== 'function_definition') return undefined;
  const decorated = db.kind === 'python' && host.parent?.type === 'decorated_definition' ? host.parent : host;
  const indent = indentOf(doc, decorated);
  const edits: TextEdit[] = [];
  // the annotation goes on its own line right above the method's first line (after its other annotations)
  let anchorLine = doc.lines.positionAt(decorated.startIndex).line;
  if (db.kind === 'java') {
    const modifiers = host.namedChildren.find((c) => c?.type === 'modifiers');
    if ((modifiers && proxiesIgnore(modifiers)) || inFinalClass(host)) return undefined;
    const keywordStart = modifiers ? modifierKeywordStart(doc, modifiers) : undefined;
    if (keywordStart !== undefined) anchorLine = doc.lines.positionAt(keywordStart).line;
    if (doc.text.slice(doc.lines.lineStart(anchorLine), keywordStart ?? decorated.startIndex).trim() !== '') return undefined;
  }
  const at = doc.lines.lineStart(anchorLine);
  const marker = db.kind === 'java' ? `@${annotation}` : `@${annotation}`;
  edits.push({ start: at, end: at, newText: `${indent}${marker}${doc.eol}` });
  const importEdit = db.kind === 'java' ? javaImport(doc, code, importName) : pythonImport(doc, code);
  if (importEdit === null) return undefined;
  if (importEdit) edits.push(importEdit);
  return {
    title: `Run \`${functionLabel(host)}\` in one transaction (\`${marker}\`) so \`${o.label}\` commits with the write before it`,
    safety: 'unsafe',
    edits,
  };
}

/**
 * Spring applies `@Transactional` through a proxy, which never intercepts a private, static or final
 * method: the annotation would compile and change nothing (a method of a final class: below).
 */
function proxiesIgnore(modifiers: Node): boolean {
  return modifiers.children.some((c) => c?.type === 'private' || c?.type === 'static' || c?.type === 'final');
}

/** A final class cannot be subclassed, so Spring's class-based proxy (its default) cannot wrap its methods. */
function inFinalClass(method: Node): boolean {
  const owner = method.parent?.parent;
  if (owner?.type !== 'class_declaration') return false;
  return !!owner.namedChildren.find((c) => c?.type === 'modifiers')?.children.some((c) => c?.type === 'final');
}

/** Offset of the first modifier keyword (`public`, `void`…) after the annotations, or of the return type. */
function modifierKeywordStart(doc: CodeDocument, modifiers: Node): number | undefined {
  let last: Node | undefined;
  for (const c of modifiers.children) {
    if (c && /annotation/.test(c.type)) last = c;
  }
  if (!last) return modifiers.startIndex;
  const rest = doc.text.slice(last.endIndex);
  const m = /\S/.exec(rest);
  return m ? last.endIndex + m.index : undefined;
}

function functionLabel(host: Node): string {
  return host.childForFieldName('name')?.text ?? 'the function';
}

/** An import line for `name` when the file does not import it yet; null when there is nowhere sensible to put it. */
function javaImport(doc: CodeDocument, code: DatabaseModel['code'], name: string): TextEdit | undefined | null {
  const imports = code.root.namedChildren.filter((c) => c?.type === 'import_declaration') as Node[];
  if (imports.some((i) => /\bTransactional\s*;/.test(i.text))) return undefined;
  const anchor = imports.at(-1) ?? code.root.namedChildren.find((c) => c?.type === 'package_declaration');
  if (!anchor) return { start: 0, end: 0, newText: `import ${name};${doc.eol}${doc.eol}` };
  const at = doc.lines.lineEndIncludingBreak(anchor.endPosition.row);
  const prefix = imports.length === 0 ? doc.eol : '';
  return { start: at, end: at, newText: `${prefix}import ${name};${doc.eol}` };
}

function pythonImport(doc: CodeDocument, code: DatabaseModel['code']): TextEdit | undefined | null {
  const imports = code.root.namedChildren.filter((c) => c && /import/.test(c.type)) as Node[];
  if (imports.some((i) => /from\s+django\.db\s+import\s+.*\btransaction\b/.test(i.text) || /^import\s+django\.db\.transaction\b/.test(i.text))) return undefined;
  const anchor = imports.at(-1);
  if (!anchor) return { start: 0, end: 0, newText: `from django.db import transaction${doc.eol}${doc.eol}` };
  const at = doc.lines.lineEndIncludingBreak(anchor.endPosition.row);
  return { start: at, end: at, newText: `from django.db import transaction${doc.eol}` };
}

/**
 * Prisma / knex: wraps the statements from the write to the outbox insert in
 * `await prisma.$transaction(async (tx) => { … })` (`knex.transaction(async (trx) => …)`),
 * running both on the transaction client.
 */
function wrapStatementsFix(doc: CodeDocument, db: DatabaseModel, w: DbOp, o: DbOp): Fix | undefined {
  const code = db.code;
  const root = w.receiverRoot;
  if (!root || root !== o.receiverRoot || !/^(prisma|knex|db)$/.test(root)) return undefined;
  const isPrisma = /prisma/.test(root) || /\$transaction|\.\w+\.(create|update|upsert|delete)/.test(w.node.text);
  const rw = code.statementOf(w.node);
  const ro = code.statementOf(o.node);
  if (!rw || !ro || rw.list.id !== ro.list.id || ro.index < rw.index) return undefined;
  const fn = code.enclosingFunction(rw.list);
  if (!fn || !/^async\b/.test(fn.text)) return undefined;
  const statements = code.statements(rw.list).slice(rw.index, ro.index + 1);
  // names declared in the wrapped statements must not be needed after them
  const declared = new Set<string>();
  for (const s of statements) for (const a of code.assignmentsIn(s)) a.names.forEach((n) => declared.add(n));
  const after = code.statements(rw.list).slice(ro.index + 1);
  if (after.some((s) => code.mentions(s, declared))) return undefined;
  if (statements.some((s) => code.jumpsIn(s).length > 0)) return undefined;
  const first = statementSpan(doc, statements[0]!);
  const last = statementSpan(doc, statements.at(-1)!);
  if (!first || !last) return undefined;
  const indent = indentOf(doc, statements[0]!);
  const unit = indentUnit(doc);
  const txName = isPrisma ? 'tx' : 'trx';
  const header = isPrisma ? `${indent}await ${root}.$transaction(async (${txName}) => {` : `${indent}await ${root}.transaction(async (${txName}) => {`;
  const body = doc.text
    .slice(first.start, last.end)
    .split(/(?<=\n)/)
    .map((line) => (line.trim() === '' ? line : unit + line))
    .join('')
    .replace(new RegExp(`\\b${root}(?=[.(])(?!\\.\\$transaction|\\.transaction)`, 'g'), txName);
  const text = `${header}${doc.eol}${body.endsWith('\n') ? body : body + doc.eol}${indent}});${doc.eol}`;
  return {
    title: `Wrap \`${w.label}\` and \`${o.label}\` in \`${root}.${isPrisma ? '$transaction' : 'transaction'}(…)\``,
    safety: 'unsafe',
    edits: [{ start: first.start, end: last.end, newText: text }],
  };
}

function within(inner: Node, outer: Node): boolean {
  return inner.startIndex >= outer.startIndex && inner.endIndex <= outer.endIndex;
}
