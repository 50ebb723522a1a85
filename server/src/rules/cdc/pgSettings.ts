/**
 * PostgreSQL server settings, wherever a deployment writes them: `postgresql.conf` lines,
 * `ALTER SYSTEM SET` statements (libpg-query `AlterSystemStmt`), and server flags (`-c name=value`,
 * `-cname=value`, `--name=value`) in a compose/Kubernetes `command:`/`args:` (string or list) or on
 * a `postgres`, `pg_ctl -o "…"` or `docker run` command line in a shell script (tree-sitter bash).
 * Each place becomes one group of settings with edits that add or change a setting in that
 * place's own syntax.
 */
import type { Node as TsNode } from 'web-tree-sitter';
import { isMap, isScalar, isSeq, type Pair, type Scalar } from 'yaml';
import type { TextEdit } from '../../engine/types';
import type { ParsedDocument, PgConfDocument, ShellDocument, SqlDocument, YamlDocument } from '../../parsing/document';
import type { SqlStatement } from '../../parsing/sql';
import { splitCommandString, type ArgToken } from './argTokens';
import { environmentEntries, pairOf, scalarText, valueOf, walkMaps, type EnvironmentEntry } from './yamlView';

export interface PgSetting {
  /** Lower-cased parameter name (`--wal-level` reads as `wal_level`). */
  name: string;
  /** The value as written, unquoted; undefined when it depends on an expansion. */
  value: string | undefined;
  /** `RESET` / `SET … TO DEFAULT`: back to the built-in default. */
  reset: boolean;
  /** The setting as written, for reporting. */
  start: number;
  end: number;
}

export interface PgServerSettings {
  source: 'pgconf' | 'sql' | 'flags' | 'env';
  settings: readonly PgSetting[];
  /** The setting that takes effect (the last one written). */
  get(name: string): PgSetting | undefined;
  /** Settings may also come from files this one includes. */
  partial: boolean;
  /** The server's major version, when the file tells (image tag, install path). */
  majorVersion: number | undefined;
  /** Edits setting `name` right after `after`, in this place's syntax. */
  addAfter(after: PgSetting, name: string, value: string): TextEdit[] | undefined;
  /** Edits giving `setting` a new value (a RESET statement becomes a SET). */
  change(setting: PgSetting, value: string): TextEdit[] | undefined;
}

const cache = new WeakMap<ParsedDocument, readonly PgServerSettings[]>();

export function pgServerSettings(doc: ParsedDocument): readonly PgServerSettings[] {
  let groups = cache.get(doc);
  if (!groups) {
    groups = findGroups(doc);
    cache.set(doc, groups);
  }
  return groups;
}

function findGroups(doc: ParsedDocument): readonly PgServerSettings[] {
  switch (doc.kind) {
    case 'pgconf':
      return [pgconfSettings(doc)];
    case 'sql':
      return sqlSettings(doc);
    case 'yaml':
      return [...yamlFlagSettings(doc), ...bitnamiSettings(doc)];
    case 'shell':
      return shellFlagSettings(doc);
    default:
      return [];
  }
}

function lastOf(settings: readonly PgSetting[], name: string): PgSetting | undefined {
  for (let i = settings.length - 1; i >= 0; i--) {
    const s = settings[i]!;
    if (s.name === name || s.name === '*') return s;
  }
  return undefined;
}

/** `/etc/postgresql/16/main/…`, `/var/lib/pgsql/15/data/…`, `/usr/lib/postgresql/12/bin/postgres`. */
export function versionFromPath(p: string): number | undefined {
  const m = /(?:^|[/\\])(?:postgresql|pgsql)[/\\](\d+)(?:\.\d+)?[/\\]/i.exec(p);
  return m ? Number(m[1]) : undefined;
}

/**
 * `postgres:16-alpine`, `postgis/postgis:15-3.4`, `timescale/timescaledb:2.14.2-pg16` → the major
 * version. A tag that names the PostgreSQL version with `pg` wins over a leading number, which is
 * the version of the image's own product there (TimescaleDB 2.14); a leading number below 9 is no
 * PostgreSQL major with logical decoding (`debezium/example-postgres:2.5` is Debezium 2.5), so the
 * version is unknown.
 */
export function versionFromImage(image: string | undefined): number | undefined {
  if (!image || !/postgres|postgis|timescale|pgvector/i.test(image)) return undefined;
  const name = image.split('@')[0]!;
  const slash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  if (colon <= slash) return undefined;
  const tag = name.slice(colon + 1);
  const named = /(?:^|[^a-z])pg(\d+)/i.exec(tag);
  if (named) return Number(named[1]);
  const leading = /^(\d+)/.exec(tag);
  return leading && Number(leading[1]) >= 9 ? Number(leading[1]) : undefined;
}

// ---------------------------------------------------------------------------------------------
// postgresql.conf

function pgconfSettings(doc: PgConfDocument): PgServerSettings {
  const settings: PgSetting[] = doc.entries.map((e) => ({ name: e.name, value: e.value, reset: false, start: e.nameStart, end: e.valueEnd }));
  // only a fix asks which line a setting came from: no map of every entry up front
  const entryOf = (s: PgSetting) => doc.entries[settings.indexOf(s)];
  return {
    source: 'pgconf',
    settings,
    get: (name) => lastOf(settings, name),
    partial: doc.entries.some((e) => e.name === 'include' || e.name === 'include_dir' || e.name === 'include_if_exists'),
    majorVersion: versionFromPath(doc.path),
    addAfter(after, name, value) {
      const e = entryOf(after);
      if (!e) return undefined;
      const written = doc.text.slice(e.nameEnd, e.valueStart);
      const sep = written !== '' && /^[ \t]*=?[ \t]*$/.test(written) ? written : ' = ';
      return [{ start: e.lineEnd, end: e.lineEnd, newText: `${doc.eol}${name}${sep}${value}` }];
    },
    change(setting, value) {
      const e = entryOf(setting);
      if (!e) return undefined;
      const quoted = doc.text[e.valueStart] === "'";
      return [{ start: e.valueStart, end: e.valueEnd, newText: quoted ? `'${value.replace(/'/g, "''")}'` : value }];
    },
  };
}

// ---------------------------------------------------------------------------------------------
// ALTER SYSTEM

interface AlterSystem {
  stmt: SqlStatement;
  valueStart: number;
  valueEnd: number;
}

function constValue(arg: unknown): { value: string; location: number } | undefined {
  const c = (arg as { A_Const?: Record<string, unknown> } | undefined)?.A_Const;
  if (!c || typeof c.location !== 'number') return undefined;
  const pick = (field: string, inner: string): unknown => (c[field] as Record<string, unknown> | undefined)?.[inner];
  if (c.sval) return { value: String(pick('sval', 'sval') ?? ''), location: c.location };
  if (c.ival) return { value: String(pick('ival', 'ival') ?? 0), location: c.location };
  if (c.fval) return { value: String(pick('fval', 'fval') ?? ''), location: c.location };
  if (c.boolval) return { value: String(pick('boolval', 'boolval') ?? false), location: c.location };
  return undefined;
}

function sqlValueEnd(text: string, start: number): number {
  if (text[start] === "'") {
    let i = start + 1;
    while (i < text.length) {
      if (text[i] === "'" && text[i + 1] === "'") i += 2;
      else if (text[i] === "'") return i + 1;
      else i++;
    }
    return text.length;
  }
  const m = /^[^\s;,]+/.exec(text.slice(start));
  return start + (m ? m[0].length : 0);
}

function sqlSettings(doc: SqlDocument): PgServerSettings[] {
  const settings: PgSetting[] = [];
  const info = new Map<PgSetting, AlterSystem>();
  for (const stmt of doc.statements) {
    if (stmt.type !== 'AlterSystemStmt' || !stmt.ast) continue;
    const set = stmt.ast.setstmt as { kind?: string; name?: string; args?: unknown[] } | undefined;
    if (!set?.kind) continue;
    if (set.kind === 'VAR_RESET_ALL') {
      settings.push({ name: '*', value: undefined, reset: true, start: stmt.start, end: stmt.end });
      continue;
    }
    if (!set.name) continue;
    const name = set.name.toLowerCase();
    if (set.kind === 'VAR_SET_DEFAULT' || set.kind === 'VAR_RESET') {
      const s: PgSetting = { name, value: undefined, reset: true, start: stmt.start, end: stmt.end };
      settings.push(s);
      info.set(s, { stmt, valueStart: stmt.end, valueEnd: stmt.end });
      continue;
    }
    if (set.kind !== 'VAR_SET_VALUE') continue;
    const values = (set.args ?? []).map(constValue);
    const first = values[0];
    const known = values.length > 0 && values.every((v) => v !== undefined);
    const valueStart = first ? stmt.toOffset(first.location) : stmt.end;
    const s: PgSetting = {
      name,
      value: known ? values.map((v) => v!.value).join(', ') : undefined,
      reset: false,
      start: stmt.start,
      end: stmt.end,
    };
    settings.push(s);
    info.set(s, { stmt, valueStart, valueEnd: values.length === 1 ? sqlValueEnd(doc.text, valueStart) : stmt.end });
  }
  if (settings.length === 0) return [];
  const statementText = (like: SqlStatement, name: string, value: string): string => {
    const lower = /^alter/.test(like.text.trimStart());
    const to = /\bto\s+\S+\s*$/i.test(like.text) && !/=/.test(like.text) ? (lower ? 'to' : 'TO') : '=';
    return `${lower ? 'alter system set' : 'ALTER SYSTEM SET'} ${name} ${to} '${value.replace(/'/g, "''")}'`;
  };
  return [
    {
      source: 'sql',
      settings,
      get: (name) => lastOf(settings, name),
      partial: false,
      majorVersion: undefined,
      addAfter(after, name, value) {
        const a = info.get(after);
        if (!a) return undefined;
        const { stmt } = a;
        const line = statementText(stmt, name, value);
        if (stmt.terminatorEnd > stmt.end) {
          const at = doc.lines.lineEnd(doc.lines.positionAt(stmt.terminatorEnd - 1).line);
          return [{ start: at, end: at, newText: `${doc.eol}${line};` }];
        }
        return [{ start: stmt.end, end: stmt.end, newText: `;${doc.eol}${line}` }];
      },
      change(setting, value) {
        const a = info.get(setting);
        if (!a) return undefined;
        if (setting.reset) return [{ start: a.stmt.start, end: a.stmt.end, newText: statementText(a.stmt, setting.name, value) }];
        return [{ start: a.valueStart, end: a.valueEnd, newText: `'${value.replace(/'/g, "''")}'` }];
      },
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Server flags

type FlagStyle = 'separate' | 'joined' | 'long';

interface Flag {
  style: FlagStyle;
  /** The word holding `name=value`. */
  token: ArgToken;
  /** Characters before the value inside that word (`name=`, `-cname=`, `--name=`). */
  valueOffset: number;
}

const SETTING = /^([A-Za-z_][A-Za-z0-9_.-]*)=([\s\S]*)$/;

/**
 * Reads server flags from `tokens[from…]`. `anchor` moves a report's start to a line that can hold a
 * suppression comment (the first line of a multi-line command).
 */
function flagSettings(
  tokens: readonly ArgToken[],
  from: number,
  allowLong: boolean,
  anchor: (start: number) => number,
  majorVersion: number | undefined,
): PgServerSettings | undefined {
  const settings: PgSetting[] = [];
  const flags = new Map<PgSetting, Flag>();
  const add = (flagStart: number, token: ArgToken, prefix: number, style: FlagStyle) => {
    const m = SETTING.exec((token.value ?? token.knownPrefix).slice(prefix));
    if (!m) return;
    const value = token.value === undefined ? undefined : m[2];
    const s: PgSetting = { name: m[1]!.toLowerCase().replace(/-/g, '_'), value, reset: false, start: anchor(flagStart), end: token.end };
    settings.push(s);
    flags.set(s, { style, token, valueOffset: prefix + m[1]!.length + 1 });
  };
  for (let i = from; i < tokens.length; i++) {
    const t = tokens[i]!;
    const v = t.value ?? t.knownPrefix;
    if (v === '-c' && t.value !== undefined) {
      const next = tokens[i + 1];
      if (next) add(t.start, next, 0, 'separate');
      i++;
    } else if (v.startsWith('-c') && v.length > 2) {
      add(t.start, t, 2, 'joined');
    } else if (allowLong && v.startsWith('--') && v.includes('=')) {
      add(t.start, t, 2, 'long');
    }
  }
  if (settings.length === 0) return undefined;
  return {
    source: 'flags',
    settings,
    get: (name) => lastOf(settings, name),
    // The server also reads the named configuration file, which may hold what the flags lack.
    partial: settings.some((s) => s.name === 'config_file'),
    majorVersion,
    addAfter(after, name, value) {
      const f = flags.get(after);
      if (!f) return undefined;
      const words = f.style === 'separate' ? ['-c', `${name}=${value}`] : f.style === 'joined' ? [`-c${name}=${value}`] : [`--${name}=${value}`];
      return f.token.append(words);
    },
    change(setting, value) {
      const f = flags.get(setting);
      if (!f || f.token.exactStart === undefined || f.token.value === undefined) return undefined;
      const start = f.token.exactStart + f.valueOffset;
      return [{ start, end: f.token.exactStart + f.token.value.length, newText: value }];
    },
  };
}

const SERVER_LAUNCHERS = new Set(['postgres', 'postmaster', 'docker-entrypoint.sh']);

function basename(word: string | undefined): string {
  return (word ?? '').split('/').pop() ?? '';
}

// YAML: compose services and Kubernetes containers ----------------------------------------------

function yamlFlagSettings(doc: YamlDocument): PgServerSettings[] {
  const out: PgServerSettings[] = [];
  for (const d of doc.documents) {
    walkMaps(d.contents, (map) => {
      const parts = ['entrypoint', 'command', 'args'].map((k) => pairOf(map, k)).filter((p): p is Pair => p !== undefined);
      if (parts.length === 0) return;
      const tokens = parts.flatMap((p) => yamlTokens(doc, p));
      if (tokens.length === 0) return;
      const launcher = tokens.findIndex((t) => SERVER_LAUNCHERS.has(basename(t.token.value)));
      let from: number;
      if (launcher >= 0) from = launcher + 1;
      else if (tokens[0]!.token.value?.startsWith('-')) from = 0;
      else return;
      const anchorOf = new Map(tokens.map((t) => [t.token.start, t.anchor]));
      const group = flagSettings(
        tokens.map((t) => t.token),
        from,
        true,
        (start) => anchorOf.get(start) ?? start,
        versionFromImage(scalarText(valueOf(map, 'image'))) ?? versionFromPath(tokens[launcher]?.token.value ?? ''),
      );
      if (group) out.push(group);
    });
  }
  return out;
}

// Bitnami's PostgreSQL image: settings from the environment ---------------------------------------

const BITNAMI_IMAGE = /bitnami(?:legacy)?\/postgresql/i;
/** A volume target under the image's config folders: a `postgresql.conf` or `conf.d` file of the project adds settings. */
const BITNAMI_CONF_MOUNT = /\/(?:opt\/)?bitnami\/postgresql\/conf\b/;

/**
 * Bitnami's image sets `wal_level` from `POSTGRESQL_WAL_LEVEL` and passes `POSTGRESQL_EXTRA_FLAGS` to
 * the server (`-c max_slot_wal_keep_size=10GB`). The fix adds the cap to the flags, or adds the flags
 * variable next to the WAL level.
 */
function bitnamiSettings(doc: YamlDocument): PgServerSettings[] {
  const out: PgServerSettings[] = [];
  for (const d of doc.documents) {
    walkMaps(d.contents, (map) => {
      const image = scalarText(valueOf(map, 'image'));
      if (!image || !BITNAMI_IMAGE.test(image)) return;
      const environment = valueOf(map, 'environment');
      const entries = environmentEntries(environment, d, doc.text);
      const walEntry = entries.filter((e) => e.name === 'POSTGRESQL_WAL_LEVEL').pop();
      if (!walEntry) return;
      const wal: PgSetting = { name: 'wal_level', value: walEntry.value?.trim(), reset: false, start: walEntry.start, end: walEntry.end };
      const extra = entries.filter((e) => e.name === 'POSTGRESQL_EXTRA_FLAGS').pop();
      const flags = extra?.pair ? flagSettings(yamlTokens(doc, extra.pair).map((t) => t.token), 0, true, (start) => start, undefined) : undefined;
      const settings = [wal, ...(flags?.settings ?? [])];
      const mounts = ['volumes', 'configs'].map((k) => valueOf(map, k)).flatMap((v) => (isSeq(v) ? v.items : []));
      const mountsConf = mounts.some((v) => BITNAMI_CONF_MOUNT.test(scalarText(v) ?? scalarText(valueOf(v, 'target')) ?? ''));
      const flowStyle = (isMap(environment) || isSeq(environment)) && environment.flow === true;
      // Settings the rule cannot read may hold the cap: flags from elsewhere (an `env_file`, a merge
      // key, `POSTGRESQL_EXTRA_FLAGS_FILE`, `${VAR}`, a list item read whole, a literal block of which
      // the image reads only the first line) or passed to the image's `run.sh` by `command:`.
      const unread =
        pairOf(map, 'env_file') !== undefined ||
        pairOf(map, 'command') !== undefined ||
        pairOf(map, 'args') !== undefined ||
        entries.some((e) => e.merged || e.name === 'POSTGRESQL_EXTRA_FLAGS_FILE') ||
        (extra !== undefined && (extra.pair === undefined || (extra.value ?? '').includes('$') || (isScalar(extra.pair.value) && extra.pair.value.type === 'BLOCK_LITERAL')));
      out.push({
        source: 'env',
        settings,
        get: (name) => lastOf(settings, name),
        partial: mountsConf || unread,
        majorVersion: versionFromImage(image),
        addAfter(_after, name, value) {
          if (flags) return flags.addAfter(flags.settings[flags.settings.length - 1]!, name, value);
          // a new line goes after a value that ends on its own line: not after a block scalar
          if (extra || flowStyle || !walEntry.oneLine) return undefined;
          return addVariableAfter(doc, walEntry, 'POSTGRESQL_EXTRA_FLAGS', `-c ${name}=${value}`);
        },
        change: (setting, value) => flags?.change(setting, value),
      });
    });
  }
  return out;
}

/** A new variable on the line after `entry`, in its style (`KEY: "value"` or `- KEY=value`) and indentation. */
function addVariableAfter(doc: YamlDocument, entry: EnvironmentEntry, name: string, value: string): TextEdit[] {
  const line = doc.lines.positionAt(entry.end).line;
  const lineStart = doc.lines.lineStart(doc.lines.positionAt(entry.start).line);
  const indent = /^[ \t]*(- )?/.exec(doc.text.slice(lineStart, entry.start))!;
  const at = doc.lines.lineEnd(line);
  const written = entry.pair ? `${name}: "${value}"` : `- ${name}=${value}`;
  return [{ start: at, end: at, newText: `${doc.eol}${indent[0].replace('- ', '')}${written}` }];
}

interface YamlToken {
  token: ArgToken;
  /** Where a report about this word starts (the key line, when the word sits inside a multi-line scalar). */
  anchor: number;
}

function yamlTokens(doc: YamlDocument, pair: Pair): YamlToken[] {
  const text = doc.text;
  const value = pair.value;
  const keyStart = (pair.key as Scalar | undefined)?.range?.[0];
  if (isScalar(value) && value.range && (typeof value.value === 'string' || typeof value.value === 'number')) {
    const [r0, r1] = value.range;
    let from = r0;
    let to = r1;
    if (value.type === 'QUOTE_DOUBLE' || value.type === 'QUOTE_SINGLE') {
      from = r0 + 1;
      to = r1 - 1;
    } else if (value.type === 'BLOCK_FOLDED' || value.type === 'BLOCK_LITERAL') {
      const nl = text.indexOf('\n', r0);
      if (nl < 0 || nl >= r1) return [];
      from = nl + 1;
    }
    const firstLine = doc.lines.positionAt(r0).line;
    const multiline = doc.lines.positionAt(Math.max(r0, to - 1)).line > firstLine;
    const tokens = splitCommandString(text.slice(from, to), {
      base: from,
      append(wordEnd, words) {
        const line = doc.lines.positionAt(wordEnd).line;
        const restOfLine = text.slice(wordEnd, Math.min(doc.lines.lineEnd(line), to));
        if (multiline && line > firstLine && restOfLine.trim() === '') {
          const indent = /^[ \t]*/.exec(doc.lines.lineText(line))![0];
          return [{ start: wordEnd, end: wordEnd, newText: `${doc.eol}${indent}${words.join(' ')}` }];
        }
        return [{ start: wordEnd, end: wordEnd, newText: ` ${words.join(' ')}` }];
      },
    });
    return tokens.map((token) => ({
      token,
      anchor: keyStart !== undefined && doc.lines.positionAt(token.start).line !== doc.lines.positionAt(keyStart).line ? keyStart : token.start,
    }));
  }
  if (isSeq(value)) {
    const seq = value;
    const out: YamlToken[] = [];
    for (const item of seq.items) {
      if (!isScalar(item) || !item.range) continue;
      const [r0, r1] = item.range;
      const v = scalarText(item);
      const rawInner = item.type === 'PLAIN' ? text.slice(r0, r1) : text.slice(r0 + 1, r1 - 1);
      const exact = v !== undefined && rawInner === v;
      out.push({
        token: {
          value: v,
          knownPrefix: v ?? '',
          start: r0,
          end: r1,
          exactStart: exact ? (item.type === 'PLAIN' ? r0 : r0 + 1) : undefined,
          append: (words) => appendSeqItems(doc, seq.flow === true, item, words),
        },
        anchor: r0,
      });
    }
    return out;
  }
  return [];
}

function seqWord(item: Scalar, word: string): string {
  if (item.type === 'QUOTE_DOUBLE') return JSON.stringify(word);
  if (item.type === 'QUOTE_SINGLE') return `'${word.replace(/'/g, "''")}'`;
  return /^[\w.=/-]+$/.test(word) && word !== '-' ? word : JSON.stringify(word);
}

function appendSeqItems(doc: YamlDocument, flow: boolean, item: Scalar, words: readonly string[]): TextEdit[] | undefined {
  const [r0, r1] = item.range!;
  if (flow) return [{ start: r1, end: r1, newText: words.map((w) => `, ${seqWord(item, w)}`).join('') }];
  const line = doc.lines.positionAt(r0).line;
  const prefix = doc.text.slice(doc.lines.lineStart(line), r0);
  const m = /^([ \t]*)-([ \t]+)$/.exec(prefix);
  if (!m) return undefined;
  const at = doc.lines.lineEnd(doc.lines.positionAt(Math.max(r0, r1 - 1)).line);
  return [{ start: at, end: at, newText: words.map((w) => `${doc.eol}${m[1]}-${m[2]}${seqWord(item, w)}`).join('') }];
}

// Shell scripts ------------------------------------------------------------------------------------

/**
 * Commands that may start PostgreSQL, found from their launcher's name in the text and confirmed on
 * the tree: reading every command of a long script word by word would cost far more.
 */
function launcherCommands(doc: ShellDocument): TsNode[] {
  const commands = new Map<number, TsNode>();
  for (const m of doc.text.matchAll(/\b(postgres|postmaster|pg_ctl|docker|podman)\b/g)) {
    let node: TsNode | null = doc.tree.rootNode.descendantForIndex(m.index, m.index + m[0].length);
    while (node && node.type !== 'command') node = node.parent;
    if (node && !commands.has(node.id)) commands.set(node.id, node);
  }
  return [...commands.values()].sort((a, b) => a.startIndex - b.startIndex);
}

function shellFlagSettings(doc: ShellDocument): PgServerSettings[] {
  const out: PgServerSettings[] = [];
  for (const cmd of launcherCommands(doc)) {
    const nameNode = cmd.childForFieldName('name');
    const words = [nameNode, ...cmd.childrenForFieldName('argument')]
      .filter((n): n is TsNode => n !== null)
      .map((n) => shellWord(doc, n));
    const launcher = words.findIndex((w) => SERVER_LAUNCHERS.has(basename(w.value)) || ['pg_ctl', 'docker', 'podman'].includes(basename(w.value)));
    if (launcher < 0) continue;
    const program = basename(words[launcher]!.value);
    const cmdLine = doc.lines.positionAt(cmd.startIndex).line;
    const anchor = (start: number) => (doc.lines.positionAt(start).line === cmdLine ? start : cmd.startIndex);
    let group: PgServerSettings | undefined;
    if (program === 'pg_ctl') {
      group = flagSettings(pgCtlOptionTokens(words, launcher + 1), 0, true, anchor, undefined);
    } else if (program === 'docker' || program === 'podman') {
      const sub = words.slice(launcher + 1, launcher + 3).map((w) => w.value);
      const runs = sub[0] === 'run' || sub[0] === 'create' || (sub[0] === 'container' && (sub[1] === 'run' || sub[1] === 'create'));
      if (!runs) continue;
      const image = words.slice(launcher + 1).map((w) => versionFromImage(w.value)).find((v) => v !== undefined);
      group = flagSettings(words, launcher + 1, false, anchor, image);
    } else {
      group = flagSettings(words, launcher + 1, true, anchor, versionFromPath(words[launcher]!.value ?? ''));
    }
    if (group) out.push(group);
  }
  return out;
}

/** The words inside `pg_ctl -o "…"` option strings, with offsets inside the string. */
function pgCtlOptionTokens(words: readonly ArgToken[], from: number): ArgToken[] {
  const out: ArgToken[] = [];
  for (let i = from; i < words.length; i++) {
    if (words[i]!.value !== '-o') continue;
    const opt = words[i + 1];
    if (!opt || opt.value === undefined) continue;
    i++;
    if (opt.exactStart === undefined) continue;
    out.push(
      ...splitCommandString(opt.value, {
        base: opt.exactStart,
        append: (wordEnd, inserted) => [{ start: wordEnd, end: wordEnd, newText: ` ${inserted.join(' ')}` }],
      }),
    );
  }
  return out;
}

function shellWord(doc: ShellDocument, node: TsNode): ArgToken {
  const text = doc.text;
  const start = node.startIndex;
  const end = node.endIndex;
  let value: string | undefined;
  let exactStart: number | undefined;
  let knownPrefix: string | undefined;
  const raw = text.slice(start, end);
  const inner = node.type === 'command_name' ? node.namedChildren[0] ?? node : node;
  switch (inner.type) {
    case 'word':
    case 'number':
      if (!/[\\$`]/.test(raw)) {
        value = raw;
        exactStart = start;
      }
      break;
    case 'raw_string':
      value = raw.slice(1, -1);
      exactStart = start + 1;
      break;
    case 'string': {
      const parts = inner.namedChildren;
      if (parts.every((c) => c?.type === 'string_content') && !/[\\$`]/.test(raw)) {
        value = raw.slice(1, -1);
        exactStart = start + 1;
      } else {
        const firstExpansion = parts.findIndex((c) => c?.type !== 'string_content');
        knownPrefix = parts.slice(0, firstExpansion).map((c) => c!.text).join('');
      }
      break;
    }
    case 'concatenation': {
      const parts = inner.namedChildren.map((c) => (c ? shellWord(doc, c) : undefined));
      const unknown = parts.findIndex((p) => p?.value === undefined);
      if (unknown < 0) value = parts.map((p) => p!.value).join('');
      else knownPrefix = parts.slice(0, unknown).map((p) => p!.value).join('') + (parts[unknown]?.knownPrefix ?? '');
      break;
    }
  }
  return {
    value,
    knownPrefix: value ?? knownPrefix ?? '',
    start,
    end,
    exactStart,
    append(words) {
      const line = doc.lines.positionAt(end).line;
      const lineEnd = doc.lines.lineEnd(line);
      if (/^[ \t]*\\$/.test(text.slice(end, lineEnd))) {
        const indent = /^[ \t]*/.exec(doc.lines.lineText(line))![0];
        return [{ start: lineEnd, end: lineEnd, newText: `${doc.eol}${indent}${words.join(' ')} \\` }];
      }
      return [{ start: end, end, newText: ` ${words.join(' ')}` }];
    },
  };
}
