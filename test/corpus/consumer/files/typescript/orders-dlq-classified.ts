import { Kafka, KafkaJSError, type EachMessagePayload } from 'kafkajs';
import { ZodError } from 'zod';
import { OrderSchema } from '../orders/schema';
import { upsertOrder } from '../orders/repository';
import { logger } from '../lib/logger';

const kafka = new Kafka({ clientId: 'order-projection', brokers: ['kafka:9092'] });
const consumer = kafka.consumer({ groupId: 'order-projection', retry: { retries: 8 } });
const producer = kafka.producer();

function isPermanent(err: unknown): boolean {
  return err instanceof ZodError || err instanceof SyntaxError;
}

export async function start(): Promise<void> {
  await consumer.subscribe({ topic: 'orders.changed' });
  await consumer.run({
    eachMessage: async ({ topic, message }: EachMessagePayload) => {
      try {
        const order = OrderSchema.parse(JSON.parse(message.value!.toString()));
        await upsertOrder(order);
      } catch (err) {
        if (!isPermanent(err)) {
          // kafkajs retries the message with backoff, then restarts the consumer
          throw err instanceof KafkaJSError ? err : new Error(String(err));
        }
        logger.warn({ err, offset: message.offset }, 'unprocessable order event');
        await producer.send({ topic: `${topic}.dlq`, messages: [{ key: message.key, value: message.value }] });
      }
    },
  });
}
