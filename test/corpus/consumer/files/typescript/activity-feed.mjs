import { Kafka } from 'kafkajs';
import { feedStore } from './feed-store.mjs';
import { metrics } from './metrics.mjs';

const kafka = new Kafka({ clientId: 'activity-feed', brokers: ['kafka:9092'] });
const consumer = kafka.consumer({ groupId: 'activity-feed' });

const flushMetrics = () => metrics.flush();
setInterval(flushMetrics, 10_000);

async function appendActivity({ message }) {
  const activity = JSON.parse(message.value.toString());
  await feedStore.append(activity.userId, activity);
  metrics.increment('activity.appended');
}

await consumer.connect();
await consumer.subscribe({ topics: ['social.activity'] });
await consumer.run({
  eachMessage: (payload) => appendActivity(payload),
});
