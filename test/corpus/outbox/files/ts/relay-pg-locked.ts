import type { Producer } from 'kafkajs';
import type { Pool } from 'pg';

export async function relayLocked(pool: Pool, producer: Producer): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query(
      `SELECT id, topic, key, payload
         FROM outbox
        WHERE dispatched_at IS NULL
        ORDER BY created_at
        LIMIT 100
        FOR UPDATE SKIP LOCKED`,
    );
    if (rows.length > 0) {
      await producer.sendBatch({
        topicMessages: rows.map((r) => ({ topic: r.topic, messages: [{ key: r.key, value: r.payload, headers: { id: r.id } }] })),
      });
      await client.query('UPDATE outbox SET dispatched_at = now() WHERE id = ANY($1::uuid[])', [rows.map((r) => r.id)]);
    }
    await client.query('COMMIT');
    return rows.length;
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  } finally {
    client.release();
  }
}
