import { Kafka, type EachBatchPayload } from 'kafkajs';
import { db } from './db';
import { logger } from './logger';

interface LedgerEntry {
  entryId: string;
  accountId: string;
  amountCents: number;
}

const kafka = new Kafka({ clientId: 'ledger', brokers: (process.env.KAFKA_BROKERS ?? 'kafka:9092').split(',') });
const consumer = kafka.consumer({ groupId: 'ledger-writer' });

function toEntry(value: Buffer | null): LedgerEntry {
  return JSON.parse(value?.toString() ?? '{}') as LedgerEntry;
}

async function writeBatch({ batch, resolveOffset, heartbeat }: EachBatchPayload): Promise<void> {
  // mark the whole batch as handled up front so a slow insert does not hold the partition back
  for (const message of batch.messages) {
    resolveOffset(message.offset);
  }
  const entries = batch.messages.map((m) => toEntry(m.value));
  await db.ledgerEntries.insertMany(entries);
  await heartbeat();
  logger.info({ partition: batch.partition, count: entries.length }, 'ledger batch written');
}

export async function start(): Promise<void> {
  await consumer.connect();
  await consumer.subscribe({ topic: 'payments.settled', fromBeginning: false });
  await consumer.run({ eachBatchAutoResolve: false, eachBatch: writeBatch });
}
