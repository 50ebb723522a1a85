const { Kafka } = require('kafkajs');
const knex = require('knex')({ client: 'pg', connection: process.env.DATABASE_URL });

const producer = new Kafka({ brokers: ['kafka:9092'] }).producer();

async function publishPending() {
  const rows = await knex('outbox_messages').whereNull('sent_at').orderBy('id').limit(200);
  rows.forEach(async (row) => {
    await producer.send({ topic: row.topic, messages: [{ key: row.message_key, value: row.body }] });
  });
  await knex('outbox_messages').whereIn('id', rows.map((r) => r.id)).update({ sent_at: knex.fn.now() });
  return rows.length;
}

module.exports = { publishPending };
