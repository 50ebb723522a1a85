import { connectDlqWithoutRetry } from '../../../server/src/rules/dlq/connect-dlq-without-retry';
import { ruleTester } from '../ruleTester';

const t = (s: string) => s.replace(/^\n/, '');
const NOT_SET = 'Failed records go to the dead-letter topic without a retry: `errors.retry.timeout` is not set';
const ZERO = 'Failed records go to the dead-letter topic without a retry: `errors.retry.timeout` is `0`';
const JDBC = 'io.confluent.connect.jdbc.JdbcSinkConnector';

ruleTester(connectDlqWithoutRetry, {
  valid: [
    {
      name: 'Helm chart template: the retry settings may come from the values',
      path: 'charts/sinks/templates/orders-jdbc-sink.yaml',
      code: t(`
apiVersion: kafka.strimzi.io/v1beta2
kind: KafkaConnector
metadata:
  name: {{ include "sinks.fullname" . }}-orders
spec:
  class: ${JDBC}
  config:
    topics: orders
    errors.tolerance: all
    errors.deadletterqueue.topic.name: dlq.orders-jdbc-sink
    {{- toYaml .Values.errorHandling | nindent 4 }}
`),
    },
    {
      name: 'sink with a retry budget',
      path: 'connectors/orders-jdbc-sink.json',
      code: t(`
{
  "name": "orders-jdbc-sink",
  "config": {
    "connector.class": "${JDBC}",
    "topics": "orders",
    "errors.tolerance": "all",
    "errors.deadletterqueue.topic.name": "dlq.orders-jdbc-sink",
    "errors.retry.timeout": "600000",
    "errors.retry.delay.max.ms": "30000"
  }
}
`),
    },
    {
      name: 'infinite retries',
      path: 'connectors/es.json',
      code: `{"connector.class": "io.confluent.connect.elasticsearch.ElasticsearchSinkConnector", "errors.tolerance": "all", "errors.deadletterqueue.topic.name": "dlq.es", "errors.retry.timeout": -1}`,
    },
    {
      name: 'errors are not tolerated: the task fails instead',
      path: 'connectors/s3.json',
      code: `{"connector.class": "io.confluent.connect.s3.S3SinkConnector", "errors.tolerance": "none", "errors.deadletterqueue.topic.name": "dlq.s3"}`,
    },
    {
      name: 'no dead-letter topic',
      path: 'connectors/s3.json',
      code: `{"connector.class": "io.confluent.connect.s3.S3SinkConnector", "errors.tolerance": "all", "errors.deadletterqueue.topic.name": ""}`,
    },
    {
      name: 'source connectors have no dead-letter topic',
      path: 'connectors/pg.json',
      code: `{"connector.class": "io.debezium.connector.postgresql.PostgresConnector", "errors.tolerance": "all", "errors.deadletterqueue.topic.name": "dlq.pg", "heartbeat.interval.ms": 10000}`,
    },
    {
      name: 'a retry timeout from a config provider',
      path: 'connectors/provided.json',
      code: `{"connector.class": "${JDBC}", "errors.tolerance": "all", "errors.deadletterqueue.topic.name": "dlq", "errors.retry.timeout": "\${env:RETRY_MS}"}`,
    },
    {
      name: 'Strimzi sink with retries',
      path: 'k8s/sink.yaml',
      code: t(`
kind: KafkaConnector
spec:
  class: com.mongodb.kafka.connect.MongoSinkConnector
  config:
    topics: orders
    errors.tolerance: all
    errors.deadletterqueue.topic.name: dlq.mongo
    errors.retry.timeout: 120000
`),
    },
    {
      name: 'Connect sink properties with retries',
      path: 'config/jdbc-sink.properties',
      code: t(`
connector.class=${JDBC}
topics=orders
errors.tolerance=all
errors.deadletterqueue.topic.name=dlq.orders
errors.retry.timeout=300000
`),
    },
  ],
  invalid: [
    {
      name: 'REST payload: retry keys added after the last errors.* key',
      path: 'connectors/orders-jdbc-sink.json',
      code: t(`
{
  "name": "orders-jdbc-sink",
  "config": {
    "connector.class": "${JDBC}",
    "topics": "orders",
    "connection.url": "jdbc:postgresql://warehouse:5432/analytics",
    "errors.tolerance": "all",
    "errors.deadletterqueue.topic.name": "dlq.orders-jdbc-sink",
    "errors.deadletterqueue.context.headers.enable": "true",
    "insert.mode": "upsert"
  }
}
`),
      errors: [{ line: 8, column: 5, endColumn: 64, message: NOT_SET, severity: 'warning' }],
      output: t(`
{
  "name": "orders-jdbc-sink",
  "config": {
    "connector.class": "${JDBC}",
    "topics": "orders",
    "connection.url": "jdbc:postgresql://warehouse:5432/analytics",
    "errors.tolerance": "all",
    "errors.deadletterqueue.topic.name": "dlq.orders-jdbc-sink",
    "errors.deadletterqueue.context.headers.enable": "true",
    "errors.retry.timeout": "300000",
    "errors.retry.delay.max.ms": "60000",
    "insert.mode": "upsert"
  }
}
`),
    },
    {
      name: 'bare config with a 0 timeout and numbers written bare',
      path: 'connectors/bq.json',
      code: t(`
{
  "connector.class": "com.wepay.kafka.connect.bigquery.BigQuerySinkConnector",
  "tasks.max": 2,
  "topics.regex": "events\\\\..*",
  "errors.tolerance": "ALL",
  "errors.deadletterqueue.topic.name": "dlq.bigquery",
  "errors.retry.timeout": 0
}
`),
      errors: [{ line: 7, column: 3, message: ZERO }],
      output: t(`
{
  "connector.class": "com.wepay.kafka.connect.bigquery.BigQuerySinkConnector",
  "tasks.max": 2,
  "topics.regex": "events\\\\..*",
  "errors.tolerance": "ALL",
  "errors.deadletterqueue.topic.name": "dlq.bigquery",
  "errors.retry.timeout": 300000,
  "errors.retry.delay.max.ms": 60000
}
`),
    },
    {
      name: 'a sink known only by its topics',
      path: 'connectors/audit.json',
      code: `{"connector.class": "com.acme.connect.AuditWriter", "topics": "audit", "errors.tolerance": "all", "errors.deadletterqueue.topic.name": "dlq.audit"}`,
      errors: [{ line: 1, column: 99, message: NOT_SET }],
      output: `{"connector.class": "com.acme.connect.AuditWriter", "topics": "audit", "errors.tolerance": "all", "errors.deadletterqueue.topic.name": "dlq.audit", "errors.retry.timeout": "300000", "errors.retry.delay.max.ms": "60000"}`,
    },
    {
      name: 'Strimzi sink in a multi-document stream',
      path: 'k8s/connectors.yaml',
      code: t(`
kind: KafkaConnect
spec:
  replicas: 3
---
kind: KafkaConnector
metadata:
  name: orders-es
spec:
  class: io.confluent.connect.elasticsearch.ElasticsearchSinkConnector
  tasksMax: 2
  config:
    topics: orders
    errors.tolerance: all
    errors.deadletterqueue.topic.name: dlq.orders-es
    errors.deadletterqueue.topic.replication.factor: 3
    key.ignore: true
`),
      errors: [{ line: 14, column: 5, message: NOT_SET }],
      output: t(`
kind: KafkaConnect
spec:
  replicas: 3
---
kind: KafkaConnector
metadata:
  name: orders-es
spec:
  class: io.confluent.connect.elasticsearch.ElasticsearchSinkConnector
  tasksMax: 2
  config:
    topics: orders
    errors.tolerance: all
    errors.deadletterqueue.topic.name: dlq.orders-es
    errors.deadletterqueue.topic.replication.factor: 3
    errors.retry.timeout: 300000
    errors.retry.delay.max.ms: 60000
    key.ignore: true
`),
    },
    {
      name: 'Helm values: the quoted 0 is replaced inside its quotes, an existing delay is kept',
      path: 'values-prod.yaml',
      code: t(`
sinks:
  snowflake:
    connector.class: com.snowflake.kafka.connector.SnowflakeSinkConnector
    tasks.max: "4"
    errors.tolerance: all
    errors.deadletterqueue.topic.name: dlq.snowflake
    errors.retry.delay.max.ms: "10000"
    errors.retry.timeout: "0"
`),
      errors: [{ line: 8, column: 5, message: ZERO }],
      output: t(`
sinks:
  snowflake:
    connector.class: com.snowflake.kafka.connector.SnowflakeSinkConnector
    tasks.max: "4"
    errors.tolerance: all
    errors.deadletterqueue.topic.name: dlq.snowflake
    errors.retry.delay.max.ms: "10000"
    errors.retry.timeout: "300000"
`),
    },
    {
      name: 'Connect sink properties',
      path: 'config/jdbc-sink.properties',
      code: t(`
name=orders-jdbc-sink
connector.class = ${JDBC}
topics = orders
errors.tolerance = all
errors.deadletterqueue.topic.name = dlq.orders
connection.url = jdbc:postgresql://warehouse/analytics
`),
      errors: [{ line: 5, column: 1, message: NOT_SET }],
      output: t(`
name=orders-jdbc-sink
connector.class = ${JDBC}
topics = orders
errors.tolerance = all
errors.deadletterqueue.topic.name = dlq.orders
errors.retry.timeout = 300000
errors.retry.delay.max.ms = 60000
connection.url = jdbc:postgresql://warehouse/analytics
`),
    },
  ],
});
