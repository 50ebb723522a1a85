/**
 * What the Kafka consumer clients look like in each language: how a consumer is built, how it
 * hands out messages, how offsets are committed. A new client library is a new entry here, not a
 * new rule. (Semantics per client are in docs/rules/COM001.md.)
 */
import type { CodeKind } from '../../parsing/fileKinds';

export interface ConsumerClientTable {
  /** Constructor or factory names whose result is a consumer. */
  consumerFactories: readonly string[];
  /** Receivers named like this are taken for consumers even when built elsewhere. */
  consumerName: RegExp;
  /** Methods that commit or store an offset. */
  commitMethods: readonly string[];
  /** Methods that return the next message(s). */
  pollMethods: readonly string[];
  /** Accessors on a message object that only read it. */
  messageAccessors: readonly string[];
}

export const CONSUMER_CLIENTS: Partial<Record<CodeKind, ConsumerClientTable>> = {
  // confluent-kafka (Consumer, DeserializingConsumer), kafka-python (KafkaConsumer), aiokafka (AIOKafkaConsumer)
  python: {
    consumerFactories: ['Consumer', 'DeserializingConsumer', 'KafkaConsumer', 'AIOKafkaConsumer'],
    consumerName: /consumer/i,
    commitMethods: ['commit', 'commit_async', 'store_offsets'],
    pollMethods: ['poll', 'consume', 'getone', 'getmany'],
    messageAccessors: ['value', 'key', 'headers', 'topic', 'partition', 'offset', 'timestamp', 'error', 'decode'],
  },
};
