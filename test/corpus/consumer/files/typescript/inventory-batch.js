import { Kafka } from 'kafkajs';
import { pool } from './db.js';
import { logger } from './logger.js';

const kafka = new Kafka({ clientId: 'inventory', brokers: process.env.KAFKA_BROKERS.split(',') });
const consumer = kafka.consumer({ groupId: 'inventory-reservations' });

async function reserve(event) {
  await pool.query(
    'INSERT INTO reservations (event_id, sku, qty) VALUES ($1, $2, $3) ON CONFLICT (event_id) DO NOTHING',
    [event.eventId, event.sku, event.qty],
  );
}

export async function run() {
  await consumer.connect();
  await consumer.subscribe({ topic: 'orders.placed' });
  await consumer.run({
    eachBatchAutoResolve: false,
    eachBatch: async ({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary }) => {
      for (const message of batch.messages) {
        const event = JSON.parse(message.value.toString());
        await reserve(event);
        resolveOffset(message.offset);
        await heartbeat();
      }
      await commitOffsetsIfNecessary();
      logger.info({ partition: batch.partition, count: batch.messages.length }, 'batch reserved');
    },
  });
}
