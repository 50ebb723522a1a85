import { Kafka } from 'kafkajs';
import { Pool } from 'pg';

const kafka = new Kafka({ clientId: 'wallet', brokers: ['kafka:9092'] });
const consumer = kafka.consumer({ groupId: 'wallet-credits' });
const pool = new Pool({ connectionString: process.env.DATABASE_URL });

interface CreditGranted {
  creditId: string;
  walletId: string;
  amountCents: number;
}

export async function start(): Promise<void> {
  await consumer.connect();
  await consumer.subscribe({ topics: ['wallet.credit-granted'] });
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ topic, partition, message }) => {
      const credit = JSON.parse(message.value!.toString()) as CreditGranted;
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query('INSERT INTO wallet_credits (id, wallet_id, amount_cents) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING', [
          credit.creditId,
          credit.walletId,
          credit.amountCents,
        ]);
        await client.query('UPDATE wallets SET balance_cents = balance_cents + $2 WHERE id = $1', [credit.walletId, credit.amountCents]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      } finally {
        client.release();
      }
      await consumer.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
    },
  });
}
