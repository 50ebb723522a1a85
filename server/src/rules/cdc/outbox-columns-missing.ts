/**
 * CDC003 outbox-columns-missing: a connector routes an outbox table through Debezium's EventRouter,
 * and the router reads a column (its configured or default event id, key, payload, routing column,
 * or a configured timestamp, schema version or additional field) that the table, as its
 * migrations create it, does not have. The transform throws on the first outbox row and the
 * connector task stops: no event leaves the outbox until someone fixes the config.
 */
import type { RelatedLocation, WorkspaceRule } from '../../engine/types';
import { capturesExplicitly, isOutboxTable, type RouterFieldFact } from '../../workspace/facts';
import type { TableView } from '../../workspace/workspaceIndex';

const MAX_RELATED = 5;
const MAX_COLUMNS_SHOWN = 8;

export const outboxColumnsMissing: WorkspaceRule = {
  code: 'CDC003',
  name: 'outbox-columns-missing',
  family: 'cdc',
  severity: 'error',
  summary: 'An outbox EventRouter reads a column that the captured outbox table does not have',
  explanation: {
    why:
      "Debezium's outbox `EventRouter` reads fixed columns from every captured row: the event id " +
      '(`table.field.event.id`, default `id`), the message key (`table.field.event.key`, default `aggregateid`), the ' +
      'payload (`table.field.event.payload`, default `payload`) and the routing column (`route.by.field`, default ' +
      '`aggregatetype`), plus any timestamp, schema version or additional field you configure. If the table calls them ' +
      'something else (`aggregate_id` instead of `aggregateid`), the transform fails on the first outbox row and the ' +
      'connector task stops. Nothing is published until the config changes, while the outbox keeps growing and the ' +
      'replication slot keeps WAL.',
    fix:
      'Point the option at the column the table has (`transforms.outbox.table.field.event.key=aggregate_id`), or rename ' +
      'the column in a migration. Column names are compared without regard to case, as PostgreSQL folds unquoted names.',
  },
  kinds: ['json', 'yaml', 'properties'],
  fixAvailability: 'none',
  fixSafety: 'safe',
  check({ facts, index, report }) {
    for (const connector of facts.connectors) {
      const router = connector.eventRouter;
      if (!router) continue;
      // with a predicate only outbox tables reach the transform; without an include list we only trust outbox-shaped tables
      const tables = index
        .tablesCapturedBy(connector)
        .filter((t) => !t.opaque && (router.hasPredicate || !capturesExplicitly(connector.capture, t) ? isOutboxTable({ name: t.name, columns: [...t.columns] }) : true));
      if (tables.length === 0) continue;
      const missingDefaults: { field: RouterFieldFact; tables: TableView[] }[] = [];
      for (const field of router.fields) {
        const lacking = tables.filter((t) => !t.columns.has(field.column.toLowerCase()));
        if (lacking.length === 0) continue;
        if (!field.configured) {
          missingDefaults.push({ field, tables: lacking });
          continue;
        }
        report({
          at: field.location,
          message: `\`${field.option}\` names column \`${field.column}\`, which the captured table ${names(lacking)} does not have`,
          related: relatedFor(lacking),
        });
      }
      if (missingDefaults.length > 0) {
        const reads = missingDefaults.map((m) => `\`${m.field.column}\` (\`${m.field.option}\`)`).join(', ');
        const lacking = [...new Set(missingDefaults.flatMap((m) => m.tables))];
        report({
          at: missingDefaults[0]!.field.location,
          message: `The \`EventRouter\` reads ${reads} by default, which the captured table ${names(lacking)} does not have`,
          related: relatedFor(lacking),
        });
      }
    }
  },
};

function names(tables: readonly TableView[]): string {
  return tables.map((t) => `\`${t.name}\``).join(', ');
}

function relatedFor(tables: readonly TableView[]): RelatedLocation[] {
  const out: RelatedLocation[] = [];
  for (const t of tables) {
    const cols = [...t.columns];
    const shown = cols.slice(0, MAX_COLUMNS_SHOWN).map((c) => `\`${c}\``).join(', ') + (cols.length > MAX_COLUMNS_SHOWN ? ', …' : '');
    for (const { path, fact } of t.definitions) {
      if (out.length >= MAX_RELATED) return out;
      out.push({ path, range: fact.location.range, message: `\`${t.name}\` is created here with columns ${shown}` });
    }
  }
  return out;
}
