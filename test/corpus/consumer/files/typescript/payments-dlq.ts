import { Kafka, type EachMessagePayload } from 'kafkajs';
import { logger } from '../lib/logger';
import { capturePayment } from '../payments/psp';

const kafka = new Kafka({ clientId: 'payments', brokers: ['kafka:9092'] });
const consumer = kafka.consumer({ groupId: 'payment-capture' });
const producer = kafka.producer({ idempotent: true });

export async function start(): Promise<void> {
  await Promise.all([consumer.connect(), producer.connect()]);
  await consumer.subscribe({ topic: 'payments.authorized' });
  await consumer.run({
    eachMessage: async ({ topic, partition, message }: EachMessagePayload) => {
      try {
        const payment = JSON.parse(message.value!.toString());
        await capturePayment(payment.paymentId, payment.amountCents);
      } catch (err) {
        logger.error({ err, partition, offset: message.offset }, 'capture failed, sending to DLQ');
        await producer.send({
          topic: `${topic}.dlq`,
          messages: [{ key: message.key, value: message.value, headers: { error: String(err) } }],
        });
      }
    },
  });
}
