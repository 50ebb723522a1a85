/**
 * The workspace index: the facts of every file, by path, and the cross-file questions the
 * workspace rules and the pipeline map ask of them. Facts are small (names and locations), files
 * without any are not kept, and the number of files kept is capped, so memory stays bounded
 * whatever the workspace holds.
 *
 * Incremental use: `update(path, facts)` returns the keys whose content changed (a table's columns
 * or keys, a slot or publication name, where each is written); `dependsOn(facts, keys)` tells
 * whether a file's cross-file findings may change with them, so a front end re-checks only those.
 */
import * as nodePath from 'node:path';
import { captures, hasFacts, qualifiedName, type ConnectorFact, type FileFacts, type PgSettingFact, type ServerEnvironmentFact, type TableFact } from './facts';

/** Files with facts kept at most; later files are left out and the index says it is partial. */
export const MAX_INDEXED_FILES = 20_000;

export interface TableView {
  name: string;
  schema: string | undefined;
  /** Lower-cased column names from every file that creates or alters the table. */
  columns: Set<string>;
  /** Lower-cased, sorted column sets of every unique key. */
  uniques: string[][];
  /** Keys we cannot judge by name (exclusion constraint, expression index, LIKE, partitions, SQL that did not parse). */
  opaque: boolean;
  /** Every CREATE TABLE of this name, with its file. */
  definitions: { path: string; fact: TableFact }[];
  /** ALTER TABLE / CREATE UNIQUE INDEX statements on it, with their files. */
  alterations: { path: string; fact: TableFact }[];
}

export interface IndexedConnector {
  path: string;
  fact: ConnectorFact;
}

export class WorkspaceIndex {
  private readonly files = new Map<string, FileFacts>();
  private tableCache: Map<string, TableView> | undefined;
  /** Files with PostgreSQL settings by kind and folder, built when first asked. */
  private pgSettingsCache: Map<string, { path: string; settings: readonly PgSettingFact[] }[]> | undefined;
  /** More files had facts than the index keeps. */
  truncated = false;

  /** An index of these facts, each under its own file's path. */
  static from(facts: Iterable<FileFacts>): WorkspaceIndex {
    const index = new WorkspaceIndex();
    for (const f of facts) index.update(f.path, f);
    return index;
  }

  get size(): number {
    return this.files.size;
  }

  paths(): string[] {
    return [...this.files.keys()];
  }

  get(path: string): FileFacts | undefined {
    return this.files.get(path);
  }

  all(): FileFacts[] {
    return [...this.files.values()];
  }

  /** Replaces the facts of `path` (undefined: the file is gone). Returns the keys whose content changed. */
  update(path: string, facts: FileFacts | undefined): Set<string> {
    const old = this.files.get(path);
    const next = facts && hasFacts(facts) ? facts : undefined;
    if (next && !old && this.files.size >= MAX_INDEXED_FILES) {
      this.truncated = true;
      return new Set();
    }
    if (next) this.files.set(path, next);
    else this.files.delete(path);
    const changed = changedKeys(old, next);
    if ([...changed].some((k) => k.startsWith('table:'))) this.tableCache = undefined;
    if ((old?.pgSettings.length ?? 0) > 0 || (next?.pgSettings.length ?? 0) > 0) this.pgSettingsCache = undefined;
    return changed;
  }

  clear(): void {
    this.files.clear();
    this.tableCache = undefined;
    this.pgSettingsCache = undefined;
    this.truncated = false;
  }

  /** Every table the workspace creates, merged over the files that create and alter it. */
  tables(): TableView[] {
    return [...this.tableViews().values()].filter((t) => t.definitions.length > 0);
  }

  /** The table `name` (schema `public` when none is given), when some file creates it. */
  table(name: string, schema: string | undefined): TableView | undefined {
    const view = this.tableViews().get(tableKey(name, schema));
    return view && view.definitions.length > 0 ? view : undefined;
  }

  /**
   * The other files of the same kind in `path`'s directory that write PostgreSQL settings, with
   * them: migrations of one folder run against one server, and a `postgresql.auto.conf` adds to
   * the `postgresql.conf` beside it. (Which neighbours count is the asking rule's call.)
   */
  pgSettingsBeside(path: string, kind: FileFacts['kind']): { path: string; settings: readonly PgSettingFact[] }[] {
    if (!this.pgSettingsCache) {
      this.pgSettingsCache = new Map();
      for (const f of this.files.values()) {
        if (f.pgSettings.length === 0) continue;
        const key = `${f.kind}:${directoryOf(f.path)}`;
        const list = this.pgSettingsCache.get(key) ?? [];
        list.push({ path: normalizedPath(f.path), settings: f.pgSettings });
        this.pgSettingsCache.set(key, list);
      }
    }
    const self = normalizedPath(path);
    return (this.pgSettingsCache.get(`${kind}:${directoryOf(path)}`) ?? []).filter((f) => f.path !== self);
  }

  /**
   * The environment variables of each compose service that runs Debezium Server with the properties
   * file at `path` mounted as its config, one list per service.
   */
  serverEnvironmentsFor(path: string): ServerEnvironmentFact['variables'][] {
    const self = normalizedPath(path);
    const out: ServerEnvironmentFact['variables'][] = [];
    for (const f of this.files.values()) {
      for (const env of f.serverEnvironments) {
        if (env.files.some((file) => normalizedPath(file) === self)) out.push(env.variables);
      }
    }
    return out;
  }

  /** Tables some file creates that the connector captures. */
  tablesCapturedBy(connector: Pick<ConnectorFact, 'capture'>): TableView[] {
    return this.tables().filter((t) => captures(connector.capture, t));
  }

  connectors(): IndexedConnector[] {
    const out: IndexedConnector[] = [];
    for (const [path, facts] of this.files) for (const fact of facts.connectors) out.push({ path, fact });
    return out;
  }

  private tableViews(): Map<string, TableView> {
    if (this.tableCache) return this.tableCache;
    const views = new Map<string, TableView>();
    const uncertain = new Set<string>();
    const renames = new Map<TableView, { from: string; to: string }[]>();
    for (const [path, facts] of this.files) {
      facts.uncertainTables.forEach((t) => uncertain.add(t.toLowerCase()));
      for (const fact of facts.tables) {
        const key = tableKey(fact.name, fact.schema);
        let view = views.get(key);
        if (!view) {
          view = { name: fact.name, schema: fact.schema, columns: new Set(), uniques: [], opaque: false, definitions: [], alterations: [] };
          views.set(key, view);
        }
        fact.columns.forEach((c) => view!.columns.add(c.toLowerCase()));
        fact.uniques.forEach((u) => view!.uniques.push(u.map((c) => c.toLowerCase()).sort()));
        if (fact.opaqueKeys) view.opaque = true;
        for (const r of fact.renamedColumns ?? []) renames.set(view, [...(renames.get(view) ?? []), { from: r.from.toLowerCase(), to: r.to.toLowerCase() }]);
        (fact.created ? view.definitions : view.alterations).push({ path, fact });
      }
    }
    // a key on a renamed column is a key on its new name too (kept under both: the order of migrations is not known)
    for (const [view, list] of renames) {
      const seen = new Set(view.uniques.map((u) => u.join('\0')));
      for (let round = 0; round < list.length; round++) {
        for (const u of [...view.uniques]) {
          for (const { from, to } of list) {
            if (!u.includes(from) || u.includes(to)) continue;
            const next = u.map((c) => (c === from ? to : c)).sort();
            if (seen.has(next.join('\0'))) continue;
            seen.add(next.join('\0'));
            view.uniques.push(next);
          }
        }
      }
    }
    for (const view of views.values()) {
      if (uncertain.has(view.name.toLowerCase())) view.opaque = true;
      view.definitions.sort((a, b) => compareText(a.path, b.path) || a.fact.span.start - b.fact.span.start);
    }
    this.tableCache = views;
    return views;
  }
}

function tableKey(name: string, schema: string | undefined): string {
  return qualifiedName({ name: name.toLowerCase(), schema: (schema ?? 'public').toLowerCase() });
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------
// Dependency keys

/** What a file's facts offer other files, each key with a fingerprint of its content and place. */
export function providedKeys(facts: FileFacts | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!facts) return out;
  const add = (key: string, value: unknown) => out.set(key, (out.get(key) ?? '') + JSON.stringify(value));
  for (const t of facts.tables) add(`table:${t.name.toLowerCase()}`, [t.schema, t.created, t.columns, t.uniques, t.opaqueKeys, t.renamedColumns, t.location.range]);
  for (const t of facts.uncertainTables) add(`table:${t.toLowerCase()}`, 'uncertain');
  // CDC002 reads the settings of a file's neighbours (a later migration, postgresql.auto.conf)
  for (const p of facts.pgSettings) add(pgSettingsKey(facts), [p.name, p.value, p.reset, p.location.range]);
  // CDC001 reads the environment a compose service gives the Debezium Server that reads a properties file
  for (const env of facts.serverEnvironments) for (const file of env.files) add(serverEnvironmentKey(file), env.variables);
  for (const c of facts.connectors) {
    const where = [c.name, c.host, c.port, c.dbname, c.location.range, c.publicationMode];
    if (c.slot) add(`slot:${c.slot.value}`, [where, c.slot.location.range]);
    if (c.publication) add(`publication:${c.publication.value}`, [where, c.publication.location.range]);
  }
  return out;
}

function changedKeys(old: FileFacts | undefined, next: FileFacts | undefined): Set<string> {
  const a = providedKeys(old);
  const b = providedKeys(next);
  const changed = new Set<string>();
  for (const [k, v] of a) if (b.get(k) !== v) changed.add(k);
  for (const k of b.keys()) if (!a.has(k)) changed.add(k);
  return changed;
}

/** Whether the cross-file findings of a file with these facts may change when `keys` change. */
export function dependsOn(facts: FileFacts | undefined, keys: ReadonlySet<string>): boolean {
  if (!facts || keys.size === 0) return false;
  const anyTable = [...keys].some((k) => k.startsWith('table:'));
  for (const insert of facts.conflictInserts) if (keys.has(`table:${insert.table.toLowerCase()}`)) return true;
  // DUP001 counts keys that other migrations add to a table this file creates
  for (const t of facts.tables) if (t.created && keys.has(`table:${t.name.toLowerCase()}`)) return true;
  if (turnsOnLogicalWal(facts) && keys.has(pgSettingsKey(facts))) return true;
  if (facts.kind === 'properties' && facts.connectors.length > 0 && keys.has(serverEnvironmentKey(facts.path))) return true;
  for (const c of facts.connectors) {
    if (anyTable) return true;
    if (c.slot && keys.has(`slot:${c.slot.value}`)) return true;
    if (c.publication && keys.has(`publication:${c.publication.value}`)) return true;
  }
  return false;
}

/**
 * Whether the single-file findings of this file may change with the index (a connector's CDC001
 * severity depends on whether the tables it captures are outboxes; DUP001 counts keys that another
 * file adds to a table this file creates): such files are linted again once the index is built.
 * Only files where the index can change something are linted twice.
 */
export function readsWorkspace(facts: FileFacts | undefined, index: WorkspaceIndex): boolean {
  if (!facts) return false;
  if (facts.connectors.length > 0) return true;
  if (turnsOnLogicalWal(facts) && index.pgSettingsBeside(facts.path, facts.kind).length > 0) return true;
  return facts.tables.some((t) => t.created && !!index.table(t.name, t.schema)?.alterations.some((a) => a.path !== facts.path));
}

/** A migration or configuration file that sets `wal_level = logical`: CDC002 may read its neighbours. */
function turnsOnLogicalWal(facts: FileFacts): boolean {
  return (facts.kind === 'sql' || facts.kind === 'pgconf') && facts.pgSettings.some((p) => p.name === 'wal_level' && p.value?.trim().toLowerCase() === 'logical');
}

/** The dependency key of the PostgreSQL settings of a directory's files of one kind. */
function pgSettingsKey(facts: FileFacts): string {
  return `pgsettings:${facts.kind}:${directoryOf(facts.path)}`;
}

/** The dependency key of the environment Debezium Server runs with when it reads the properties file at `path`. */
function serverEnvironmentKey(path: string): string {
  return `serverenv:${normalizedPath(path)}`;
}

/** The folder of a file, normalised like `normalizedPath`. */
export function directoryOf(path: string): string {
  return nodePath.dirname(normalizedPath(path));
}

/** An absolute path, spelled one way, for telling whether two paths name the same file or folder. */
export function normalizedPath(path: string): string {
  const resolved = nodePath.resolve(path);
  // the editor and the file walk may spell a Windows drive letter differently
  return process.platform === 'win32' ? resolved.toLowerCase() : resolved;
}
