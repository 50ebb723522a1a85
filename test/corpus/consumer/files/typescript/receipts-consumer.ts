import { Kafka, type EachMessagePayload, type Producer } from 'kafkajs';
import { Mailer } from '../mail/mailer';
import { renderReceipt } from '../mail/templates';

export class ReceiptSender {
  private readonly consumer;

  constructor(
    kafka: Kafka,
    private readonly mailer: Mailer,
    private readonly producer: Producer,
  ) {
    this.consumer = kafka.consumer({ groupId: 'receipts' });
  }

  async start(): Promise<void> {
    await this.consumer.subscribe({ topic: 'payments.captured' });
    await this.consumer.run({ eachMessage: this.onMessage.bind(this) });
  }

  private async onMessage({ message }: EachMessagePayload): Promise<void> {
    const payment = JSON.parse(message.value!.toString());
    // fire and forget: the mail server is slow and we do not want to block the partition
    void this.sendReceipt(payment);
  }

  private async sendReceipt(payment: { email: string; orderId: string; amountCents: number }): Promise<void> {
    await this.mailer.send(payment.email, renderReceipt(payment));
    await this.producer.send({ topic: 'receipts.sent', messages: [{ key: payment.orderId, value: payment.email }] });
  }
}
