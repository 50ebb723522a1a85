// COM001 cases for kafkajs (TypeScript, TSX, JavaScript).
import type { RuleTests } from '../../ruleTester';

const src = (s: string) => s.replace(/^\n/, '');

export const kafkajsCases: RuleTests = {
  valid: [
    {
      name: 'kafkajs eachMessage awaits its work; the client commits once the handler resolves',
      path: 'billing.ts',
      code: src(`
import { Kafka, EachMessagePayload } from 'kafkajs';

const consumer = new Kafka({ brokers: ['kafka:9092'] }).consumer({ groupId: 'billing' });

await consumer.run({
  eachMessage: async ({ message }: EachMessagePayload) => {
    const order = JSON.parse(message.value!.toString());
    await chargeCard(order.customerId, order.totalCents);
  },
});
`),
    },
    {
      name: 'kafkajs manual commit of the next offset after the work',
      path: 'manual.ts',
      code: src(`
await consumer.run({
  autoCommit: false,
  eachMessage: async ({ topic, partition, message }) => {
    await reserveStock(JSON.parse(message.value!.toString()));
    await consumer.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
    log.info({ offset: message.offset }, 'reserved');
  },
});
`),
    },
    {
      name: 'kafkajs eachBatch resolves each offset after indexing it',
      path: 'indexer.js',
      code: src(`
await consumer.run({
  eachBatchAutoResolve: false,
  eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning }) => {
    for (const message of batch.messages) {
      if (!isRunning()) break;
      await search.index(JSON.parse(message.value.toString()));
      resolveOffset(message.offset);
      await heartbeat();
    }
  },
});
`),
    },
    {
      name: 'kafkajs handler in a React server file commits after sending the notification',
      path: 'notifications.tsx',
      code: src(`
export async function startNotifications(consumer: Consumer) {
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ topic, partition, message }: EachMessagePayload) => {
      await push.send(renderToString(<OrderShipped order={JSON.parse(message.value!.toString())} />));
      await consumer.commitOffsets([{ topic, partition, offset: (Number(message.offset) + 1).toString() }]);
    },
  });
}
`),
    },
    {
      name: 'kafkajs eachBatch writes the batch, then resolves every offset in a loop of its own',
      path: 'ledger.js',
      code: src(`
await consumer.run({
  eachBatchAutoResolve: false,
  eachBatch: async ({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary }) => {
    await ledger.insertMany(batch.messages.map((m) => JSON.parse(m.value.toString())));
    for (const message of batch.messages) {
      resolveOffset(message.offset);
    }
    await commitOffsetsIfNecessary();
    await heartbeat();
    log.info({ count: batch.messages.length }, 'batch stored');
  },
});
`),
    },
    {
      name: 'kafkajs eachBatch: a bare commitOffsetsIfNecessary() first sends only what earlier batches resolved',
      path: 'ledger.js',
      code: src(`
await consumer.run({
  eachBatchAutoResolve: false,
  eachBatch: async ({ batch, resolveOffset, commitOffsetsIfNecessary }) => {
    await commitOffsetsIfNecessary();
    for (const message of batch.messages) {
      await ledger.insert(JSON.parse(message.value.toString()));
      resolveOffset(message.offset);
    }
  },
});
`),
    },
    {
      name: 'kafkajs eachBatch works per message in the loop; after it only the commit of what was resolved',
      path: 'indexer.js',
      code: src(`
await consumer.run({
  eachBatchAutoResolve: false,
  eachBatch: async ({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, uncommittedOffsets }) => {
    for (const message of batch.messages) {
      await search.index(JSON.parse(message.value.toString()));
      resolveOffset(message.offset);
      await heartbeat();
    }
    await commitOffsetsIfNecessary(uncommittedOffsets());
  },
});
`),
    },
  ],
  invalid: [
    {
      name: 'kafkajs commitOffsets before charging the card',
      path: 'billing.ts',
      code: src(`
await consumer.run({
  autoCommit: false,
  eachMessage: async ({ topic, partition, message }: EachMessagePayload) => {
    const order = JSON.parse(message.value!.toString());
    await consumer.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
    await chargeCard(order.customerId, order.totalCents);
    logger.info({ orderId: order.id }, 'charged');
  },
});
`),
      errors: [{ line: 5, column: 11, message: 'Offset committed before `chargeCard(...)` runs' }],
      output: src(`
await consumer.run({
  autoCommit: false,
  eachMessage: async ({ topic, partition, message }: EachMessagePayload) => {
    const order = JSON.parse(message.value!.toString());
    await chargeCard(order.customerId, order.totalCents);
    await consumer.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
    logger.info({ orderId: order.id }, 'charged');
  },
});
`),
    },
    {
      name: 'kafkajs eachBatch resolves the offset before indexing the document',
      path: 'indexer.js',
      code: src(`
await consumer.run({
  eachBatchAutoResolve: false,
  eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
    for (const message of batch.messages) {
      resolveOffset(message.offset);
      await search.index(JSON.parse(message.value.toString()));
      await heartbeat();
    }
  },
});
`),
      errors: [{ line: 5, column: 7, message: 'Offset committed before `search.index(...)` runs' }],
      output: src(`
await consumer.run({
  eachBatchAutoResolve: false,
  eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
    for (const message of batch.messages) {
      await search.index(JSON.parse(message.value.toString()));
      resolveOffset(message.offset);
      await heartbeat();
    }
  },
});
`),
    },
    {
      name: 'kafkajs handler method in a class, commit first',
      path: 'notifications.tsx',
      code: src(`
export class ShipmentNotifier {
  constructor(private readonly consumer: Consumer) {}

  async onMessage({ topic, partition, message }: EachMessagePayload) {
    await this.consumer.commitOffsets([{ topic, partition, offset: (Number(message.offset) + 1).toString() }]);
    await this.push.send(renderToString(<OrderShipped order={JSON.parse(message.value!.toString())} />));
  }
}
`),
      errors: [{ line: 5, column: 11, message: 'Offset committed before `this.push.send(...)` runs' }],
      output: src(`
export class ShipmentNotifier {
  constructor(private readonly consumer: Consumer) {}

  async onMessage({ topic, partition, message }: EachMessagePayload) {
    await this.push.send(renderToString(<OrderShipped order={JSON.parse(message.value!.toString())} />));
    await this.consumer.commitOffsets([{ topic, partition, offset: (Number(message.offset) + 1).toString() }]);
  }
}
`),
    },
    {
      name: 'kafkajs eachBatch resolves every offset in a loop of its own, then writes the batch',
      path: 'ledger.js',
      code: src(`
await consumer.run({
  eachBatchAutoResolve: false,
  eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
    for (const message of batch.messages) {
      resolveOffset(message.offset);
    }
    await ledger.insertMany(batch.messages.map((m) => JSON.parse(m.value.toString())));
    await heartbeat();
  },
});
`),
      // no fix: the commit's statement sits inside the loop, and the whole loop would have to move
      errors: [{ line: 5, column: 7, message: 'Offset committed before `ledger.insertMany(...)` runs' }],
      output: null,
    },
    {
      name: 'kafkajs eachBatch commits what it resolved before writing the batch',
      path: 'ledger.js',
      code: src(`
await consumer.run({
  eachBatchAutoResolve: false,
  eachBatch: async ({ batch, commitOffsetsIfNecessary }) => {
    const offsets = [{ topic: batch.topic, partition: batch.partition, offset: String(Number(batch.lastOffset()) + 1) }];
    await commitOffsetsIfNecessary(offsets);
    await ledger.insertMany(batch.messages.map((m) => JSON.parse(m.value.toString())));
  },
});
`),
      errors: [{ line: 5, column: 11, message: 'Offset committed before `ledger.insertMany(...)` runs' }],
      output: src(`
await consumer.run({
  eachBatchAutoResolve: false,
  eachBatch: async ({ batch, commitOffsetsIfNecessary }) => {
    const offsets = [{ topic: batch.topic, partition: batch.partition, offset: String(Number(batch.lastOffset()) + 1) }];
    await ledger.insertMany(batch.messages.map((m) => JSON.parse(m.value.toString())));
    await commitOffsetsIfNecessary(offsets);
  },
});
`),
    },
  ],
};
