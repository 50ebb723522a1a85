import { outboxColumnsMissing } from '../../../server/src/rules/cdc/outbox-columns-missing';
import { workspaceRuleTester } from '../workspaceTester';

const SNAKE_OUTBOX = `CREATE TABLE outbox (
    id              uuid PRIMARY KEY,
    aggregate_type  text  NOT NULL,
    aggregate_id    text  NOT NULL,
    type            text  NOT NULL,
    payload         jsonb NOT NULL
);
`;
const DEFAULT_OUTBOX = `CREATE TABLE outbox (
    id            uuid PRIMARY KEY,
    aggregatetype text  NOT NULL,
    aggregateid   text  NOT NULL,
    type          text  NOT NULL,
    payload       jsonb
);
`;

const json = (extra: string) => `{
  "name": "orders-outbox",
  "config": {
    "connector.class": "io.debezium.connector.postgresql.PostgresConnector",
    "database.hostname": "orders-db",
    "heartbeat.interval.ms": "10000",
    "table.include.list": "public.outbox",
    "transforms": "outbox",
    "transforms.outbox.type": "io.debezium.transforms.outbox.EventRouter"${extra}
  }
}
`;
const yaml = (extra: string) => `apiVersion: kafka.strimzi.io/v1beta2
kind: KafkaConnector
metadata:
  name: orders-outbox
spec:
  class: io.debezium.connector.postgresql.PostgresConnector
  config:
    database.hostname: orders-db
    heartbeat.interval.ms: 10000
    table.include.list: public.outbox
    transforms: outbox
    transforms.outbox.type: io.debezium.transforms.outbox.EventRouter
${extra}`;
const properties = (extra: string) => `connector.class=io.debezium.connector.postgresql.PostgresConnector
database.hostname=orders-db
heartbeat.interval.ms=10000
table.include.list=public.outbox
transforms=outbox
transforms.outbox.type=io.debezium.transforms.outbox.EventRouter
${extra}`;

const SNAKE_JSON = ',\n    "transforms.outbox.table.field.event.key": "aggregate_id",\n    "transforms.outbox.route.by.field": "aggregate_type"';
const SNAKE_YAML = '    transforms.outbox.table.field.event.key: aggregate_id\n    transforms.outbox.route.by.field: aggregate_type\n';
const SNAKE_PROPS = 'transforms.outbox.table.field.event.key=aggregate_id\ntransforms.outbox.route.by.field=aggregate_type\n';
const migration = { 'db/V1__outbox.sql': SNAKE_OUTBOX };
const related = [{ path: 'db/V1__outbox.sql', line: 1 }];

workspaceRuleTester(outboxColumnsMissing, {
  valid: [
    { name: 'json: the configured columns exist', files: { ...migration, 'connect/outbox.json': json(SNAKE_JSON) } },
    { name: 'yaml: the configured columns exist', files: { ...migration, 'k8s/outbox.yaml': yaml(SNAKE_YAML) } },
    { name: 'properties: the configured columns exist', files: { ...migration, 'outbox.properties': properties(SNAKE_PROPS) } },
    { name: 'the default columns exist (case folded)', files: { 'db/V1__outbox.sql': DEFAULT_OUTBOX.replace('aggregateid', 'AggregateId'), 'connect/outbox.json': json('') } },
    { name: 'the table is not created in the workspace', files: { 'connect/outbox.json': json('') } },
    {
      name: 'a later migration adds the column',
      files: { ...migration, 'db/V2__key.sql': 'ALTER TABLE outbox ADD COLUMN aggregateid text, ADD COLUMN aggregatetype text;\n', 'connect/outbox.json': json('') },
    },
    {
      name: 'a renamed column counts',
      files: { ...migration, 'db/V2__rename.sql': 'ALTER TABLE outbox RENAME COLUMN aggregate_id TO aggregateid;\nALTER TABLE outbox RENAME COLUMN aggregate_type TO aggregatetype;\n', 'connect/outbox.json': json('') },
    },
    {
      name: 'a Helm template fills in the router options from the values',
      files: { ...migration, 'charts/cdc/templates/outbox.yaml': yaml('    {{- toYaml .Values.outboxRouter | nindent 4 }}\n') },
    },
    { name: 'a placeholder include list captures nothing we can name', files: { ...migration, 'connect/outbox.json': json('').replace('"public.outbox"', '"${env:TABLES}"') } },
  ],
  invalid: [
    {
      name: 'json: the defaults do not match a snake_case outbox',
      files: { ...migration, 'connect/outbox.json': json('') },
      errors: [
        {
          path: 'connect/outbox.json',
          line: 9,
          column: 31,
          message: 'The `EventRouter` reads `aggregateid` (`table.field.event.key`), `aggregatetype` (`route.by.field`) by default, which the captured table `outbox` does not have',
          severity: 'error',
          related,
        },
      ],
    },
    {
      name: 'json: a configured column the table does not have',
      files: { ...migration, 'connect/outbox.json': json(SNAKE_JSON.replace('"aggregate_id"', '"aggregateId_"')) },
      errors: [{ path: 'connect/outbox.json', line: 10, column: 48, message: '`table.field.event.key` names column `aggregateId_`, which the captured table `outbox` does not have', related }],
    },
    {
      name: 'yaml: the payload column is called body',
      files: { 'db/V1__outbox.sql': SNAKE_OUTBOX.replace('payload ', 'body    '), 'k8s/outbox.yaml': yaml(SNAKE_YAML) },
      errors: [{ path: 'k8s/outbox.yaml', line: 12, column: 29, message: /reads `payload` \(`table.field.event.payload`\) by default/, related }],
    },
    {
      name: 'properties: an additional field the table lacks',
      files: { ...migration, 'outbox.properties': properties(`${SNAKE_PROPS}transforms.outbox.table.fields.additional.placement=event_type:header:type\n`) },
      errors: [{ path: 'outbox.properties', line: 9, column: 53, message: '`table.fields.additional.placement` names column `event_type`, which the captured table `outbox` does not have', related }],
    },
  ],
});
