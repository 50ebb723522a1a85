// Notification service: emails the customer when an order ships.
import { Kafka } from 'kafkajs';
import { sendShippedEmail } from './mailer';

const kafka = new Kafka({ clientId: 'notifications', brokers: ['kafka:9092'] });
const consumer = kafka.consumer({ groupId: 'notifications' });

export async function start(): Promise<void> {
  await consumer.connect();
  await consumer.subscribe({ topic: 'orders.shipped', fromBeginning: false });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const event = JSON.parse(message.value!.toString());
      sendShippedEmail(event.customerEmail, event.orderId).catch((err) => console.error('email failed', err));
    },
  });
}
