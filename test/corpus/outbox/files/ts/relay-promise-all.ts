import type { Producer } from 'kafkajs';
import type { Pool } from 'pg';

export async function relay(pool: Pool, producer: Producer): Promise<void> {
  const { rows } = await pool.query('SELECT id, topic, key, payload FROM outbox WHERE sent_at IS NULL ORDER BY id LIMIT 100');
  await Promise.all(
    rows.map((row) => producer.send({ topic: row.topic, messages: [{ key: row.key, value: row.payload }] })),
  );
  await pool.query('UPDATE outbox SET sent_at = now() WHERE id = ANY($1)', [rows.map((r) => r.id)]);
}
