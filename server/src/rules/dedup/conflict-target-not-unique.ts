/**
 * DUP002 conflict-target-not-unique: code (or SQL) inserts with `ON CONFLICT (cols)` into a table
 * whose migrations give exactly those columns no PRIMARY KEY or UNIQUE constraint. PostgreSQL
 * infers the arbiter index from the column list and rejects the statement when none matches, so
 * the consumer's dedup insert fails on every message instead of deduplicating.
 */
import type { RelatedLocation, WorkspaceRule } from '../../engine/types';
import { CODE_KINDS } from '../../parsing/fileKinds';

/** Related locations listed at most per finding. */
const MAX_RELATED = 5;

export const conflictTargetNotUnique: WorkspaceRule = {
  code: 'DUP002',
  name: 'conflict-target-not-unique',
  family: 'dedup',
  severity: 'error',
  summary: 'An `INSERT … ON CONFLICT (cols)` names columns that no PRIMARY KEY or UNIQUE constraint of the table covers',
  explanation: {
    why:
      'PostgreSQL picks the arbiter of `ON CONFLICT (cols)` among the unique indexes whose columns are exactly `cols`. ' +
      'When the migrations never made those columns a primary key or unique, every such insert fails with ' +
      '"there is no unique or exclusion constraint matching the ON CONFLICT specification". The consumer that records ' +
      'handled events this way errors on every message: it either stops, or (with a catch-all handler) redelivers and ' +
      'dead-letters everything, while the migration and the insert each look right on their own.',
    fix:
      'Give the table the key the insert relies on, in a new migration: ' +
      '`ALTER TABLE processed_events ADD CONSTRAINT processed_events_event_id_key UNIQUE (event_id)` (deduplicate existing ' +
      'rows first), or change the conflict target to a key the table has. The key and the target must name the same columns.',
  },
  kinds: ['sql', ...CODE_KINDS],
  fixAvailability: 'none',
  fixSafety: 'safe',
  check({ facts, index, report }) {
    for (const insert of facts.conflictInserts) {
      const table = index.table(insert.table, insert.schema);
      if (!table || table.opaque) continue;
      const target = insert.columns.map((c) => c.toLowerCase()).sort();
      if (table.uniques.some((u) => u.length === target.length && u.every((c, i) => c === target[i]))) continue;
      const cols = insert.columns.join(', ');
      const keys = table.uniques.map((u) => `\`(${u.join(', ')})\``);
      const related: RelatedLocation[] = table.definitions.slice(0, MAX_RELATED).map(({ path, fact }) => ({
        path,
        range: fact.location.range,
        message:
          keys.length > 0
            ? `\`${table.name}\` is created here; its unique keys are ${keys.join(', ')}`
            : `\`${table.name}\` is created here with no PRIMARY KEY or UNIQUE constraint`,
      }));
      for (const { path, fact } of table.alterations.slice(0, MAX_RELATED - related.length)) {
        related.push({ path, range: fact.location.range, message: `\`${table.name}\` is altered here` });
      }
      report({
        at: insert.location,
        message: `\`ON CONFLICT (${cols})\` matches no PRIMARY KEY or UNIQUE constraint of \`${table.name}\``,
        related,
      });
    }
  },
};
