'use strict';

const { Kafka } = require('kafkajs');
const { Client } = require('@elastic/elasticsearch');

const kafka = new Kafka({ clientId: 'search-indexer', brokers: ['kafka:9092'] });
const consumer = kafka.consumer({ groupId: 'search-indexer' });
const elastic = new Client({ node: process.env.ELASTIC_URL });

async function main() {
  await consumer.connect();
  await consumer.subscribe({ topic: 'catalog.products' });
  await consumer.run({
    eachBatchAutoResolve: false,
    eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
      for (const message of batch.messages) {
        if (!isRunning() || isStale()) break;
        const product = JSON.parse(message.value.toString());
        resolveOffset(message.offset);
        await elastic.index({ index: 'products', id: product.sku, document: product });
        await heartbeat();
      }
    },
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
