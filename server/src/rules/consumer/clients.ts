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
  /** Commit functions a handler receives and calls without a receiver (kafkajs `resolveOffset`). */
  handlerCommitFunctions?: readonly string[];
  /**
   * Of those, the ones that commit the message only when handed offsets: called bare they send
   * what was already marked done (kafkajs `commitOffsetsIfNecessary()`, like sarama's `Commit()`).
   */
  commitOnlyWithArguments?: readonly string[];
  /** Declared types that make a parameter, field or variable a consumer (or an acknowledgment handle). */
  consumerTypes?: RegExp;
  /**
   * Declared types of parameters that carry the message. In typed languages only such parameters
   * (or every parameter of a listener method) are the message; a `Duration timeout` is not.
   */
  messageTypes?: RegExp;
  /** Annotations that make a method a message listener: all its parameters but the consumer's are the message. */
  listenerAnnotations?: readonly string[];
  /** Names that never hold the message even when assigned next to it (Go's `err`, `ok`). */
  notMessage?: RegExp;
}

// kafkajs: `kafka.consumer({ groupId })`, `consumer.run({ eachMessage | eachBatch })`. Offsets are
// committed by the client once a handler's promise resolves; `commitOffsets` commits explicitly and
// `resolveOffset` (eachBatch) marks a message done so the next auto-commit includes it.
const KAFKAJS: ConsumerClientTable = {
  consumerFactories: ['consumer'],
  consumerName: /consumer/i,
  commitMethods: ['commitOffsets'],
  pollMethods: [],
  messageAccessors: [],
  handlerCommitFunctions: ['resolveOffset', 'commitOffsetsIfNecessary'],
  commitOnlyWithArguments: ['commitOffsetsIfNecessary'],
  messageTypes: /\b(KafkaMessage|EachMessagePayload|EachBatchPayload|Batch|Message)\b/,
};

/** sarama's per-claim session: `MarkMessage` marks, its `Commit()` sends only what was marked. */
export const SARAMA_SESSION = /\b(?:sarama\.)?ConsumerGroupSession\b/;

export const CONSUMER_CLIENTS: Partial<Record<CodeKind, ConsumerClientTable>> = {
  // confluent-kafka (Consumer, DeserializingConsumer), kafka-python (KafkaConsumer), aiokafka (AIOKafkaConsumer)
  python: {
    consumerFactories: ['Consumer', 'DeserializingConsumer', 'KafkaConsumer', 'AIOKafkaConsumer'],
    consumerName: /consumer/i,
    commitMethods: ['commit', 'commit_async', 'store_offsets'],
    pollMethods: ['poll', 'consume', 'getone', 'getmany'],
    messageAccessors: ['value', 'key', 'headers', 'topic', 'partition', 'offset', 'timestamp', 'error', 'decode'],
  },
  typescript: KAFKAJS,
  tsx: KAFKAJS,
  javascript: KAFKAJS,
  // Apache KafkaConsumer (commitSync / commitAsync; no argument = everything the last poll returned)
  // and Spring Kafka's Acknowledgment (MANUAL / MANUAL_IMMEDIATE ack modes).
  java: {
    consumerFactories: ['KafkaConsumer', 'createConsumer'],
    consumerName: /consumer|^ack$|acknowledg/i,
    commitMethods: ['commitSync', 'commitAsync', 'acknowledge'],
    pollMethods: ['poll'],
    messageAccessors: ['value', 'key', 'headers', 'topic', 'partition', 'offset', 'timestamp', 'timestampType', 'leaderEpoch', 'getPayload', 'getHeaders', 'count', 'isEmpty', 'partitions', 'records'],
    consumerTypes: /\b(KafkaConsumer|Consumer|Acknowledgment)\b/,
    messageTypes: /\b(ConsumerRecords?|Message)\b/,
    listenerAnnotations: ['KafkaListener', 'KafkaHandler'],
  },
  // IBM/sarama (session.MarkMessage / MarkOffset marks, the auto-committer persists marks; Commit
  // flushes them), segmentio/kafka-go (FetchMessage + CommitMessages; ReadMessage commits itself
  // with a GroupID), confluent-kafka-go (Commit*, Store* with enable.auto.offset.store=false).
  go: {
    consumerFactories: ['NewReader', 'NewConsumer', 'NewConsumerGroup', 'NewConsumerGroupFromClient'],
    consumerName: /consumer|reader/i,
    commitMethods: ['MarkMessage', 'MarkOffset', 'Commit', 'CommitMessages', 'CommitMessage', 'CommitOffsets', 'StoreMessage', 'StoreOffsets'],
    pollMethods: ['FetchMessage', 'ReadMessage', 'Poll', 'Messages'],
    messageAccessors: [],
    consumerTypes: new RegExp(`${SARAMA_SESSION.source}|\\bkafka\\.(?:Reader|Consumer)\\b|\\bsarama\\.(?:PartitionConsumer|ConsumerGroup)\\b`),
    messageTypes: /\b(?:sarama\.ConsumerMessage|kafka\.Message)\b/,
    notMessage: /^(err|ok|_)$/,
  },
};

/** Every commit, store, mark or acknowledge name of every client: a consumer file contains one. */
export const COMMIT_NAMES = new RegExp(
  `\\b(?:${[...new Set(Object.values(CONSUMER_CLIENTS).flatMap((t) => [...t!.commitMethods, ...(t!.handlerCommitFunctions ?? [])]))].join('|')})\\b`,
);
