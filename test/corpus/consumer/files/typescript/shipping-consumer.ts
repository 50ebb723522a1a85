import { Kafka, type EachMessagePayload } from 'kafkajs';
import { createLogger } from '../lib/logger';
import { LabelService } from '../shipping/labels';

const log = createLogger('shipping-consumer');

export class ShippingConsumer {
  private readonly consumer;

  constructor(
    kafka: Kafka,
    private readonly labels: LabelService,
  ) {
    this.consumer = kafka.consumer({ groupId: 'shipping', sessionTimeout: 30_000 });
  }

  async start(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: 'orders.paid' });
    await this.consumer.run({
      eachMessage: async ({ message, heartbeat }: EachMessagePayload) => {
        const order = JSON.parse(message.value!.toString());
        const label = await this.labels.create(order.orderId, order.address);
        await this.labels.attachToOrder(order.orderId, label.trackingNumber);
        await heartbeat();
        log.info({ orderId: order.orderId, tracking: label.trackingNumber }, 'label created');
      },
    });
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }
}
