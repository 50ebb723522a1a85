import type { Producer } from 'kafkajs';
import type { Pool } from 'pg';

export async function sendPaymentReminders(pool: Pool, producer: Producer): Promise<void> {
  const { rows } = await pool.query(
    "SELECT o.id, o.customer_id, c.email FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.status = 'awaiting_payment' AND o.created_at < now() - interval '1 day'",
  );
  await producer.send({
    topic: 'notifications',
    messages: rows.map((r) => ({ key: r.customer_id, value: JSON.stringify({ template: 'payment-reminder', email: r.email, orderId: r.id }) })),
  });
}
