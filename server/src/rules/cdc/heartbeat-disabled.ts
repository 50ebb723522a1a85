/**
 * CDC001 heartbeat-disabled: a Debezium PostgreSQL connector with `heartbeat.interval.ms` absent or
 * `0`. While the captured tables are quiet the connector never confirms a newer WAL position, so
 * its replication slot holds WAL until the disk fills. Raised to an error for connectors whose
 * tables are quiet by design: an outbox routed by the EventRouter, or a short table list.
 */
import type { Fix, RelatedLocation, Rule } from '../../engine/types';
import { captureFilter, capturesExplicitly, isOutboxTable } from '../../workspace/facts';
import type { WorkspaceIndex } from '../../workspace/workspaceIndex';
import { environmentNames, variableValue } from './serverEnvironment';
import {
  capturesFewTables,
  connectorConfigs,
  isDebeziumServer,
  isDebeziumPostgres,
  isZero,
  literal,
  usesOutboxEventRouter,
  type ConnectorConfig,
  type ConfigEntry,
} from './connectorConfig';

/** One heartbeat every ten seconds: frequent enough for any slot, cheap for the database. */
export const HEARTBEAT_INTERVAL_MS = '10000';
/** Upserts a single row, so the heartbeat table never grows. */
export const HEARTBEAT_ACTION_QUERY =
  'INSERT INTO debezium_heartbeat (id, ts) VALUES (1, now()) ON CONFLICT (id) DO UPDATE SET ts = EXCLUDED.ts';

export const heartbeatDisabled: Rule = {
  code: 'CDC001',
  name: 'heartbeat-disabled',
  family: 'cdc',
  severity: 'warning',
  summary: 'A Debezium PostgreSQL connector runs without heartbeats, so its replication slot stalls while captured tables are quiet',
  explanation: {
    why: [
      'A logical replication slot keeps all WAL from the position its consumer last confirmed, and a Debezium PostgreSQL ' +
        'connector confirms a position only when it has something to commit. With `heartbeat.interval.ms` at its default `0`, ' +
        'WAL piles up until the disk is full in three situations:',
      '',
      '1. **Busy database, quiet captured tables.** Other tables change all day; the captured ones (an outbox between bursts, ' +
        'a short `table.include.list`) do not. The connector reads past the unrelated changes but emits nothing, so it never ' +
        'confirms a newer position. A heartbeat records and confirms the latest position every interval.',
      '2. **Quiet database next to a busy one.** WAL is shared by every database of the server, a slot belongs to one. If ' +
        'the captured database sees no writes at all, the connector is never handed anything to confirm, heartbeat or not: ' +
        '`heartbeat.action.query` must write to a table of the captured database on every heartbeat. Managed servers (RDS) ' +
        'behave like this even when idle, because of their own background writes.',
      '3. **Connector stopped or stuck.** Nothing confirms anything and no heartbeat helps: cap the slot ' +
        '(`max_slot_wal_keep_size`, CDC002) and alert on slot lag.',
      '',
      '**Publication caveat:** with `pgoutput` the heartbeat table must be in the publication the connector reads ' +
        '(`ALTER PUBLICATION dbz_publication ADD TABLE debezium_heartbeat`) unless that publication is `FOR ALL TABLES`; ' +
        'with `publication.autocreate.mode=filtered` the publication follows `table.include.list`. Otherwise the heartbeat ' +
        'writes are filtered out before the connector sees them and the slot stays where it is.',
      '',
      'Reported as an error when the connector tails an outbox through the `EventRouter`, captures three tables or fewer, ' +
        'or names in `table.include.list` a table that the workspace migrations create as an outbox: those tables are ' +
        'quiet by design.',
    ].join('\n'),
    fix:
      'Sets `heartbeat.interval.ms` to `10000` (a heartbeat every ten seconds) and, when none is set, adds a ' +
      '`heartbeat.action.query` that upserts one row into `debezium_heartbeat`. Create that table in the captured database ' +
      '(`CREATE TABLE debezium_heartbeat (id int PRIMARY KEY, ts timestamptz NOT NULL)`), let the connector user write to it ' +
      'and add it to the publication. Until the table exists the query fails, the failure is logged and the connector keeps ' +
      'running; the heartbeat interval alone already covers the first situation.',
  },
  kinds: ['json', 'yaml', 'properties'],
  fixAvailability: 'sometimes',
  fixSafety: 'safe',
  // only a Debezium PostgreSQL connector is checked, and its class names it
  trigger: /Postgres/,
  check({ doc, report, workspace }) {
    for (const config of connectorConfigs(doc)) {
      if (!isDebeziumPostgres(config)) continue;
      if (workspace && doc.kind === 'properties' && isDebeziumServer(doc) && heartbeatsOnFromEnvironment(doc.path, workspace)) continue;
      const interval = config.get('heartbeat.interval.ms');
      if (interval) {
        const value = literal(interval);
        if (value === undefined || !isZero(value)) continue;
      } else if (config.templated) {
        continue;
      }
      const anchor = interval ?? config.connectorClass;
      if (!anchor) continue;
      const outbox = usesOutboxEventRouter(config);
      const narrow = capturesFewTables(config);
      const outboxTables = !outbox && workspace ? capturedOutboxTables(config, workspace) : [];
      const subject = outbox
        ? 'a Debezium PostgreSQL connector that tails an outbox through the `EventRouter`'
        : narrow
          ? 'a Debezium PostgreSQL connector that captures only a few tables'
          : outboxTables.length > 0
            ? `a Debezium PostgreSQL connector that captures the outbox table \`${outboxTables[0]!.name}\``
            : 'this Debezium PostgreSQL connector';
      const fix = heartbeatFix(config, interval);
      report({
        start: anchor.keyStart,
        end: anchor.valueEnd,
        message: `Heartbeats are off on ${subject}: \`heartbeat.interval.ms\` is ${interval ? '`0`' : 'not set'}`,
        fixes: fix ? [fix] : [],
        ...(outbox || narrow || outboxTables.length > 0 ? { severity: 'error' as const } : {}),
        ...(outboxTables.length > 0 ? { related: outboxTables.flatMap((t) => t.related) } : {}),
      });
    }
  },
};

/**
 * Every compose service that runs Debezium Server on this properties file turns heartbeats on in its
 * environment: `DEBEZIUM_SOURCE_HEARTBEAT_INTERVAL_MS` (or another spelling MicroProfile Config
 * accepts, the first one set winning) is set to something other than `0`, and a variable wins over
 * the file. A value filled in at run time (`${HEARTBEAT_MS}`) counts as set; `${HEARTBEAT_MS:-0}`
 * counts as its default.
 */
function heartbeatsOnFromEnvironment(path: string, workspace: WorkspaceIndex): boolean {
  const names = environmentNames('debezium.source.heartbeat.interval.ms');
  const services = workspace.serverEnvironmentsFor(path);
  return (
    services.length > 0 &&
    services.every((variables) => {
      for (const name of names) {
        const set = variables.filter((v) => v.name === name).pop();
        const value = set ? variableValue(set.value) : 'absent';
        if (value === 'absent') continue;
        // `0` turns heartbeats off, and so does any interval below it
        return value === 'unknown' || !(isZero(value.value) || Number(value.value) < 0);
      }
      return false;
    })
  );
}

/** Outbox tables the workspace's migrations create that the connector names in its include list. */
function capturedOutboxTables(config: ConnectorConfig, workspace: WorkspaceIndex): { name: string; related: RelatedLocation[] }[] {
  const capture = captureFilter(config);
  return workspace
    .tables()
    .filter((t) => capturesExplicitly(capture, t) && isOutboxTable({ name: t.name, columns: [...t.columns] }))
    .map((t) => ({
      name: t.name,
      related: t.definitions.slice(0, 3).map(({ path, fact }) => ({
        path,
        range: fact.location.range,
        message: `\`${t.name}\` is created here as an outbox: it is quiet between bursts of events`,
      })),
    }));
}

function heartbeatFix(config: ConnectorConfig, interval: ConfigEntry | undefined): Fix | undefined {
  const needsQuery = config.get('heartbeat.action.query') === undefined;
  const query = { key: 'heartbeat.action.query', value: HEARTBEAT_ACTION_QUERY };
  const setInterval = { key: 'heartbeat.interval.ms', value: HEARTBEAT_INTERVAL_MS, numeric: true };
  let edits;
  let withQuery = needsQuery;
  if (interval) {
    const changed = config.setValue(interval, HEARTBEAT_INTERVAL_MS, true);
    if (!changed) return undefined;
    const added = needsQuery ? config.insert([query], interval) : [];
    withQuery = needsQuery && added !== undefined;
    edits = [...changed, ...(added ?? [])];
  } else {
    edits = config.insert(needsQuery ? [setInterval, query] : [setInterval]);
  }
  if (!edits || edits.length === 0) return undefined;
  return {
    title: withQuery
      ? 'Turn heartbeats on: set `heartbeat.interval.ms` to 10000 and add a `heartbeat.action.query`'
      : 'Turn heartbeats on: set `heartbeat.interval.ms` to 10000',
    safety: 'safe',
    edits,
  };
}
