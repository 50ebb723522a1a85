import { slotShared } from '../../../server/src/rules/cdc/slot-shared';
import { workspaceRuleTester } from '../workspaceTester';

const json = (name: string, slot: string, host = 'orders-db', extra = '') => `{
  "name": "${name}",
  "config": {
    "connector.class": "io.debezium.connector.postgresql.PostgresConnector",
    "database.hostname": "${host}",
    "database.dbname": "orders",${slot ? `\n    "slot.name": "${slot}",` : ''}${extra}
    "heartbeat.interval.ms": "10000"
  }
}
`;
const yaml = (name: string, slot: string) => `apiVersion: kafka.strimzi.io/v1beta2
kind: KafkaConnector
metadata:
  name: ${name}
spec:
  class: io.debezium.connector.postgresql.PostgresConnector
  config:
    database.hostname: orders-db
    database.dbname: orders
    slot.name: ${slot}
    heartbeat.interval.ms: 10000
`;
const properties = (slot: string) => `debezium.source.connector.class=io.debezium.connector.postgresql.PostgresConnector
debezium.source.database.hostname=orders-db
debezium.source.database.dbname=orders
debezium.source.slot.name=${slot}
debezium.source.heartbeat.interval.ms=10000
`;

const helmList = (host: string) => `connect:
  connectors:
    - name: orders-outbox
      config:
        connector.class: io.debezium.connector.postgresql.PostgresConnector
        database.hostname: ${host}
        slot.name: orders_outbox
        heartbeat.interval.ms: 10000
`;
const helmKeyed = (key: string) => `kafkaConnectors:
  ${key}:
    enabled: true
    config:
      connector.class: io.debezium.connector.postgresql.PostgresConnector
      database.hostname: orders-db.db.svc.cluster.local
      slot.name: orders_outbox
      heartbeat.interval.ms: 10000
`;

workspaceRuleTester(slotShared, {
  valid: [
    { name: 'json: one slot each', files: { 'a.json': json('orders-outbox', 'orders_outbox'), 'b.json': json('orders-audit', 'orders_audit') } },
    { name: 'yaml: one slot each', files: { 'a.yaml': yaml('orders-outbox', 'orders_outbox'), 'b.yaml': yaml('orders-audit', 'orders_audit') } },
    { name: 'properties: one slot each', files: { 'a.properties': properties('orders_outbox'), 'b.properties': properties('orders_audit') } },
    { name: 'same slot name on different servers', files: { 'a.json': json('a', 'cdc'), 'b.json': json('b', 'cdc', 'billing-db') } },
    { name: 'a placeholder host could be any server', files: { 'a.json': json('a', 'cdc'), 'b.json': json('b', 'cdc', '${env:DB_HOST}') } },
    {
      name: 'two compose stacks, each with its own local `postgres` service',
      files: { 'outbox/register-postgres.json': json('outbox', '', 'postgres'), 'audit/register-postgres.json': json('audit', '', 'postgres') },
    },
    { name: 'the same connector written twice (JSON and Strimzi)', files: { 'a.json': json('orders-outbox', 'orders_outbox'), 'k8s/a.yaml': yaml('orders-outbox', 'orders_outbox') } },
    {
      name: 'Helm values per environment: the same named connector in a list',
      files: { 'values-staging.yaml': helmList('orders-db.db.svc'), 'values-prod.yaml': helmList('orders-db.db.svc') },
    },
    {
      name: 'Helm values per environment: the same connector keyed by its name',
      files: { 'values-staging.yaml': helmKeyed('orders-outbox'), 'values-prod.yaml': helmKeyed('orders-outbox') },
    },
    {
      name: 'a shared publication that nobody filters',
      files: { 'a.json': json('a', 'a_slot', 'orders-db', '\n    "publication.name": "shared",'), 'b.json': json('b', 'b_slot', 'orders-db', '\n    "publication.name": "shared",') },
    },
  ],
  invalid: [
    {
      name: 'json: a copied slot name',
      files: { 'a.json': json('orders-outbox', 'orders_outbox'), 'b.json': json('orders-audit', 'orders_outbox') },
      errors: [
        { path: 'a.json', line: 7, column: 18, message: 'Replication slot `orders_outbox` is used by another connector on the same database server', severity: 'error', related: [{ path: 'b.json', line: 7 }] },
        { path: 'b.json', line: 7, column: 18, message: 'Replication slot `orders_outbox` is used by another connector on the same database server', related: [{ path: 'a.json', line: 7 }] },
      ],
    },
    {
      name: 'Helm values: two connectors keyed by different names copy one slot',
      files: { 'orders/values.yaml': helmKeyed('orders-outbox'), 'audit/values.yaml': helmKeyed('orders-audit') },
      errors: [
        { path: 'orders/values.yaml', line: 7, column: 18, message: /slot `orders_outbox`/, related: [{ path: 'audit/values.yaml', line: 7 }] },
        { path: 'audit/values.yaml', line: 7, column: 18, message: /slot `orders_outbox`/, related: [{ path: 'orders/values.yaml', line: 7 }] },
      ],
    },
    {
      name: 'json: both use the default slot',
      files: { 'a.json': json('a', ''), 'b.json': json('b', '') },
      errors: [
        { path: 'a.json', line: 4, column: 24, message: 'Replication slot `debezium` (the default) is used by another connector on the same database server', related: [{ path: 'b.json', line: 4 }] },
        { path: 'b.json', line: 4, column: 24, message: /`debezium` \(the default\)/, related: [{ path: 'a.json', line: 4 }] },
      ],
    },
    {
      name: 'yaml: two resources in one file',
      files: { 'k8s/connectors.yaml': `${yaml('a', 'cdc')}---\n${yaml('b', 'cdc')}` },
      errors: [
        { path: 'k8s/connectors.yaml', line: 10, column: 16, message: /slot `cdc`/, related: [{ path: 'k8s/connectors.yaml', line: 22 }] },
        { path: 'k8s/connectors.yaml', line: 22, column: 16, message: /slot `cdc`/, related: [{ path: 'k8s/connectors.yaml', line: 10 }] },
      ],
    },
    {
      name: 'properties: Debezium Server and a Connect connector',
      files: { 'application.properties': properties('cdc'), 'b.json': json('b', 'cdc') },
      errors: [
        { path: 'application.properties', line: 4, column: 27, message: /slot `cdc`/, related: [{ path: 'b.json', line: 7 }] },
        { path: 'b.json', line: 7, column: 18, message: /slot `cdc`/, related: [{ path: 'application.properties', line: 4 }] },
      ],
    },
    {
      name: 'a publication shared and filtered',
      files: {
        'a.json': json('a', 'a_slot', 'orders-db', '\n    "publication.name": "shared",\n    "publication.autocreate.mode": "filtered",'),
        'b.json': json('b', 'b_slot', 'orders-db', '\n    "publication.name": "shared",'),
      },
      errors: [
        { path: 'a.json', line: 8, column: 25, message: /^Publication `shared` is shared with another connector/, related: [{ path: 'b.json', line: 8 }] },
        { path: 'b.json', line: 8, column: 25, message: /^Publication `shared`/, related: [{ path: 'a.json', line: 8 }] },
      ],
    },
  ],
});
