import { Kafka, logLevel, type EachMessagePayload } from 'kafkajs';
import pino from 'pino';
import { chargeCard } from '../billing/stripe';

const logger = pino({ name: 'billing-consumer' });

const kafka = new Kafka({
  clientId: 'billing',
  brokers: (process.env.KAFKA_BROKERS ?? 'kafka:9092').split(','),
  logLevel: logLevel.WARN,
});

const consumer = kafka.consumer({ groupId: 'billing' });

interface OrderPlaced {
  orderId: string;
  customerId: string;
  totalCents: number;
}

async function handle({ topic, partition, message }: EachMessagePayload): Promise<void> {
  const order: OrderPlaced = JSON.parse(message.value!.toString());
  // commit right away so a slow card network does not stall the partition
  await consumer.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
  await chargeCard(order.customerId, order.totalCents, { idempotencyKey: order.orderId });
  logger.info({ orderId: order.orderId }, 'charged');
}

export async function start(): Promise<void> {
  await consumer.connect();
  await consumer.subscribe({ topics: ['orders.placed'], fromBeginning: false });
  await consumer.run({ autoCommit: false, eachMessage: handle });
}
