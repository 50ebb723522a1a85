const { Pool } = require('pg');
const { Kafka } = require('kafkajs');

const pool = new Pool();
const producer = new Kafka({ brokers: ['kafka:9092'] }).producer();

async function checkout(cart) {
  const client = await pool.connect();
  let orderId;
  try {
    await client.query('BEGIN');
    const res = await client.query(
      'INSERT INTO orders (customer_id, total_cents, status) VALUES ($1, $2, $3) RETURNING id',
      [cart.customerId, cart.totalCents, 'placed'],
    );
    orderId = res.rows[0].id;
    await client.query('UPDATE carts SET checked_out_at = now() WHERE id = $1', [cart.id]);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  } finally {
    client.release();
  }
  await producer.send({
    topic: 'orders',
    messages: [{ key: String(orderId), value: JSON.stringify({ type: 'order.placed', orderId, totalCents: cart.totalCents }) }],
  });
  return orderId;
}

module.exports = { checkout };
