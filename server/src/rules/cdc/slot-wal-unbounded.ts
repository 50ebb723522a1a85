/**
 * CDC002 slot-wal-unbounded: PostgreSQL runs logical replication (`wal_level = logical`) with
 * `max_slot_wal_keep_size` absent or `-1`, so one stalled slot consumer can fill the disk of the
 * primary. The cap is a trade (a slot past it is invalidated), hence an unsafe fix.
 */
import { basename } from 'node:path';
import type { Rule } from '../../engine/types';
import type { ParsedDocument } from '../../parsing/document';
import type { WorkspaceIndex } from '../../workspace/workspaceIndex';
import { pgServerSettings, type PgServerSettings } from './pgSettings';

/** A starting point, to be sized against the disk: enough for hours of a busy primary's WAL. */
export const SLOT_WAL_CAP = '50GB';
/** `max_slot_wal_keep_size` exists from this release on; older servers refuse to start with it. */
export const FIRST_VERSION_WITH_CAP = 13;

export const slotWalUnbounded: Rule = {
  code: 'CDC002',
  name: 'slot-wal-unbounded',
  family: 'cdc',
  severity: 'warning',
  summary: 'Logical replication is on without `max_slot_wal_keep_size`, so a stalled replication slot can fill the disk',
  explanation: {
    why:
      'With `wal_level = logical` every logical replication slot pins the WAL from its restart position until its consumer ' +
      'confirms it. `max_slot_wal_keep_size` defaults to `-1`, no limit: a CDC connector that is stopped, crash-looping or ' +
      'stuck behind a bad record makes PostgreSQL keep WAL until `pg_wal` fills the disk, and then the primary stops taking ' +
      'writes. The pipeline problem becomes a database outage. The setting exists from PostgreSQL 13.',
    fix:
      'Adds `max_slot_wal_keep_size = 50GB` next to `wal_level`. It is a trade, so the fix is unsafe: a slot that falls ' +
      'further behind than the cap is invalidated (`wal_status` becomes `lost`), the connector cannot resume from it and has ' +
      'to start over with a new slot and a fresh snapshot, and changes it never read, such as outbox rows inserted and ' +
      'deleted in the meantime, are gone. Size the cap to the disk headroom and the longest consumer outage to ride out, and ' +
      'monitor the slots: `SELECT slot_name, active, wal_status, pg_size_pretty(safe_wal_size) FROM pg_replication_slots;` ' +
      '(alert when `wal_status` leaves `reserved` or `safe_wal_size` runs low).',
  },
  kinds: ['pgconf', 'sql', 'yaml', 'shell'],
  fixAvailability: 'sometimes',
  fixSafety: 'unsafe',
  trigger: /wal[_-]level/i,
  check({ doc, report, workspace }) {
    const capNextDoor = () => !!workspace && capSetBeside(workspace, doc.path, doc.kind);
    for (const group of pgServerSettings(doc)) check(group, report, capNextDoor);
  },
};

/**
 * A neighbour sets the cap for the same server: another migration of the folder (not one that
 * turns on `wal_level` itself, which may be another server's, nor an undo or down migration), or
 * `postgresql.auto.conf` beside `postgresql.conf` (and the other way round). Order is not read, so
 * a neighbour that resets the cap (`RESET`, `RESET ALL`) or sets it to `-1` leaves the warning on.
 */
function capSetBeside(workspace: WorkspaceIndex, path: string, kind: ParsedDocument['kind']): boolean {
  if (kind !== 'sql' && kind !== 'pgconf') return false;
  const pair = PGCONF_PAIRS[basename(path)];
  const neighbours = workspace
    .pgSettingsBeside(path, kind)
    .filter((f) =>
      kind === 'pgconf' ? basename(f.path) === pair : !UNDO_MIGRATION.test(basename(f.path)) && !f.settings.some((s) => s.name === 'wal_level'),
    );
  const caps = neighbours.flatMap((f) => f.settings).filter((s) => s.name === 'max_slot_wal_keep_size' || s.name === '*');
  return caps.length > 0 && caps.every((s) => s.name !== '*' && !s.reset && s.value !== undefined && !isUnlimited(s.value));
}

/** `postgresql.auto.conf` (written by `ALTER SYSTEM`) is read after the `postgresql.conf` beside it. */
const PGCONF_PAIRS: Record<string, string | undefined> = { 'postgresql.conf': 'postgresql.auto.conf', 'postgresql.auto.conf': 'postgresql.conf' };
/** golang-migrate / dbmate `*.down.sql`, Flyway undo `U7__…`: they run only to roll back. */
const UNDO_MIGRATION = /\.down\.sql$|^U\d+(?:[._]\d+)*__/i;

function isUnlimited(value: string): boolean {
  return /^-1\s*([kMGT]?B)?$/i.test(value.trim());
}

function check(group: PgServerSettings, report: Parameters<Rule['check']>[0]['report'], capNextDoor: () => boolean): void {
  const wal = group.get('wal_level');
  if (!wal || wal.reset || wal.value?.trim().toLowerCase() !== 'logical') return;
  if (group.majorVersion !== undefined && group.majorVersion < FIRST_VERSION_WITH_CAP) return;
  const slots = group.get('max_replication_slots');
  if (slots && !slots.reset && slots.value?.trim() === '0') return;
  const title = `Cap the WAL a replication slot may keep: \`max_slot_wal_keep_size = ${SLOT_WAL_CAP}\``;
  const cap = group.get('max_slot_wal_keep_size');
  if (cap && !cap.reset) {
    if (cap.value === undefined || !isUnlimited(cap.value)) return;
    const edits = group.change(cap, SLOT_WAL_CAP);
    report({
      start: cap.start,
      end: cap.end,
      message: '`max_slot_wal_keep_size` is `-1`: replication slots may keep WAL without limit',
      fixes: edits ? [{ title, safety: 'unsafe', edits }] : [],
    });
    return;
  }
  if (!cap && (group.partial || capNextDoor())) return;
  const edits = cap && cap.name !== '*' ? group.change(cap, SLOT_WAL_CAP) : group.addAfter(wal, 'max_slot_wal_keep_size', SLOT_WAL_CAP);
  report({
    start: wal.start,
    end: wal.end,
    message: 'Logical replication is on (`wal_level = logical`) but `max_slot_wal_keep_size` is not set: replication slots may keep WAL without limit',
    fixes: edits ? [{ title, safety: 'unsafe', edits }] : [],
  });
}
