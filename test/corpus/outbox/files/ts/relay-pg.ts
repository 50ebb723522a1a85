import { Kafka, type Producer } from 'kafkajs';
import { Pool } from 'pg';

const pool = new Pool({ connectionString: process.env.DATABASE_URL });
const kafka = new Kafka({ clientId: 'outbox-relay', brokers: (process.env.KAFKA_BROKERS ?? 'kafka:9092').split(',') });

interface OutboxRow {
  id: string;
  topic: string;
  key: string;
  payload: string;
}

export async function relayBatch(producer: Producer, size = 100): Promise<number> {
  const { rows } = await pool.query<OutboxRow>(
    'SELECT id, topic, key, payload FROM outbox WHERE dispatched_at IS NULL ORDER BY created_at LIMIT $1',
    [size],
  );
  for (const row of rows) {
    await pool.query('UPDATE outbox SET dispatched_at = now() WHERE id = $1', [row.id]);
    await producer.send({ topic: row.topic, messages: [{ key: row.key, value: row.payload, headers: { id: row.id } }] });
  }
  return rows.length;
}

export async function main(): Promise<void> {
  const producer = kafka.producer({ idempotent: true });
  await producer.connect();
  for (;;) {
    const n = await relayBatch(producer);
    if (n === 0) await new Promise((r) => setTimeout(r, 500));
  }
}
