/**
 * CDC004 slot-shared: two Debezium PostgreSQL connectors on the same database server use one
 * replication slot, or share one publication that one of them filters to its own tables. A slot
 * has one position and one reader: the second connector fails to start while the first runs, or,
 * run in turns, each confirms WAL the other never read and events are lost. A filtered publication
 * is rewritten by each connector to its own table list, so the other stops receiving its tables.
 */
import { dirname } from 'node:path';
import type { WorkspaceRule } from '../../engine/types';
import type { ConnectorFact } from '../../workspace/facts';
import type { IndexedConnector } from '../../workspace/workspaceIndex';

export const slotShared: WorkspaceRule = {
  code: 'CDC004',
  name: 'slot-shared',
  family: 'cdc',
  severity: 'error',
  summary: 'Two connectors use the same replication slot, or share a publication one of them filters',
  explanation: {
    why:
      'A logical replication slot remembers one position for one reader. Two Debezium connectors on the same server ' +
      'with the same `slot.name` (or both without one: the default is `debezium`) cannot both stream: the second fails ' +
      'with "replication slot is active", and if they run in turns, each confirms WAL the other has not read, so ' +
      'changes are skipped for good. A publication is per database; with `publication.autocreate.mode=filtered` each ' +
      'connector rewrites the shared publication to its own `table.include.list`, and the other one silently stops ' +
      'receiving its tables.',
    fix:
      'Give every connector its own `slot.name` and, when it filters its publication, its own `publication.name` ' +
      '(for example the connector name: `slot.name=orders_outbox`, `publication.name=orders_outbox`). Drop the slot a ' +
      'renamed connector no longer uses (`SELECT pg_drop_replication_slot(…)`), or it keeps WAL forever.',
  },
  kinds: ['json', 'yaml', 'properties'],
  fixAvailability: 'none',
  fixSafety: 'safe',
  check({ facts, index, report }) {
    const all = index.connectors().filter((c) => c.fact.debeziumPostgres);
    for (const connector of facts.connectors) {
      if (!connector.debeziumPostgres) continue;
      const others = all.filter(
        (o) => !isSame(o, facts.path, connector) && sameServer(o, facts.path, connector) && distinctConnectors(o.fact, connector),
      );
      const slot = connector.slot;
      if (slot) {
        const sharing = others.filter((o) => o.fact.slot?.value === slot.value);
        if (sharing.length > 0) {
          report({
            at: slot.location,
            message: `Replication slot \`${slot.value}\`${slot.configured ? '' : ' (the default)'} is used by another connector on the same database server`,
            related: sharing.slice(0, 5).map((o) => ({
              path: o.path,
              range: (o.fact.slot?.location ?? o.fact.location).range,
              message: `Another connector reads slot \`${slot.value}\` here`,
            })),
          });
        }
      }
      const pub = connector.publication;
      if (pub && connector.dbname) {
        const sharing = others.filter(
          (o) => o.fact.publication?.value === pub.value && o.fact.dbname === connector.dbname && (o.fact.publicationMode === 'filtered' || connector.publicationMode === 'filtered'),
        );
        if (sharing.length > 0) {
          report({
            at: pub.location,
            message: `Publication \`${pub.value}\`${pub.configured ? '' : ' (the default)'} is shared with another connector and filtered to one connector's tables`,
            related: sharing.slice(0, 5).map((o) => ({
              path: o.path,
              range: (o.fact.publication?.location ?? o.fact.location).range,
              message: `Another connector uses publication \`${pub.value}\` here`,
            })),
          });
        }
      }
    }
  },
};

function isSame(o: IndexedConnector, path: string, c: ConnectorFact): boolean {
  return o.path === path && o.fact.location.start === c.location.start;
}

/**
 * Only literal, equal hosts and ports count: a placeholder or a missing host could be any server.
 * A name with no dot (`postgres`, `db`, `localhost`) is local to where the connector runs (a
 * compose service, a pod's sidecar), so two such connectors share a server only when they are
 * configured side by side, in one directory.
 */
function sameServer(other: IndexedConnector, path: string, b: ConnectorFact): boolean {
  const a = other.fact;
  if (!a.host || a.host !== b.host || a.port !== b.port) return false;
  const local = !a.host.includes('.') || /^(localhost|127\.0\.0\.1|::1)$/i.test(a.host);
  return !local || dirname(other.path) === dirname(path);
}

/** The same connector written twice (one per environment, a JSON and a Strimzi copy) is one connector. */
function distinctConnectors(a: ConnectorFact, b: ConnectorFact): boolean {
  return !(a.name && b.name && a.name === b.name);
}
