import * as assert from 'node:assert/strict';
import { HEARTBEAT_ACTION_QUERY as Q, heartbeatDisabled } from '../../../server/src/rules/cdc/heartbeat-disabled';
import { dependsOn } from '../../../server/src/workspace/workspaceIndex';
import { ruleTester } from '../ruleTester';
import { factsOf, indexOf, lintWithIndex, type Workspace } from '../workspaceTester';

const t = (s: string) => s.replace(/^\n/, '');
const PG = 'io.debezium.connector.postgresql.PostgresConnector';
const OFF_ABSENT = 'Heartbeats are off on this Debezium PostgreSQL connector: `heartbeat.interval.ms` is not set';
const OFF_ZERO = 'Heartbeats are off on this Debezium PostgreSQL connector: `heartbeat.interval.ms` is `0`';
const OUTBOX_ZERO = 'Heartbeats are off on a Debezium PostgreSQL connector that tails an outbox through the `EventRouter`: `heartbeat.interval.ms` is `0`';
const OUTBOX_ABSENT = 'Heartbeats are off on a Debezium PostgreSQL connector that tails an outbox through the `EventRouter`: `heartbeat.interval.ms` is not set';
const FEW_ABSENT = 'Heartbeats are off on a Debezium PostgreSQL connector that captures only a few tables: `heartbeat.interval.ms` is not set';

ruleTester(heartbeatDisabled, {
  valid: [
    {
      name: 'REST payload with heartbeats and an action query',
      path: 'connectors/orders-cdc.json',
      code: t(`
{
  "name": "orders-cdc",
  "config": {
    "connector.class": "${PG}",
    "database.hostname": "orders-db",
    "table.include.list": "public.outbox",
    "heartbeat.interval.ms": "10000",
    "heartbeat.action.query": "${Q}"
  }
}
`),
    },
    {
      name: 'a MySQL connector is not a PostgreSQL slot',
      path: 'connectors/mysql.json',
      code: t(`
{
  "name": "inventory",
  "config": {
    "connector.class": "io.debezium.connector.mysql.MySqlConnector",
    "database.hostname": "mysql",
    "table.include.list": "inventory.orders"
  }
}
`),
    },
    {
      name: 'a heartbeat from a config provider is not ours to judge',
      path: 'connectors/provided.json',
      code: t(`
{
  "connector.class": "${PG}",
  "heartbeat.interval.ms": "\${file:/opt/secrets/cdc.properties:heartbeat}"
}
`),
    },
    {
      name: 'a JSON document without connectors',
      path: 'package.json',
      code: '{ "name": "relay", "dependencies": { "kafkajs": "^2.2.4" } }',
    },
    {
      name: 'Strimzi KafkaConnector with heartbeats',
      path: 'k8s/orders-connector.yaml',
      code: t(`
apiVersion: kafka.strimzi.io/v1beta2
kind: KafkaConnector
metadata:
  name: orders-cdc
spec:
  class: ${PG}
  tasksMax: 1
  config:
    database.hostname: orders-db
    heartbeat.interval.ms: 5000
`),
    },
    {
      name: 'Strimzi KafkaConnect cluster and a sink connector',
      path: 'k8s/connect.yaml',
      code: t(`
apiVersion: kafka.strimzi.io/v1beta2
kind: KafkaConnect
metadata:
  name: connect
spec:
  config:
    group.id: connect-cluster
---
apiVersion: kafka.strimzi.io/v1beta2
kind: KafkaConnector
metadata:
  name: es-sink
spec:
  class: io.confluent.connect.elasticsearch.ElasticsearchSinkConnector
  config:
    topics: orders
`),
    },
    {
      name: 'Helm values whose connector sends heartbeats',
      path: 'values.yaml',
      code: t(`
connectors:
  - name: orders-cdc
    config:
      connector.class: PostgresConnector
      heartbeat.interval.ms: 10000
`),
    },
    {
      name: 'Debezium Server with heartbeats',
      path: 'conf/application.properties',
      code: t(`
debezium.sink.type=kafka
debezium.source.connector.class=${PG}
debezium.source.heartbeat.interval.ms=10000
`),
    },
    {
      name: 'Debezium Server: heartbeats set per Quarkus profile',
      path: 'conf/application.properties',
      code: t(`
debezium.sink.type=kafka
debezium.source.connector.class=${PG}
debezium.source.table.include.list=public.outbox
%prod.debezium.source.heartbeat.interval.ms=10000
%staging,prod.debezium.source.heartbeat.action.query=${Q}
debezium.source.heartbeat.interval.ms=0
`),
    },
    {
      name: 'Helm chart template: the config comes from the values (toYaml)',
      path: 'charts/orders-cdc/templates/connector.yaml',
      code: t(`
apiVersion: kafka.strimzi.io/v1beta2
kind: KafkaConnector
metadata:
  name: "{{ .Release.Name }}-outbox"
  labels:
    strimzi.io/cluster: {{ .Values.connectCluster | quote }}
spec:
  class: ${PG}
  tasksMax: 1
  config:
    {{- toYaml .Values.connector.config | nindent 4 }}
`),
    },
    {
      name: 'Helm chart template: literal keys and more from the values',
      path: 'charts/orders-cdc/templates/connector.yaml',
      code: t(`
apiVersion: kafka.strimzi.io/v1beta2
kind: KafkaConnector
metadata:
  name: "{{ .Release.Name }}-outbox"
spec:
  class: ${PG}
  config:
    database.hostname: {{ .Values.db.host | quote }}
    table.include.list: public.outbox
    {{- with .Values.connector.extraConfig }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
`),
    },
    {
      name: 'Helm chart template: the config block rendered at column 0',
      path: 'charts/orders-cdc/templates/connector.yaml',
      code: t(`
apiVersion: kafka.strimzi.io/v1beta2
kind: KafkaConnector
metadata:
  name: "{{ .Release.Name }}-outbox"
spec:
  class: ${PG}
  config:
{{ toYaml .Values.connector.config | indent 4 }}
`),
    },
    {
      name: 'a Connect worker file holds no connector',
      path: 'config/connect-distributed.properties',
      code: t(`
bootstrap.servers=kafka:9092
group.id=connect-cluster
heartbeat.interval.ms=3000
`),
    },
  ],
  invalid: [
    {
      name: 'Helm chart template: only `if`/`end` in the config and a template in the metadata, the config is all literal',
      path: 'charts/orders-cdc/templates/connector.yaml',
      code: t(`
apiVersion: kafka.strimzi.io/v1beta2
kind: KafkaConnector
metadata:
  name: "{{ .Release.Name }}-outbox"
  labels:
    {{- include "orders.labels" . | nindent 4 }}
spec:
  class: ${PG}
  config:
    database.hostname: orders-db
    {{- if .Values.cdc.snapshot }}
    snapshot.mode: initial
    {{- end }}
    heartbeat.interval.ms: 0
`),
      errors: [{ line: 14, column: 5, message: OFF_ZERO, severity: 'warning' }],
      output: t(`
apiVersion: kafka.strimzi.io/v1beta2
kind: KafkaConnector
metadata:
  name: "{{ .Release.Name }}-outbox"
  labels:
    {{- include "orders.labels" . | nindent 4 }}
spec:
  class: ${PG}
  config:
    database.hostname: orders-db
    {{- if .Values.cdc.snapshot }}
    snapshot.mode: initial
    {{- end }}
    heartbeat.interval.ms: 10000
    heartbeat.action.query: ${Q}
`),
    },
    {
      name: 'the lesson connector: outbox EventRouter with heartbeat.interval.ms 0 (REST payload)',
      path: 'connectors/orders-outbox.json',
      code: t(`
{
  "name": "orders-outbox",
  "config": {
    "connector.class": "${PG}",
    "database.hostname": "orders-db",
    "table.include.list": "public.outbox",
    "heartbeat.interval.ms": "0",
    "transforms": "outbox",
    "transforms.outbox.type": "io.debezium.transforms.outbox.EventRouter",
    "transforms.outbox.table.field.event.key": "aggregate_id"
  }
}
`),
      errors: [{ line: 7, column: 5, endColumn: 33, message: OUTBOX_ZERO, severity: 'error' }],
      output: t(`
{
  "name": "orders-outbox",
  "config": {
    "connector.class": "${PG}",
    "database.hostname": "orders-db",
    "table.include.list": "public.outbox",
    "heartbeat.interval.ms": "10000",
    "heartbeat.action.query": "${Q}",
    "transforms": "outbox",
    "transforms.outbox.type": "io.debezium.transforms.outbox.EventRouter",
    "transforms.outbox.table.field.event.key": "aggregate_id"
  }
}
`),
    },
    {
      name: 'bare config without the key: appended after the last key, tab indentation kept',
      path: 'connectors/inventory.json',
      code: '{\n\t"connector.class": "PostgresConnector",\n\t"tasks.max": 1,\n\t"schema.include.list": "inventory"\n}\n',
      errors: [{ line: 2, column: 2, message: OFF_ABSENT, severity: 'warning' }],
      output: `{\n\t"connector.class": "PostgresConnector",\n\t"tasks.max": 1,\n\t"schema.include.list": "inventory",\n\t"heartbeat.interval.ms": 10000,\n\t"heartbeat.action.query": "${Q}"\n}\n`,
    },
    {
      name: 'single-line config: inline insertion',
      path: 'connector.json',
      code: `{"connector.class": "Postgres", "heartbeat.interval.ms": 0, "database.dbname": "orders"}`,
      errors: [{ line: 1, column: 33, message: OFF_ZERO }],
      output: `{"connector.class": "Postgres", "heartbeat.interval.ms": 10000, "heartbeat.action.query": "${Q}", "database.dbname": "orders"}`,
    },
    {
      name: 'JSONC: a trailing comment stays on its line, CRLF line breaks kept',
      path: 'connector.jsonc',
      code: `{\r\n  "connector.class": "${PG}",\r\n  "database.user": "cdc" // read-only role\r\n}\r\n`,
      errors: [{ line: 2, column: 3, message: OFF_ABSENT }],
      output: `{\r\n  "connector.class": "${PG}",\r\n  "database.user": "cdc", // read-only role\r\n  "heartbeat.interval.ms": "10000",\r\n  "heartbeat.action.query": "${Q}"\r\n}\r\n`,
    },
    {
      name: 'an array of REST payloads: only the PostgreSQL one without heartbeats',
      path: 'connectors/all.json',
      code: t(`
[
  { "name": "pg", "config": { "connector.class": "${PG}", "heartbeat.interval.ms": "30000" } },
  {
    "name": "pg-archive",
    "config": {
      "connector.class": "${PG}",
      "heartbeat.action.query": "UPDATE hb SET ts = now()"
    }
  }
]
`),
      errors: [{ line: 6, column: 7, message: OFF_ABSENT }],
      output: t(`
[
  { "name": "pg", "config": { "connector.class": "${PG}", "heartbeat.interval.ms": "30000" } },
  {
    "name": "pg-archive",
    "config": {
      "connector.class": "${PG}",
      "heartbeat.action.query": "UPDATE hb SET ts = now()",
      "heartbeat.interval.ms": "10000"
    }
  }
]
`),
    },
    {
      name: 'Strimzi KafkaConnector without the key, reported on spec.class',
      path: 'k8s/orders-outbox.yaml',
      code: t(`
apiVersion: kafka.strimzi.io/v1beta2
kind: KafkaConnector
metadata:
  name: orders-outbox
  labels:
    strimzi.io/cluster: connect
spec:
  class: ${PG}
  tasksMax: 1
  config:
    database.hostname: orders-db
    database.port: 5432
    transforms: outbox
    transforms.outbox.type: io.debezium.transforms.outbox.EventRouter
status:
  conditions: []
`),
      errors: [{ line: 8, column: 3, message: OUTBOX_ABSENT, severity: 'error' }],
      output: t(`
apiVersion: kafka.strimzi.io/v1beta2
kind: KafkaConnector
metadata:
  name: orders-outbox
  labels:
    strimzi.io/cluster: connect
spec:
  class: ${PG}
  tasksMax: 1
  config:
    database.hostname: orders-db
    database.port: 5432
    transforms: outbox
    transforms.outbox.type: io.debezium.transforms.outbox.EventRouter
    heartbeat.interval.ms: 10000
    heartbeat.action.query: ${Q}
status:
  conditions: []
`),
    },
    {
      name: 'multi-document stream: quoted siblings get quoted values, the second connector is flagged',
      path: 'k8s/connectors.yaml',
      code: t(`
kind: KafkaConnector
spec:
  class: ${PG}
  config:
    heartbeat.interval.ms: 10000
---
kind: KafkaConnector
spec:
  class: ${PG}
  config:
    "database.hostname": "ledger-db"
    "heartbeat.interval.ms": "0"
    "table.include.list": "public.ledger_entries,public.payouts"
`),
      errors: [{ line: 12, column: 5, message: FEW_ABSENT.replace('is not set', 'is `0`'), severity: 'error' }],
      output: t(`
kind: KafkaConnector
spec:
  class: ${PG}
  config:
    heartbeat.interval.ms: 10000
---
kind: KafkaConnector
spec:
  class: ${PG}
  config:
    "database.hostname": "ledger-db"
    "heartbeat.interval.ms": "10000"
    "heartbeat.action.query": "${Q}"
    "table.include.list": "public.ledger_entries,public.payouts"
`),
    },
    {
      name: 'Helm values: a connector in a list item, value 0',
      path: 'charts/cdc/values.yaml',
      code: t(`
connect:
  replicas: 2
connectors:
  - name: orders-cdc
    config:
      connector.class: ${PG}
      database.hostname: orders-db
      heartbeat.interval.ms: 0 # quiet hours are long
      slot.name: orders_slot
`),
      errors: [{ line: 8, column: 7, message: OFF_ZERO }],
      output: t(`
connect:
  replicas: 2
connectors:
  - name: orders-cdc
    config:
      connector.class: ${PG}
      database.hostname: orders-db
      heartbeat.interval.ms: 10000 # quiet hours are long
      heartbeat.action.query: ${Q}
      slot.name: orders_slot
`),
    },
    {
      name: 'Confluent for Kubernetes Connector (spec.configs), flow-style config',
      path: 'cfk/connector.yaml',
      code: t(`
apiVersion: platform.confluent.io/v1beta1
kind: Connector
metadata:
  name: billing-cdc
spec:
  class: ${PG}
  taskMax: 1
  configs: {database.hostname: billing-db, plugin.name: pgoutput}
`),
      errors: [{ line: 6, column: 3, message: OFF_ABSENT }],
      output: t(`
apiVersion: platform.confluent.io/v1beta1
kind: Connector
metadata:
  name: billing-cdc
spec:
  class: ${PG}
  taskMax: 1
  configs: {database.hostname: billing-db, plugin.name: pgoutput, heartbeat.interval.ms: 10000, heartbeat.action.query: "${Q}"}
`),
    },
    {
      name: 'Connect standalone connector file',
      path: 'config/orders-source.properties',
      code: t(`
name=orders-source
connector.class=${PG}
database.hostname=orders-db
# the slot is created by the platform team
slot.name=orders
`),
      errors: [{ line: 2, column: 1, message: OFF_ABSENT }],
      output: t(`
name=orders-source
connector.class=${PG}
database.hostname=orders-db
# the slot is created by the platform team
slot.name=orders
heartbeat.interval.ms=10000
heartbeat.action.query=${Q}
`),
    },
    {
      name: 'Debezium Server: prefix and separator kept, transforms read outside the prefix',
      path: 'conf/application.properties',
      code: t(`
debezium.sink.type: kafka
debezium.source.connector.class: ${PG}
debezium.source.database.hostname: orders-db
debezium.source.heartbeat.interval.ms: 0
debezium.transforms: outbox
debezium.transforms.outbox.type: io.debezium.transforms.outbox.EventRouter
quarkus.log.level: INFO
`),
      errors: [{ line: 4, column: 1, message: OUTBOX_ZERO, severity: 'error' }],
      output: t(`
debezium.sink.type: kafka
debezium.source.connector.class: ${PG}
debezium.source.database.hostname: orders-db
debezium.source.heartbeat.interval.ms: 10000
debezium.source.heartbeat.action.query: ${Q}
debezium.transforms: outbox
debezium.transforms.outbox.type: io.debezium.transforms.outbox.EventRouter
quarkus.log.level: INFO
`),
    },
    {
      name: 'Debezium Server: a key set for a profile only is not the heartbeat',
      path: 'conf/application.properties',
      code: t(`
debezium.sink.type=kafka
debezium.source.connector.class=${PG}
debezium.source.heartbeat.interval.ms=0
%dev.debezium.source.database.hostname=localhost
`),
      errors: [{ line: 3, column: 1, message: OFF_ZERO, severity: 'warning' }],
      output: t(`
debezium.sink.type=kafka
debezium.source.connector.class=${PG}
debezium.source.heartbeat.interval.ms=10000
debezium.source.heartbeat.action.query=${Q}
%dev.debezium.source.database.hostname=localhost
`),
    },
    {
      name: 'a sorted config stays sorted; an existing action query is kept',
      path: 'config/sorted.properties',
      code: t(`
connector.class=${PG}
database.dbname=orders
database.hostname=orders-db
heartbeat.action.query=UPDATE cdc.heartbeat SET ts = now()
plugin.name=pgoutput
# one slot per connector
slot.name=orders
topic.prefix=orders
`),
      errors: [{ line: 1, column: 1, message: OFF_ABSENT }],
      output: t(`
connector.class=${PG}
database.dbname=orders
database.hostname=orders-db
heartbeat.action.query=UPDATE cdc.heartbeat SET ts = now()
heartbeat.interval.ms=10000
plugin.name=pgoutput
# one slot per connector
slot.name=orders
topic.prefix=orders
`),
    },
  ],
});

describe('CDC001 with the workspace index: Debezium Server settings from a compose file', () => {
  const PROPS = 'cdc/conf/application.properties';
  const SERVER = [
    'debezium.sink.type=kafka',
    'debezium.source.connector.class=io.debezium.connector.postgresql.PostgresConnector',
    'debezium.source.database.hostname=postgres',
    'debezium.source.topic.prefix=shop',
    'debezium.source.table.include.list=public.outbox',
    '',
  ].join('\n');
  const compose = (environment: string, volume = './conf:/debezium/conf:ro') =>
    `services:\n  debezium:\n    image: quay.io/debezium/server:2.7\n    environment:\n${environment}\n    volumes:\n      - ${volume}\n`;
  const ON = '      DEBEZIUM_SOURCE_HEARTBEAT_INTERVAL_MS: "10000"';
  const codes = async (files: Workspace, path = PROPS) => (await lintWithIndex(heartbeatDisabled, path, files)).map((f) => f.ruleId);

  it('a heartbeat the service sets in its environment counts: map or list form, any spelling, a value given at run time', async () => {
    assert.deepEqual(await codes({ [PROPS]: SERVER, 'cdc/docker-compose.yml': compose(ON) }), []);
    assert.deepEqual(await codes({ [PROPS]: SERVER, 'cdc/docker-compose.yml': compose('      - DEBEZIUM_SOURCE_HEARTBEAT_INTERVAL_MS=10000') }), []);
    assert.deepEqual(await codes({ [PROPS]: SERVER, 'cdc/docker-compose.yml': compose('      debezium_source_heartbeat_interval_ms: 5000') }), []);
    assert.deepEqual(await codes({ [PROPS]: SERVER, 'cdc/docker-compose.yml': compose('      DEBEZIUM_SOURCE_HEARTBEAT_INTERVAL_MS: ${HEARTBEAT_MS:-10000}') }), []);
    // the compose file one folder up, the file itself mounted, the long volume form
    assert.deepEqual(await codes({ [PROPS]: SERVER, 'docker-compose.yml': compose(ON, './cdc/conf/application.properties:/debezium/conf/application.properties') }), []);
    const long = 'services:\n  dbz:\n    image: debezium/server\n    environment:\n' + ON + '\n    volumes:\n      - type: bind\n        source: ./conf\n        target: /debezium/conf\n';
    assert.deepEqual(await codes({ [PROPS]: SERVER, 'cdc/compose.yaml': long }), []);
    // Debezium 3's config folder, `${PWD}`, a number below 0 is not a heartbeat but a number above is
    assert.deepEqual(await codes({ [PROPS]: SERVER, 'cdc/docker-compose.yml': compose(ON, '${PWD}/conf:/debezium/config:ro') }), []);
  });

  it('follows YAML anchors and merge keys for the environment, the volumes and the whole service', async () => {
    const anchors = [
      'x-dbz-env: &dbz-env',
      ON.trimStart().replace(/^/, '  '),
      'x-dbz: &dbz',
      '  image: quay.io/debezium/server:3.0',
      '  volumes: &vols',
      '    - ./conf:/debezium/config',
      'services:',
      '  merged:',
      '    <<: *dbz',
      '    environment:',
      '      <<: *dbz-env',
      '  aliased:',
      '    image: quay.io/debezium/server:3.0',
      '    environment: *dbz-env',
      '    volumes: *vols',
      '',
    ].join('\n');
    assert.deepEqual(await codes({ [PROPS]: SERVER, 'cdc/docker-compose.yml': anchors }), []);
  });

  it('every service that runs on the file must turn heartbeats on, by the spelling the server reads first', async () => {
    const two = (a: string, b: string) =>
      `services:\n  a:\n    image: debezium/server\n    environment:\n${a}\n    volumes: [./conf:/debezium/conf]\n  b:\n    image: debezium/server\n    environment:\n${b}\n    volumes: [./conf:/debezium/conf]\n`;
    const flagged = async (compose: string) => assert.deepEqual(await codes({ [PROPS]: SERVER, 'cdc/docker-compose.yml': compose }), ['CDC001'], compose);
    await flagged(two(ON, '      DEBEZIUM_SINK_TYPE: kafka'));
    await flagged(two('      DEBEZIUM_SOURCE_HEARTBEAT_INTERVAL_MS: "0"', ON));
    await flagged('services:\n  dbz:\n    image: debezium/server\n    volumes: [./conf:/debezium/conf]\n  sidecar:\n    image: busybox\n    environment:\n' + ON + '\n    volumes: [./conf:/debezium/conf]\n');
    // the dotted name is read before the upper-case one
    await flagged(compose('      debezium.source.heartbeat.interval.ms: "0"\n' + ON));
    // an `x-` template that no service uses runs nothing
    await flagged('x-unused:\n  image: debezium/server\n  environment:\n' + ON + '\n  volumes: [./conf:/debezium/conf]\n');
    // a default of 0, an empty value, a negative interval
    await flagged(compose('      DEBEZIUM_SOURCE_HEARTBEAT_INTERVAL_MS: ${HEARTBEAT_MS:-0}'));
    await flagged(compose('      DEBEZIUM_SOURCE_HEARTBEAT_INTERVAL_MS: ""'));
    await flagged(compose('      - DEBEZIUM_SOURCE_HEARTBEAT_INTERVAL_MS= 0'));
    await flagged(compose('      DEBEZIUM_SOURCE_HEARTBEAT_INTERVAL_MS: -1'));
  });

  it('a heartbeat of 0, a config the service does not mount from here, or a Kafka Connect worker file is still flagged', async () => {
    assert.deepEqual(await codes({ [PROPS]: SERVER, 'cdc/docker-compose.yml': compose('      DEBEZIUM_SOURCE_HEARTBEAT_INTERVAL_MS: "0"') }), ['CDC001']);
    assert.deepEqual(await codes({ [PROPS]: SERVER, 'cdc/docker-compose.yml': compose(ON, 'dbz-conf:/debezium/conf') }), ['CDC001']);
    assert.deepEqual(await codes({ [PROPS]: SERVER, 'cdc/docker-compose.yml': compose(ON, './other-conf:/debezium/conf') }), ['CDC001']);
    assert.deepEqual(await codes({ [PROPS]: SERVER, 'cdc/docker-compose.yml': compose(ON, './conf:/opt/app/conf') }), ['CDC001']);
    assert.deepEqual(await codes({ [PROPS]: SERVER, 'cdc/docker-compose.yml': compose('      DEBEZIUM_SINK_TYPE: kafka') }), ['CDC001']);
    const worker = 'cdc/conf/postgres-connector.properties';
    const connect = 'name=orders\nconnector.class=io.debezium.connector.postgresql.PostgresConnector\ntable.include.list=public.outbox\n';
    const mounted = compose(ON, './conf/postgres-connector.properties:/debezium/conf/application.properties');
    assert.deepEqual(await codes({ [worker]: connect, 'cdc/docker-compose.yml': mounted }, worker), ['CDC001']);
  });

  it('the properties file depends on the environment the compose file gives it', async () => {
    const { index, facts } = await indexOf({ [PROPS]: SERVER, 'cdc/docker-compose.yml': compose(ON) });
    const changed = index.update('cdc/docker-compose.yml', await factsOf('cdc/docker-compose.yml', compose('      DEBEZIUM_SOURCE_HEARTBEAT_INTERVAL_MS: "0"')));
    assert.equal(dependsOn(facts.get(PROPS), changed), true);
    const elsewhere = index.update('billing/docker-compose.yml', await factsOf('billing/docker-compose.yml', compose(ON)));
    assert.equal(dependsOn(facts.get(PROPS), elsewhere), false);
  });
});
