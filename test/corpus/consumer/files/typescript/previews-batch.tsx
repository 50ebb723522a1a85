import { Kafka, type EachBatchPayload } from 'kafkajs';
import { renderToStaticMarkup } from 'react-dom/server';
import { ProductCard } from '../components/ProductCard';
import { uploadPreview } from '../storage/previews';

const kafka = new Kafka({ clientId: 'previews', brokers: ['kafka:9092'] });
const consumer = kafka.consumer({ groupId: 'product-previews' });

export async function startPreviews(): Promise<void> {
  await consumer.subscribe({ topic: 'catalog.products' });
  await consumer.run({
    eachBatch: async ({ batch, heartbeat }: EachBatchPayload) => {
      batch.messages.forEach(async (message) => {
        const product = JSON.parse(message.value!.toString());
        const html = renderToStaticMarkup(<ProductCard product={product} />);
        await uploadPreview(product.sku, html);
      });
      await heartbeat();
    },
  });
}
