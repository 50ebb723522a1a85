/**
 * Connector configs that hold credentials and are flagged by the config rules. Every surface that
 * shows findings (engine, hovers, CLI text/JSON/SARIF) must show none of SECRET_VALUES: a rule may
 * echo the offending key's own value, never another one.
 */
import * as assert from 'node:assert/strict';

export const SECRET_VALUES: readonly string[] = [
  'Tr0ub4dor&3-orders-db',
  'N0t-For-Your-Eyes_sasl',
  'jdbc-Wh4rehouse-pw',
  'AKIAQ7EXAMPLESECRET',
];

export interface SecretFixture {
  path: string;
  text: string;
  /** Rule codes the file must trigger (so a test over it is never vacuous). */
  flaggedBy: readonly string[];
}

const JAAS = `org.apache.kafka.common.security.plain.PlainLoginModule required username=\\"connect\\" password=\\"${SECRET_VALUES[1]}\\";`;

export const SECRET_FIXTURES: readonly SecretFixture[] = [
  {
    path: 'connectors/orders-outbox.json',
    flaggedBy: ['CDC001'],
    text: `{
  "name": "orders-outbox",
  "config": {
    "connector.class": "io.debezium.connector.postgresql.PostgresConnector",
    "database.hostname": "orders-db.internal",
    "database.user": "debezium",
    "database.password": "${SECRET_VALUES[0]}",
    "database.dbname": "orders",
    "topic.prefix": "orders",
    "table.include.list": "public.outbox",
    "heartbeat.interval.ms": "0",
    "producer.override.sasl.jaas.config": "${JAAS}",
    "transforms": "outbox",
    "transforms.outbox.type": "io.debezium.transforms.outbox.EventRouter"
  }
}
`,
  },
  {
    path: 'connectors/warehouse-sink.json',
    flaggedBy: ['DLQ002'],
    text: `{
  "name": "warehouse-sink",
  "config": {
    "connector.class": "io.confluent.connect.jdbc.JdbcSinkConnector",
    "topics": "orders",
    "connection.url": "jdbc:postgresql://warehouse:5432/analytics",
    "connection.user": "loader",
    "connection.password": "${SECRET_VALUES[2]}",
    "consumer.override.sasl.jaas.config": "${JAAS}",
    "errors.tolerance": "all",
    "errors.deadletterqueue.topic.name": "dlq.warehouse-sink"
  }
}
`,
  },
  {
    path: 'k8s/connectors.yaml',
    flaggedBy: ['CDC001', 'DLQ002'],
    text: `apiVersion: kafka.strimzi.io/v1beta2
kind: KafkaConnector
metadata:
  name: orders-outbox
spec:
  class: io.debezium.connector.postgresql.PostgresConnector
  config:
    database.hostname: orders-db.internal
    database.password: "${SECRET_VALUES[0]}"
    table.include.list: public.outbox
---
apiVersion: kafka.strimzi.io/v1beta2
kind: KafkaConnector
metadata:
  name: s3-archive
spec:
  class: io.confluent.connect.s3.S3SinkConnector
  config:
    topics: orders
    aws.access.key.id: ${SECRET_VALUES[3]}
    errors.tolerance: all
    errors.deadletterqueue.topic.name: dlq.s3-archive
    errors.retry.timeout: 0
`,
  },
  {
    path: 'conf/application.properties',
    flaggedBy: ['CDC001'],
    text: `debezium.sink.type=kafka
debezium.sink.kafka.producer.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="connect" password="${SECRET_VALUES[1]}";
debezium.source.connector.class=io.debezium.connector.postgresql.PostgresConnector
debezium.source.database.password=${SECRET_VALUES[0]}
debezium.source.heartbeat.interval.ms=0
`,
  },
  {
    path: 'config/warehouse-sink.properties',
    flaggedBy: ['DLQ002'],
    text: `connector.class=io.confluent.connect.jdbc.JdbcSinkConnector
topics=orders
connection.password=${SECRET_VALUES[2]}
errors.tolerance=all
errors.deadletterqueue.topic.name=dlq.warehouse-sink
`,
  },
];

/** Fails when any planted secret appears in `text`. */
export function assertNoSecrets(text: string, where: string): void {
  for (const secret of SECRET_VALUES) assert.ok(!text.includes(secret), `${where} echoes a secret value`);
}
