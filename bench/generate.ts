/**
 * Deterministic benchmark inputs: files of every kind the engine reads, at a requested size, made
 * of realistic blocks (consumers, relays, handlers, connectors, migrations) with and without bugs,
 * so rules do their real work instead of leaving early.
 */
import type { FileKind } from '../server/src/parsing/fileKinds';

type Block = (i: number) => string;

const python: Block = (i) => `
def consume_${i}(consumer, ledger):
    """Consumer ${i}: charges, then commits (every third one commits first)."""
    while True:
        msg = consumer.poll(1.0)
        if msg is None or msg.error():
            continue
        event = json.loads(msg.value())
${i % 3 === 0 ? '        consumer.commit(message=msg, asynchronous=False)\n' : ''}        ledger.charge(event["order_id"], event["amount_cents"])
        log.info("charged %s", event["order_id"])
${i % 3 === 0 ? '' : '        consumer.commit(message=msg, asynchronous=False)\n'}

def relay_${i}(conn, producer):
    with conn.transaction():
        rows = conn.execute("SELECT id, payload FROM outbox WHERE sent_at IS NULL LIMIT 100 FOR UPDATE SKIP LOCKED").fetchall()
        for row in rows:
            producer.produce("orders.events", key=str(row[0]), value=row[1])
        producer.flush()
        conn.execute("UPDATE outbox SET sent_at = now() WHERE id = ANY(%s)", ([r[0] for r in rows],))
`;

const typescript: Block = (i) => `
export async function startConsumer${i}(kafka: Kafka, mailer: Mailer): Promise<void> {
  const consumer = kafka.consumer({ groupId: 'group-${i}' });
  await consumer.connect();
  await consumer.subscribe({ topic: 'orders.${i}', fromBeginning: false });
  await consumer.run({
    eachMessage: async ({ topic, partition, message }: EachMessagePayload) => {
      const event = JSON.parse(message.value!.toString()) as OrderEvent;
      ${i % 4 === 0 ? 'mailer.send(event.email, event.orderId).catch((e) => console.error(e));' : 'await mailer.send(event.email, event.orderId);'}
      logger.info({ topic, partition, offset: message.offset }, 'handled');
    },
  });
}

export async function placeOrder${i}(db: Pool, order: Order): Promise<void> {
  const client = await db.connect();
  try {
    await client.query('BEGIN');
    await client.query('INSERT INTO orders (id, total) VALUES ($1, $2)', [order.id, order.total]);
    await client.query('INSERT INTO outbox (id, aggregate_id, type, payload) VALUES ($1, $2, $3, $4)', [uuid(), order.id, 'order.placed', order]);
    await client.query('COMMIT');
  } finally {
    client.release();
  }
}
`;

const java: Block = (i) => `
  @KafkaListener(topics = "orders.${i}", groupId = "billing-${i}")
  public void onOrder${i}(ConsumerRecord<String, String> record, Acknowledgment ack) {
    OrderEvent event = mapper.readValue(record.value(), OrderEvent.class);
${i % 3 === 0 ? '    ack.acknowledge();\n' : ''}    billing.charge(event.orderId(), event.amountCents());
    log.info("charged {}", event.orderId());
${i % 3 === 0 ? '' : '    ack.acknowledge();\n'}  }

  public void poll${i}(KafkaConsumer<String, String> consumer) {
    while (running) {
      ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
      for (ConsumerRecord<String, String> record : records) {
        store.save(record.key(), record.value());
      }
      consumer.commitSync();
    }
  }
`;

const go: Block = (i) => `
func consume${i}(ctx context.Context, r *kafka.Reader, store *Store) error {
	for {
		msg, err := r.FetchMessage(ctx)
		if err != nil {
			return err
		}
		var evt OrderEvent
		if err := json.Unmarshal(msg.Value, &evt); err != nil {
			log.Printf("bad event: %v", err)
			continue
		}
		if err := store.Reserve(ctx, evt.OrderID, evt.Qty); err != nil {
			return err
		}
		if err := r.CommitMessages(ctx, msg); err != nil {
			return err
		}
	}
}

func (h *handler${i}) ConsumeClaim(sess sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error {
	for msg := range claim.Messages() {
${i % 3 === 0 ? '\t\tsess.MarkMessage(msg, "")\n' : ''}		h.ledger.Record(msg.Value)
${i % 3 === 0 ? '' : '\t\tsess.MarkMessage(msg, "")\n'}	}
	return nil
}
`;

const sql: Block = (i) => `
-- migration step ${i}
CREATE TABLE IF NOT EXISTS orders_${i} (
    id          text PRIMARY KEY,
    customer_id text        NOT NULL,
    total_cents bigint      NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS processed_events_${i} (
    event_id     uuid        NOT NULL,
    consumer     text        NOT NULL,
    processed_at timestamptz NOT NULL DEFAULT now()${i % 5 === 0 ? '' : ',\n    PRIMARY KEY (event_id, consumer)'}
);
BEGIN;
INSERT INTO orders_${i} (id, customer_id, total_cents) VALUES ('ord_${i}', 'cust_${i}', ${i * 100});
INSERT INTO outbox (id, aggregate_type, aggregate_id, type, payload) VALUES (gen_random_uuid(), 'orders', 'ord_${i}', 'order.placed', '{}');
COMMIT;
`;

const jsonConnector = (i: number) => `  {
    "name": "connector-${i}",
    "config": {
      "connector.class": "${i % 2 ? 'io.debezium.connector.postgresql.PostgresConnector' : 'io.confluent.connect.jdbc.JdbcSinkConnector'}",
      "tasks.max": "1",
      "database.hostname": "db-${i}",
      "database.user": "debezium",
      "database.password": "\${file:/secrets/db.properties:password}",
      "topic.prefix": "app${i}",
      "table.include.list": "public.outbox",
      "heartbeat.interval.ms": "${i % 3 === 0 ? '0' : '10000'}",
      "errors.tolerance": "all",
      "errors.deadletterqueue.topic.name": "dlq.${i}",
      "errors.retry.timeout": "${i % 4 === 0 ? '0' : '300000'}"
    }
  }`;

const yaml: Block = (i) => `---
apiVersion: kafka.strimzi.io/v1beta2
kind: KafkaConnector
metadata:
  name: outbox-${i}
  labels:
    strimzi.io/cluster: connect
spec:
  class: io.debezium.connector.postgresql.PostgresConnector
  tasksMax: 1
  config:
    database.hostname: db-${i}
    database.user: debezium
    database.password: \${secrets:db/password}
    topic.prefix: app${i}
    table.include.list: public.outbox
    heartbeat.interval.ms: ${i % 3 === 0 ? 0 : 10000}
    transforms: outbox
    transforms.outbox.type: io.debezium.transforms.outbox.EventRouter
`;

const properties: Block = (i) => `
# connector ${i}
debezium.source.connector.class=io.debezium.connector.postgresql.PostgresConnector
debezium.source.database.hostname=db-${i}
debezium.source.database.user=debezium
debezium.source.topic.prefix=app${i}
debezium.source.table.include.list=public.outbox
debezium.source.heartbeat.interval.ms=${i % 3 === 0 ? 0 : 10000}
`;

const pgconf: Block = (i) => `
# section ${i}
shared_buffers = ${i % 7 + 1}GB
work_mem = ${i % 5 + 4}MB
maintenance_work_mem = 256MB
#wal_level = logical
max_wal_senders = 10
`;

const shell: Block = (i) => `
start_db_${i}() {
  exec postgres -c wal_level=logical -c max_replication_slots=${i % 10 + 4} -c shared_buffers=1GB
}
`;

/** Ordinary application code around the pipeline code: what most of a real file is made of. */
const GENERIC: Partial<Record<FileKind, Block>> = {
  python: (i) => `
@dataclass
class LineItem${i}:
    sku: str
    quantity: int
    unit_price_cents: int

    def total(self) -> int:
        return self.quantity * self.unit_price_cents


def order_total_${i}(items: list[LineItem${i}], discount: float = 0.0) -> int:
    subtotal = sum(item.total() for item in items)
    if discount:
        subtotal = int(subtotal * (1 - discount))
    return max(subtotal, 0)


@app.get("/orders/{order_id}/summary-${i}")
def order_summary_${i}(order_id: str, db: Session = Depends(get_db)) -> dict:
    order = db.query(Order).filter(Order.id == order_id).one_or_none()
    if order is None:
        raise HTTPException(status_code=404, detail="order not found")
    return {"id": order.id, "status": order.status, "total": order_total_${i}(order.items)}
`,
  typescript: (i) => `
export interface Address${i} {
  street: string;
  city: string;
  postcode: string;
}

export function formatAddress${i}(a: Address${i}): string {
  return [a.street, a.postcode + ' ' + a.city].filter((part) => part.trim().length > 0).join(', ');
}

router.get('/customers/:id/address-${i}', async (req: Request, res: Response) => {
  const customer = await customers.findById(req.params.id);
  if (!customer) {
    res.status(404).json({ error: 'not found' });
    return;
  }
  res.json({ id: customer.id, address: formatAddress${i}(customer.address) });
});
`,
  java: (i) => `
  public Money total${i}(List<LineItem> items, BigDecimal discount) {
    BigDecimal subtotal = items.stream()
        .map(item -> item.unitPrice().multiply(BigDecimal.valueOf(item.quantity())))
        .reduce(BigDecimal.ZERO, BigDecimal::add);
    if (discount != null && discount.signum() > 0) {
      subtotal = subtotal.multiply(BigDecimal.ONE.subtract(discount));
    }
    return Money.of(subtotal.max(BigDecimal.ZERO), "EUR");
  }

  @GetMapping("/orders/{id}/summary-${i}")
  public ResponseEntity<OrderSummary> summary${i}(@PathVariable String id) {
    return orders.findById(id)
        .map(order -> ResponseEntity.ok(new OrderSummary(order.getId(), order.getStatus(), total${i}(order.getItems(), null))))
        .orElse(ResponseEntity.notFound().build());
  }
`,
  go: (i) => `
type LineItem${i} struct {
	SKU       string
	Quantity  int
	UnitPrice int64
}

func orderTotal${i}(items []LineItem${i}, discountPct int) int64 {
	var total int64
	for _, it := range items {
		total += int64(it.Quantity) * it.UnitPrice
	}
	if discountPct > 0 {
		total = total * int64(100-discountPct) / 100
	}
	return total
}

func (s *Server) handleSummary${i}(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	order, err := s.orders.Get(r.Context(), id)
	if err != nil {
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	_ = json.NewEncoder(w).Encode(map[string]any{"id": order.ID, "total": orderTotal${i}(nil, 0)})
}
`,
  javascript: (i) => `
function formatAddress${i}(a) {
  return [a.street, a.postcode + ' ' + a.city].filter((part) => part.trim().length > 0).join(', ');
}

function totalOf${i}(items, discount = 0) {
  const subtotal = items.reduce((sum, item) => sum + item.quantity * item.unitPriceCents, 0);
  return Math.max(Math.round(subtotal * (1 - discount)), 0);
}

router.get('/customers/:id/address-${i}', async (req, res) => {
  const customer = await customers.findById(req.params.id);
  if (!customer) {
    res.status(404).json({ error: 'not found' });
    return;
  }
  res.json({ id: customer.id, address: formatAddress${i}(customer.address), total: totalOf${i}(customer.cart) });
});
`,
  shell: (i) => `
prepare_dirs_${i}() {
  local dir="/var/lib/app/data-${i}"
  if [ ! -d "$dir" ]; then
    mkdir -p "$dir"
    chown app:app "$dir"
  fi
  export APP_DATA_DIR_${i}="$dir"
  echo "prepared $dir"
}
`,
  json: (i) => `  {
    "name": "feature-${i}",
    "enabled": ${i % 2 === 0},
    "rollout": { "percent": ${i % 100}, "regions": ["eu-west-1", "us-east-1"] },
    "owners": ["team-${i % 7}@example.com"],
    "description": "Feature flag ${i} for the checkout flow"
  }`,
  yaml: (i) => `---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: service-${i}
  labels:
    app: service-${i}
spec:
  replicas: ${(i % 3) + 1}
  selector:
    matchLabels:
      app: service-${i}
  template:
    metadata:
      labels:
        app: service-${i}
    spec:
      containers:
        - name: app
          image: registry.example.com/service-${i}:1.${i}.0
          ports:
            - containerPort: 8080
`,
  properties: (i) => `
# application settings ${i}
app.feature${i}.enabled=true
app.feature${i}.timeout.ms=${1000 + i}
spring.datasource.hikari.pool-name=pool-${i}
logging.level.com.example.module${i}=INFO
`,
  sql: (i) => `
CREATE TABLE IF NOT EXISTS customers_${i} (
    id         text PRIMARY KEY,
    email      text        NOT NULL UNIQUE,
    name       text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS customers_${i}_created_idx ON customers_${i} (created_at);
INSERT INTO customers_${i} (id, email, name) VALUES ('c_${i}', 'c${i}@example.com', 'Customer ${i}')
    ON CONFLICT (id) DO NOTHING;
`,
};

/** One pipeline block in every this many blocks of a realistic file; the rest is ordinary code. */
const PIPELINE_EVERY = 6;

const BLOCKS: Record<FileKind, Block> = {
  python,
  typescript,
  tsx: typescript,
  javascript: (i) => `
async function startConsumer${i}(kafka, mailer) {
  const consumer = kafka.consumer({ groupId: 'group-${i}' });
  await consumer.connect();
  await consumer.subscribe({ topic: 'orders.${i}', fromBeginning: false });
  await consumer.run({
    eachMessage: async ({ topic, partition, message }) => {
      const event = JSON.parse(message.value.toString());
      ${i % 4 === 0 ? 'mailer.send(event.email, event.orderId).catch((e) => console.error(e));' : 'await mailer.send(event.email, event.orderId);'}
      logger.info({ topic, partition, offset: message.offset }, 'handled');
    },
  });
}

async function placeOrder${i}(db, order) {
  const client = await db.connect();
  try {
    await client.query('BEGIN');
    await client.query('INSERT INTO orders (id, total) VALUES ($1, $2)', [order.id, order.total]);
    await client.query('INSERT INTO outbox (id, aggregate_id, type, payload) VALUES ($1, $2, $3, $4)', [uuid(), order.id, 'order.placed', order]);
    await client.query('COMMIT');
  } finally {
    client.release();
  }
}
`,
  java,
  go,
  sql,
  json: jsonConnector,
  yaml,
  properties,
  pgconf,
  shell,
};

const HEADERS: Partial<Record<FileKind, string>> = {
  python: 'import json\nimport logging\n\nlog = logging.getLogger(__name__)\n',
  typescript: "import { Kafka, EachMessagePayload } from 'kafkajs';\nimport { Pool } from 'pg';\n",
  tsx: "import { Kafka, EachMessagePayload } from 'kafkajs';\nimport { Pool } from 'pg';\n",
  javascript: "const { Kafka } = require('kafkajs');\n",
  java: 'package com.example.orders;\n\nimport org.apache.kafka.clients.consumer.*;\n\npublic class Consumers {\n',
  go: 'package orders\n\nimport (\n\t"context"\n\t"encoding/json"\n\t"log"\n)\n',
  json: '[\n',
  shell: '#!/usr/bin/env bash\nset -euo pipefail\n',
};
const FOOTERS: Partial<Record<FileKind, string>> = { java: '}\n', json: '\n]\n' };

export type Density = 'realistic' | 'dense' | 'none';

/**
 * A file of `kind` with about `lines` lines. `realistic`: pipeline code (consumers, relays, handlers)
 * is one block in six, the rest ordinary application code, as in a real service. `dense`: nothing
 * but pipeline code — a stress test where every few lines give the rules something to analyse.
 * `none`: ordinary code only (most files of a real repository).
 */
export function generate(kind: FileKind, lines: number, density: Density = 'realistic'): string {
  const head = HEADERS[kind] ?? '';
  const foot = FOOTERS[kind] ?? '';
  const parts: string[] = [];
  let count = head.split('\n').length + foot.split('\n').length;
  const generic = GENERIC[kind === 'tsx' ? 'typescript' : kind];
  for (let i = 0; count < lines; i++) {
    const ordinary = !!generic && (density === 'none' || (density === 'realistic' && i % PIPELINE_EVERY !== 0));
    const block = ordinary ? generic(i) : BLOCKS[kind](i);
    parts.push(block);
    count += block.split('\n').length - (kind === 'json' ? 0 : 1);
  }
  return head + parts.join(kind === 'json' ? ',\n' : '') + foot;
}

export const EXTENSION: Record<FileKind, string> = {
  python: 'py', typescript: 'ts', tsx: 'tsx', javascript: 'js', java: 'java', go: 'go', sql: 'sql', json: 'json',
  yaml: 'yaml', properties: 'properties', pgconf: 'conf', shell: 'sh',
};

/** File name for a kind (postgresql.conf needs its name). */
export function fileName(kind: FileKind, id: string): string {
  if (kind === 'pgconf') return `postgresql-${id}.conf`;
  if (kind === 'java') return `Consumers${id.replace(/\W/g, '')}.java`;
  return `${kind}-${id}.${EXTENSION[kind]}`;
}

/**
 * A polyglot repository: every kind, files of 100 to 600 lines, one file in three with pipeline
 * code at realistic density and the rest ordinary code. Deterministic.
 */
export function* polyglotTree(minFiles: number, minLines: number): Generator<{ path: string; text: string; kind: FileKind }> {
  const kinds: FileKind[] = ['python', 'typescript', 'tsx', 'javascript', 'java', 'go', 'sql', 'json', 'yaml', 'properties', 'pgconf', 'shell'];
  let files = 0;
  let lines = 0;
  for (let i = 0; files < minFiles || lines < minLines; i++) {
    const kind = kinds[i % kinds.length]!;
    const size = 100 + ((i * 7919) % 500);
    const text = generate(kind, size, i % 3 === 0 ? 'realistic' : 'none');
    files++;
    lines += text.split('\n').length;
    yield { path: `pkg${i % 37}/${fileName(kind, String(i))}`, text, kind };
  }
}

/** Words that start statements but are not names: typing into one breaks the syntax, not a name. */
const KEYWORDS = new Set(
  'and as async await break case catch class const continue def default defer del do elif else except export final finally for from func go if import in interface let new not or package pass private protected public raise return select static switch throw try type var while with yield'.split(' '),
);

/**
 * Where a keystroke lands in the benchmark: the second letter of a name that starts a statement in
 * the middle of the file (an assignment, a call, a YAML or JSON key), so typing a letter keeps the file
 * parseable the way most keystrokes do. Falls back to the first word of a line when no name is found.
 */
export function keystrokePoint(text: string): { line: number; character: number } {
  const lines = text.split('\n');
  const middle = Math.floor(lines.length / 2);
  for (let line = middle; line < lines.length; line++) {
    const m = /^(\s*"?)([A-Za-z_][A-Za-z0-9_]*)"?\s*(=|\.|\(|:\s)/.exec(lines[line]!);
    if (m && m[2]!.length > 1 && !KEYWORDS.has(m[2]!)) return { line, character: m[1]!.length + 1 };
  }
  let line = middle;
  while (line < lines.length - 1 && !/^\s*[A-Za-z_]/.test(lines[line]!)) line++;
  return { line, character: /^\s*/.exec(lines[line]!)![0].length + 1 };
}
