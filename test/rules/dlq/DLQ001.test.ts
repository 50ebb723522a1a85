import { deadLetterOnFirstFailure } from '../../../server/src/rules/dlq/dead-letter-on-first-failure';
import { checkFixInvariants, type FixCase } from '../fixInvariants';
import { ruleTester, type ValidCase } from '../ruleTester';

const src = (s: string) => s.replace(/^\n/, '');
const crlf = (s: string) => s.replace(/\n/g, '\r\n');

const valid: ValidCase[] = [
  {
    name: 'a message that cannot be decoded goes to the dead-letter topic at once (a permanent failure)',
    path: 'decode_failures.py',
    code: `from confluent_kafka.serialization import MessageField, SerializationContext

while True:
    msg = consumer.poll(1.0)
    if msg is None:
        continue
    try:
        event = avro_deserializer(msg.value(), SerializationContext(msg.topic(), MessageField.VALUE))
    except Exception:
        producer.produce("orders.dlq", value=msg.value())
        continue
    handle(event)
    consumer.commit(message=msg)
`,
  },
  {
    name: 'Spring: exponential back-off, a real fixed back-off, a handler with no dead-letter recoverer, a retryable topic with attempts',
    path: 'GoodConfig.java',
    code: src(`
@Configuration
class GoodConfig {
    @Bean
    DefaultErrorHandler errorHandler(KafkaTemplate<Object, Object> template) {
        ExponentialBackOffWithMaxRetries backOff = new ExponentialBackOffWithMaxRetries(5);
        backOff.setInitialInterval(1_000L);
        backOff.setMultiplier(2.0);
        DefaultErrorHandler handler = new DefaultErrorHandler(new DeadLetterPublishingRecoverer(template), backOff);
        handler.addNotRetryableExceptions(ValidationException.class);
        return handler;
    }

    @Bean
    DefaultErrorHandler fixed(DeadLetterPublishingRecoverer recoverer) {
        return new DefaultErrorHandler(recoverer, new FixedBackOff(2_000L, 5L));
    }

    @Bean
    DefaultErrorHandler skipOnly() {
        return new DefaultErrorHandler(new FixedBackOff(0L, 0L));
    }

    @RetryableTopic(attempts = "4", backoff = @Backoff(delay = 1000, multiplier = 2.0))
    @KafkaListener(topics = "orders")
    void onOrder(String payload) {
        orders.apply(payload);
    }
}
`),
  },
  {
    name: 'Spring: the back-off is chosen per record with setBackOffFunction',
    path: 'PerRecordBackOffConfig.java',
    code: src(`
@Configuration
class PerRecordBackOffConfig {
    @Bean
    DefaultErrorHandler errorHandler(KafkaTemplate<String, Object> template) {
        DefaultErrorHandler handler = new DefaultErrorHandler(new DeadLetterPublishingRecoverer(template));
        handler.setBackOffFunction((record, ex) -> ex instanceof RateLimitedException
            ? new FixedBackOff(30_000L, 10L)
            : new FixedBackOff(1_000L, 5L));
        handler.addNotRetryableExceptions(ValidationException.class);
        return handler;
    }
}
`),
  },
  {
    name: 'Java: only a specific exception is dead-lettered',
    path: 'Specific.java',
    code: src(`
class Specific {
    @KafkaListener(topics = "invoices")
    void onInvoice(ConsumerRecord<String, String> record) {
        try {
            invoiceService.issue(mapper.readValue(record.value(), Invoice.class));
        } catch (JsonProcessingException e) {
            kafkaTemplate.send("invoices.DLT", record.key(), record.value());
        }
    }
}
`),
  },
  {
    name: 'Go: an attempt loop, a permanent-error check, a retry library',
    path: 'bounded.go',
    code: src(`
package ledger

func (h *handler) process(ctx context.Context, msg *sarama.ConsumerMessage) {
	var err error
	for attempt := 1; attempt <= maxAttempts; attempt++ {
		if err = h.ledger.Post(ctx, msg.Value); err == nil {
			return
		}
		time.Sleep(time.Duration(attempt) * time.Second)
	}
	h.sendToDLQ(msg, err)
}

func (h *handler) classify(ctx context.Context, msg *sarama.ConsumerMessage) error {
	if err := h.ledger.Post(ctx, msg.Value); err != nil {
		if !errors.Is(err, ErrInvalidEntry) {
			return err
		}
		h.sendToDLQ(msg, err)
	}
	return nil
}

func (h *handler) withRetry(ctx context.Context, msg *sarama.ConsumerMessage) {
	if err := retry.Do(func() error { return h.ledger.Post(ctx, msg.Value) }, retry.Attempts(5)); err != nil {
		h.sendToDLQ(msg, err)
	}
}
`),
  },
  {
    name: 'kafkajs: transient errors are rethrown before the dead-letter send',
    path: 'classify.ts',
    code: src(`
await consumer.run({
  eachMessage: async ({ message }) => {
    try {
      await applyPayment(JSON.parse(message.value!.toString()));
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      await producer.send({ topic: 'payments.dlq', messages: [message] });
    }
  },
});
`),
  },
  {
    name: 'Python: a retry counter in the headers decides between the retry topic and the DLQ',
    path: 'header_count.py',
    code: src(`
def handle(msg):
    try:
        process(msg.value())
    except Exception:
        retries = int(dict(msg.headers() or []).get("x-retries", b"0"))
        if retries >= MAX_RETRIES:
            producer.produce("payments.dlq", msg.value())
        else:
            producer.produce("payments.retry", msg.value(), headers={"x-retries": str(retries + 1)})
`),
  },
  {
    name: 'Python: a message that cannot be decoded is dead-lettered at once (that is right)',
    path: 'poison.py',
    code: src(`
while True:
    msg = consumer.poll(1.0)
    if msg is None:
        continue
    try:
        event = OrderPlaced.model_validate_json(msg.value())
    except Exception:
        producer.produce("orders.dlq", msg.value())
        consumer.commit(message=msg)
        continue
    fulfil(event)
    consumer.commit(message=msg)
`),
  },
  {
    name: 'JavaScript: the work runs through p-retry',
    path: 'pretry.js',
    code: src(`
const pRetry = require('p-retry');

consumer.run({
  eachMessage: async ({ message }) => {
    try {
      await pRetry(() => saveOrder(JSON.parse(message.value.toString())), { retries: 5 });
    } catch (err) {
      await producer.send({ topic: 'orders.dlq', messages: [message] });
    }
  },
});
`),
  },
  {
    name: 'Python: a bounded retry loop before the DLQ',
    path: 'retry_loop.py',
    code: src(`
def handle(event):
    for attempt in range(1, MAX_ATTEMPTS + 1):
        try:
            process(event)
            break
        except Exception:
            if attempt == MAX_ATTEMPTS:
                send_to_dlq(event)
            else:
                time.sleep(2 ** attempt)
`),
  },
  {
    name: 'kafkajs: failures go to a retry topic, not to the DLQ',
    path: 'retrytopic.tsx',
    code: src(`
await consumer.run({
  eachMessage: async ({ message }: EachMessagePayload) => {
    try {
      await publishPreview(renderToString(<Preview html={message.value!.toString()} />));
    } catch (err) {
      await producer.send({ topic: 'previews.retry.1m', messages: [message] });
    }
  },
});
`),
  },
  {
    name: 'Python: transient errors are re-raised by an earlier except clause',
    path: 'split.py',
    code: src(`
for msg in consumer:
    try:
        ledger.post(json.loads(msg.value()))
    except (psycopg.OperationalError, TimeoutError):
        raise  # transient: crash, restart, redeliver from the last commit
    except Exception:
        producer.produce("ledger.dlq", msg.value())
    consumer.commit(message=msg)
`),
  },
  {
    name: 'Python: the processing function retries itself (tenacity)',
    path: 'tenacity_retry.py',
    code: src(`
from tenacity import retry, stop_after_attempt, wait_exponential


@retry(stop=stop_after_attempt(5), wait=wait_exponential(multiplier=0.5, max=10))
def apply_payment(event):
    gateway.capture(event["payment_id"])


def handle(msg):
    try:
        apply_payment(json.loads(msg.value()))
    except Exception:
        send_to_dlq(msg)
`),
  },
  {
    name: 'TypeScript: the processing method carries a @Retryable decorator',
    path: 'payments.handler.ts',
    code: src(`
import { BackOffPolicy, Retryable } from 'typescript-retry-decorator';
import type { KafkaMessage, Producer } from 'kafkajs';

export class PaymentsHandler {
  constructor(private readonly producer: Producer, private readonly gateway: Gateway) {}

  @Retryable({ maxAttempts: 5, backOffPolicy: BackOffPolicy.ExponentialBackOffPolicy, backOff: 500 })
  async capture(payment: Payment): Promise<void> {
    await this.gateway.capture(payment.id);
  }

  async handle(message: KafkaMessage): Promise<void> {
    const payment = JSON.parse(message.value!.toString());
    try {
      await this.capture(payment);
    } catch (err) {
      await this.producer.send({ topic: 'payments.dlq', messages: [message] });
    }
  }
}
`),
  },
  {
    name: 'Python: the processing function retries itself in a counted loop around a try',
    path: 'store_with_backoff.py',
    code: src(`
import json
import time

from psycopg import OperationalError


def store_order(repo, order):
    for i in range(5):
        try:
            repo.save(order)
            return
        except OperationalError:
            time.sleep(0.2 * 2**i)
    raise RuntimeError("orders database unavailable")


def run(consumer, producer, repo):
    for msg in consumer:
        try:
            store_order(repo, json.loads(msg.value))
        except Exception:
            producer.send("orders.dlq", msg.value)
        consumer.commit()
`),
  },
  {
    name: 'TypeScript: the processing function retries itself in a counted loop around a try',
    path: 'persist.ts',
    code: src(`
import { Kafka } from 'kafkajs';

const kafka = new Kafka({ clientId: 'orders', brokers: ['kafka:9092'] });
const producer = kafka.producer();
const consumer = kafka.consumer({ groupId: 'orders' });

async function persist(order: Order): Promise<void> {
  for (let i = 0; i < 5; i++) {
    try {
      await db.orders.insert(order);
      return;
    } catch (e) {
      await sleep(2 ** i * 100);
    }
  }
  throw new Error('orders database unavailable');
}

export async function start(): Promise<void> {
  await consumer.run({
    eachMessage: async ({ message }) => {
      try {
        await persist(JSON.parse(message.value!.toString()));
      } catch (err) {
        await producer.send({ topic: 'orders.dlq', messages: [message] });
      }
    },
  });
}
`),
  },
];

const invalid: FixCase[] = [
  {
    name: 'the lesson snippet: any failure goes straight to the dead-letter topic',
    path: 'lesson.py',
    code: src(`
def handle(event):
    try:
        process(event)  # idempotent side effect
    except Exception:
        send_to_dlq(event)  # any failure -> DLQ
    consumer.commit()
`),
    replaced: ['process(event)'],
    errors: [{ line: 5, column: 9, message: '`send_to_dlq(...)` dead-letters the message on the first failure of `process(...)`' }],
    output: null,
    unsafeOutput: src(`
import time

# Failures worth retrying: a dependency that is briefly unavailable. Every other exception is
# treated as permanent and dead-lettered at once. Add your clients' transient errors here.
TRANSIENT_ERRORS = (ConnectionError, TimeoutError)
MAX_ATTEMPTS = 5


def retry_transient(operation):
    """Runs operation(), retrying TRANSIENT_ERRORS with exponential backoff; re-raises when exhausted."""
    for attempt in range(1, MAX_ATTEMPTS + 1):
        try:
            return operation()
        except TRANSIENT_ERRORS:
            if attempt == MAX_ATTEMPTS:
                raise
            time.sleep(min(0.2 * 2**attempt, 10.0))


def handle(event):
    try:
        retry_transient(lambda: process(event))  # idempotent side effect
    except Exception:
        send_to_dlq(event)  # any failure -> DLQ
    consumer.commit()
`),
  },
  {
    name: 'confluent-kafka poll loop producing to the DLQ from a catch-all',
    path: 'refunds.py',
    code: src(`
"""Issues refunds for cancelled orders."""
import json
import logging

from confluent_kafka import Consumer, Producer

log = logging.getLogger(__name__)


def run(consumer: Consumer, producer: Producer) -> None:
    while True:
        msg = consumer.poll(1.0)
        if msg is None or msg.error():
            continue
        event = json.loads(msg.value())
        try:
            refunds.issue(event["order_id"], event["amount_cents"])
        except Exception as exc:
            log.warning("refund failed: %s", exc)
            producer.produce("refunds.dlq", msg.value())
        consumer.commit(message=msg, asynchronous=False)
`),
    replaced: ['refunds.issue('],
    errors: [{ line: 20, column: 13, message: '`producer.produce(...)` dead-letters the message on the first failure of `refunds.issue(...)`' }],
    output: null,
    unsafeOutput: src(`
"""Issues refunds for cancelled orders."""
import json
import logging
import time

from confluent_kafka import Consumer, Producer


# Failures worth retrying: a dependency that is briefly unavailable. Every other exception is
# treated as permanent and dead-lettered at once. Add your clients' transient errors here.
TRANSIENT_ERRORS = (ConnectionError, TimeoutError)
MAX_ATTEMPTS = 5


def retry_transient(operation):
    """Runs operation(), retrying TRANSIENT_ERRORS with exponential backoff; re-raises when exhausted."""
    for attempt in range(1, MAX_ATTEMPTS + 1):
        try:
            return operation()
        except TRANSIENT_ERRORS:
            if attempt == MAX_ATTEMPTS:
                raise
            time.sleep(min(0.2 * 2**attempt, 10.0))


log = logging.getLogger(__name__)


def run(consumer: Consumer, producer: Producer) -> None:
    while True:
        msg = consumer.poll(1.0)
        if msg is None or msg.error():
            continue
        event = json.loads(msg.value())
        try:
            retry_transient(lambda: refunds.issue(event["order_id"], event["amount_cents"]))
        except Exception as exc:
            log.warning("refund failed: %s", exc)
            producer.produce("refunds.dlq", msg.value())
        consumer.commit(message=msg, asynchronous=False)
`),
  },
  {
    name: 'aiokafka: awaited work, awaited dead-letter send',
    path: 'shipping.py',
    code: src(`
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer


async def consume(consumer: AIOKafkaConsumer, producer: AIOKafkaProducer) -> None:
    async for msg in consumer:
        try:
            await book_courier(msg.value)
        except Exception:
            await producer.send_and_wait("shipments.DLQ", msg.value)
        await consumer.commit()
`),
    replaced: ['await book_courier(msg.value)'],
    errors: [{ line: 9, column: 19, message: '`producer.send_and_wait(...)` dead-letters the message on the first failure of `book_courier(...)`' }],
    output: null,
    unsafeOutput: src(`
import asyncio
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer


# Failures worth retrying: a dependency that is briefly unavailable. Every other exception is
# treated as permanent and dead-lettered at once. Add your clients' transient errors here.
TRANSIENT_ERRORS = (ConnectionError, TimeoutError)
MAX_ATTEMPTS = 5


async def retry_transient_async(operation):
    """Awaits operation(), retrying TRANSIENT_ERRORS with exponential backoff; re-raises when exhausted."""
    for attempt in range(1, MAX_ATTEMPTS + 1):
        try:
            return await operation()
        except TRANSIENT_ERRORS:
            if attempt == MAX_ATTEMPTS:
                raise
            await asyncio.sleep(min(0.2 * 2**attempt, 10.0))


async def consume(consumer: AIOKafkaConsumer, producer: AIOKafkaProducer) -> None:
    async for msg in consumer:
        try:
            await retry_transient_async(lambda: book_courier(msg.value))
        except Exception:
            await producer.send_and_wait("shipments.DLQ", msg.value)
        await consumer.commit()
`),
  },
  {
    name: 'kafkajs eachMessage with a catch-all that dead-letters',
    path: 'billing.ts',
    code: src(`
import { Kafka } from 'kafkajs';
import { chargeCard } from './billing';

const kafka = new Kafka({ clientId: 'billing', brokers: ['kafka:9092'] });
const producer = kafka.producer();
const consumer = kafka.consumer({ groupId: 'billing' });

await consumer.run({
  eachMessage: async ({ topic, message }) => {
    try {
      await chargeCard(JSON.parse(message.value!.toString()));
    } catch (err) {
      logger.error({ err }, 'charge failed');
      await producer.send({ topic: \`\${topic}.dlq\`, messages: [message] });
    }
  },
});
`),
    replaced: ['await chargeCard('],
    errors: [{ line: 14, column: 13, message: '`producer.send(...)` dead-letters the message on the first failure of `chargeCard(...)`' }],
    output: null,
    unsafeOutput: src(`
import { Kafka } from 'kafkajs';
import { chargeCard } from './billing';

// Failures worth retrying: a dependency that is briefly unavailable (these network codes, or an
// error that says it is retriable, as kafkajs errors do). Anything else is treated as permanent
// and dead-lettered at once.
const TRANSIENT_ERROR_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EAI_AGAIN']);
const MAX_ATTEMPTS = 5;

function isTransient(err: unknown): boolean {
  const { code, retriable } = (err ?? {}) as { code?: string; retriable?: boolean };
  return retriable === true || (code !== undefined && TRANSIENT_ERROR_CODES.has(code));
}

async function retryTransient<T>(operation: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (err) {
      if (attempt >= MAX_ATTEMPTS || !isTransient(err)) throw err;
      await new Promise((resolve) => setTimeout(resolve, Math.min(200 * 2 ** attempt, 10_000)));
    }
  }
}

const kafka = new Kafka({ clientId: 'billing', brokers: ['kafka:9092'] });
const producer = kafka.producer();
const consumer = kafka.consumer({ groupId: 'billing' });

await consumer.run({
  eachMessage: async ({ topic, message }) => {
    try {
      await retryTransient(() => chargeCard(JSON.parse(message.value!.toString())));
    } catch (err) {
      logger.error({ err }, 'charge failed');
      await producer.send({ topic: \`\${topic}.dlq\`, messages: [message] });
    }
  },
});
`),
  },
  {
    name: 'JavaScript with require and no semicolons: the helper follows the file style',
    path: 'orders.js',
    code: src(`
const { Kafka } = require("kafkajs")
const { saveOrder, sendToDeadLetter } = require("./orders")

consumer.run({
  eachMessage: async ({ message }) => {
    try {
      await saveOrder(JSON.parse(message.value.toString()))
    } catch (e) {
      await sendToDeadLetter(message, e)
    }
  },
})
`),
    replaced: ['await saveOrder('],
    errors: [{ line: 9, column: 13, message: '`sendToDeadLetter(...)` dead-letters the message on the first failure of `saveOrder(...)`' }],
    output: null,
    unsafeOutput: src(`
const { Kafka } = require("kafkajs")
const { saveOrder, sendToDeadLetter } = require("./orders")

// Failures worth retrying: a dependency that is briefly unavailable (these network codes, or an
// error that says it is retriable, as kafkajs errors do). Anything else is treated as permanent
// and dead-lettered at once.
const TRANSIENT_ERROR_CODES = new Set(["ECONNRESET", "ECONNREFUSED", "ETIMEDOUT", "EAI_AGAIN"])
const MAX_ATTEMPTS = 5

function isTransient(err) {
  const { code, retriable } = err ?? {}
  return retriable === true || TRANSIENT_ERROR_CODES.has(code)
}

async function retryTransient(operation) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation()
    } catch (err) {
      if (attempt >= MAX_ATTEMPTS || !isTransient(err)) throw err
      await new Promise((resolve) => setTimeout(resolve, Math.min(200 * 2 ** attempt, 10_000)))
    }
  }
}

consumer.run({
  eachMessage: async ({ message }) => {
    try {
      await retryTransient(() => saveOrder(JSON.parse(message.value.toString())))
    } catch (e) {
      await sendToDeadLetter(message, e)
    }
  },
})
`),
  },
  {
    name: 'TSX file with a kafkajs handler dead-lettering on any error',
    path: 'preview.tsx',
    code: src(`
export async function startPreviews(consumer: Consumer, producer: Producer) {
  await consumer.run({
    eachMessage: async ({ message }: EachMessagePayload) => {
      try {
        await publishPreview(renderToString(<Preview html={message.value!.toString()} />));
      } catch (err) {
        await producer.send({ topic: 'previews.dead-letter', messages: [message] });
      }
    },
  });
}
`),
    replaced: ['await publishPreview('],
    errors: [{ line: 7, column: 15, message: '`producer.send(...)` dead-letters the message on the first failure of `publishPreview(...)`' }],
    output: null,
    unsafeOutput: src(`
// Failures worth retrying: a dependency that is briefly unavailable (these network codes, or an
// error that says it is retriable, as kafkajs errors do). Anything else is treated as permanent
// and dead-lettered at once.
const TRANSIENT_ERROR_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EAI_AGAIN']);
const MAX_ATTEMPTS = 5;

function isTransient(err: unknown): boolean {
  const { code, retriable } = (err ?? {}) as { code?: string; retriable?: boolean };
  return retriable === true || (code !== undefined && TRANSIENT_ERROR_CODES.has(code));
}

async function retryTransient<T>(operation: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (err) {
      if (attempt >= MAX_ATTEMPTS || !isTransient(err)) throw err;
      await new Promise((resolve) => setTimeout(resolve, Math.min(200 * 2 ** attempt, 10_000)));
    }
  }
}

export async function startPreviews(consumer: Consumer, producer: Producer) {
  await consumer.run({
    eachMessage: async ({ message }: EachMessagePayload) => {
      try {
        await retryTransient(() => publishPreview(renderToString(<Preview html={message.value!.toString()} />)));
      } catch (err) {
        await producer.send({ topic: 'previews.dead-letter', messages: [message] });
      }
    },
  });
}
`),
  },
  {
    name: 'Spring listener catching Exception and sending to the DLT',
    path: 'InvoiceListener.java',
    code: src(`
package com.acme.billing;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;

@Component
public class InvoiceListener {
    private final KafkaTemplate<String, String> kafkaTemplate;
    private final InvoiceService invoiceService;

    @KafkaListener(topics = "invoices")
    public void onInvoice(ConsumerRecord<String, String> record) {
        try {
            invoiceService.issue(record.value());
        } catch (Exception e) {
            log.error("invoice failed", e);
            kafkaTemplate.send("invoices.DLT", record.key(), record.value());
        }
    }
}
`),
    replaced: ['invoiceService.issue('],
    errors: [{ line: 18, column: 13, message: '`kafkaTemplate.send(...)` dead-letters the message on the first failure of `invoiceService.issue(...)`' }],
    output: null,
    unsafeOutput: src(`
package com.acme.billing;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeoutException;

@Component
public class InvoiceListener {
    private final KafkaTemplate<String, String> kafkaTemplate;
    private final InvoiceService invoiceService;

    @KafkaListener(topics = "invoices")
    public void onInvoice(ConsumerRecord<String, String> record) {
        try {
            retryTransient(() -> invoiceService.issue(record.value()));
        } catch (Exception e) {
            log.error("invoice failed", e);
            kafkaTemplate.send("invoices.DLT", record.key(), record.value());
        }
    }

    // Failures worth retrying: a dependency that is briefly unavailable. Every other exception is
    // treated as permanent and dead-lettered at once. Add your clients' transient exceptions here.
    private static final List<Class<? extends Exception>> TRANSIENT_ERRORS = List.of(IOException.class, TimeoutException.class);
    private static final int MAX_ATTEMPTS = 5;

    @FunctionalInterface
    private interface Attempt {
        void run() throws Exception;
    }

    /** Runs the attempt, retrying TRANSIENT_ERRORS with exponential backoff; rethrows when exhausted. */
    private static void retryTransient(Attempt attempt) throws Exception {
        for (int n = 1; ; n++) {
            try {
                attempt.run();
                return;
            } catch (Exception e) {
                boolean transientError = TRANSIENT_ERRORS.stream().anyMatch(type -> type.isInstance(e));
                if (n >= MAX_ATTEMPTS || !transientError) {
                    throw e;
                }
                Thread.sleep(Math.min(200L << n, 10_000L));
            }
        }
    }
}
`),
  },
  {
    name: 'DefaultErrorHandler with FixedBackOff(0L, 0L)',
    path: 'KafkaErrorConfig.java',
    code: src(`
package com.acme.config;

import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

@Configuration
public class KafkaErrorConfig {
    @Bean
    public DefaultErrorHandler errorHandler(KafkaTemplate<String, Object> template) {
        return new DefaultErrorHandler(new DeadLetterPublishingRecoverer(template), new FixedBackOff(0L, 0L));
    }
}
`),
    replaced: ['return new DefaultErrorHandler('],
    errors: [{ line: 13, column: 85, message: '`FixedBackOff(0L, 0L)` allows no retry: the first failure goes to the dead-letter topic' }],
    output: null,
    unsafeOutput: src(`
package com.acme.config;

import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;

@Configuration
public class KafkaErrorConfig {
    @Bean
    public DefaultErrorHandler errorHandler(KafkaTemplate<String, Object> template) {
        ExponentialBackOffWithMaxRetries backOff = new ExponentialBackOffWithMaxRetries(4);
        backOff.setInitialInterval(1_000L);
        backOff.setMultiplier(2.0);
        backOff.setMaxInterval(10_000L);
        DefaultErrorHandler errorHandler = new DefaultErrorHandler(new DeadLetterPublishingRecoverer(template), backOff);
        // failures that no retry can fix go to the dead-letter topic at once: list your own here
        errorHandler.addNotRetryableExceptions(IllegalArgumentException.class);
        return errorHandler;
    }
}
`),
  },
  {
    name: 'zero-interval retries in a back-off variable',
    path: 'ListenerFactoryConfig.java',
    code: src(`
package com.acme.config;

import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

@Configuration
class ListenerFactoryConfig {
    @Bean
    ConcurrentKafkaListenerContainerFactory<String, String> kafkaListenerContainerFactory(
            ConsumerFactory<String, String> consumerFactory, DeadLetterPublishingRecoverer recoverer) {
        var factory = new ConcurrentKafkaListenerContainerFactory<String, String>();
        factory.setConsumerFactory(consumerFactory);
        FixedBackOff backOff = new FixedBackOff(0L, 3L);
        factory.setCommonErrorHandler(new DefaultErrorHandler(recoverer, backOff));
        return factory;
    }
}
`),
    replaced: ['FixedBackOff backOff = new FixedBackOff(0L, 3L);', 'factory.setCommonErrorHandler('],
    errors: [{ line: 13, column: 32, message: '`FixedBackOff(0L, 3L)` retries with no delay, then dead-letters' }],
    output: null,
    unsafeOutput: src(`
package com.acme.config;

import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;

@Configuration
class ListenerFactoryConfig {
    @Bean
    ConcurrentKafkaListenerContainerFactory<String, String> kafkaListenerContainerFactory(
            ConsumerFactory<String, String> consumerFactory, DeadLetterPublishingRecoverer recoverer) {
        var factory = new ConcurrentKafkaListenerContainerFactory<String, String>();
        factory.setConsumerFactory(consumerFactory);
        ExponentialBackOffWithMaxRetries backOff = new ExponentialBackOffWithMaxRetries(4);
        backOff.setInitialInterval(1_000L);
        backOff.setMultiplier(2.0);
        backOff.setMaxInterval(10_000L);
        DefaultErrorHandler errorHandler = new DefaultErrorHandler(recoverer, backOff);
        // failures that no retry can fix go to the dead-letter topic at once: list your own here
        errorHandler.addNotRetryableExceptions(IllegalArgumentException.class);
        factory.setCommonErrorHandler(errorHandler);
        return factory;
    }
}
`),
  },
  {
    name: 'DefaultErrorHandler without a back-off: 9 retries with no delay',
    path: 'DefaultsConfig.java',
    code: src(`
import org.springframework.kafka.listener.DefaultErrorHandler;

@Configuration
class DefaultsConfig {
    @Bean
    DefaultErrorHandler errorHandler(DeadLetterPublishingRecoverer deadLetterRecoverer) {
        DefaultErrorHandler handler = new DefaultErrorHandler(deadLetterRecoverer);
        handler.setAckAfterHandle(true);
        return handler;
    }
}
`),
    replaced: ['new DefaultErrorHandler(deadLetterRecoverer);'],
    errors: [{ line: 7, column: 39, message: '`DefaultErrorHandler` without a back-off retries 9 times with no delay, then dead-letters' }],
    output: null,
    unsafeOutput: src(`
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;

@Configuration
class DefaultsConfig {
    @Bean
    DefaultErrorHandler errorHandler(DeadLetterPublishingRecoverer deadLetterRecoverer) {
        ExponentialBackOffWithMaxRetries backOff = new ExponentialBackOffWithMaxRetries(4);
        backOff.setInitialInterval(1_000L);
        backOff.setMultiplier(2.0);
        backOff.setMaxInterval(10_000L);
        DefaultErrorHandler handler = new DefaultErrorHandler(deadLetterRecoverer, backOff);
        // failures that no retry can fix go to the dead-letter topic at once: list your own here
        handler.addNotRetryableExceptions(IllegalArgumentException.class);
        handler.setAckAfterHandle(true);
        return handler;
    }
}
`),
  },
  {
    name: '@RetryableTopic(attempts = "1")',
    path: 'OrderProjection.java',
    code: src(`
package com.acme.orders;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.annotation.RetryableTopic;

@Component
class OrderProjection {
    @RetryableTopic(attempts = "1", dltTopicSuffix = ".dead")
    @KafkaListener(topics = "orders")
    void project(OrderEvent event) {
        projections.apply(event);
    }
}
`),
    replaced: ['@RetryableTopic(attempts = "1"'],
    errors: [{ line: 8, column: 21, message: '`@RetryableTopic(attempts = "1")` sends the first failure straight to the dead-letter topic' }],
    output: null,
    unsafeOutput: src(`
package com.acme.orders;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.annotation.RetryableTopic;
import org.springframework.retry.annotation.Backoff;

@Component
class OrderProjection {
    @RetryableTopic(attempts = "4", dltTopicSuffix = ".dead", backoff = @Backoff(delay = 1000, multiplier = 2.0, maxDelay = 10000), exclude = IllegalArgumentException.class)
    @KafkaListener(topics = "orders")
    void project(OrderEvent event) {
        projections.apply(event);
    }
}
`),
  },
  {
    name: 'sarama: if err != nil sends straight to the DLQ',
    path: 'ledger.go',
    code: src(`
package ledger

import (
	"context"
	"log"

	"github.com/IBM/sarama"
)

func (h *handler) ConsumeClaim(sess sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error {
	for msg := range claim.Messages() {
		if err := h.ledger.Post(sess.Context(), msg.Value); err != nil {
			log.Printf("post failed: %v", err)
			h.sendToDLQ(msg, err)
		}
		sess.MarkMessage(msg, "")
	}
	return nil
}
`),
    replaced: ['if err := h.ledger.Post('],
    errors: [{ line: 14, column: 4, message: '`h.sendToDLQ(...)` dead-letters the message on the first failure of `h.ledger.Post(...)`' }],
    output: null,
    unsafeOutput: src(`
package ledger

import (
	"context"
	"errors"
	"log"
	"syscall"
	"time"

	"github.com/IBM/sarama"
)

func (h *handler) ConsumeClaim(sess sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error {
	for msg := range claim.Messages() {
		if err := retryTransient(func() error { return h.ledger.Post(sess.Context(), msg.Value) }); err != nil {
			log.Printf("post failed: %v", err)
			h.sendToDLQ(msg, err)
		}
		sess.MarkMessage(msg, "")
	}
	return nil
}

// transientErrors are the failures worth retrying: a dependency that is briefly unavailable.
// Every other error is treated as permanent and dead-lettered at once. Add your clients' errors here.
var transientErrors = []error{context.DeadlineExceeded, syscall.ECONNREFUSED, syscall.ECONNRESET}

const maxAttempts = 5

// retryTransient runs op, retrying transient errors with exponential backoff, and returns the last
// error once the attempts are spent or the error is permanent.
func retryTransient(op func() error) error {
	backoff := 200 * time.Millisecond
	for attempt := 1; ; attempt++ {
		err := op()
		if err == nil || attempt >= maxAttempts || !isTransient(err) {
			return err
		}
		time.Sleep(backoff)
		if backoff *= 2; backoff > 10*time.Second {
			backoff = 10 * time.Second
		}
	}
}

func isTransient(err error) bool {
	for _, target := range transientErrors {
		if errors.Is(err, target) {
			return true
		}
	}
	return false
}
`),
  },
  {
    name: 'kafka-go: error assigned first, dead-letter writer in the error branch',
    path: 'search.go',
    code: src(`
package search

import (
	"context"

	"github.com/segmentio/kafka-go"
)

func (c *Consumer) handle(ctx context.Context, m kafka.Message) error {
	err := c.index.Put(ctx, string(m.Key), m.Value)
	if err != nil {
		if werr := c.dlqWriter.WriteMessages(ctx, kafka.Message{Key: m.Key, Value: m.Value}); werr != nil {
			return werr
		}
	}
	return c.reader.CommitMessages(ctx, m)
}
`),
    replaced: ['err := c.index.Put('],
    errors: [{ line: 12, column: 14, message: '`c.dlqWriter.WriteMessages(...)` dead-letters the message on the first failure of `c.index.Put(...)`' }],
    output: null,
    unsafeOutput: src(`
package search

import (
	"context"
	"errors"
	"syscall"
	"time"

	"github.com/segmentio/kafka-go"
)

func (c *Consumer) handle(ctx context.Context, m kafka.Message) error {
	err := retryTransient(func() error { return c.index.Put(ctx, string(m.Key), m.Value) })
	if err != nil {
		if werr := c.dlqWriter.WriteMessages(ctx, kafka.Message{Key: m.Key, Value: m.Value}); werr != nil {
			return werr
		}
	}
	return c.reader.CommitMessages(ctx, m)
}

// transientErrors are the failures worth retrying: a dependency that is briefly unavailable.
// Every other error is treated as permanent and dead-lettered at once. Add your clients' errors here.
var transientErrors = []error{context.DeadlineExceeded, syscall.ECONNREFUSED, syscall.ECONNRESET}

const maxAttempts = 5

// retryTransient runs op, retrying transient errors with exponential backoff, and returns the last
// error once the attempts are spent or the error is permanent.
func retryTransient(op func() error) error {
	backoff := 200 * time.Millisecond
	for attempt := 1; ; attempt++ {
		err := op()
		if err == nil || attempt >= maxAttempts || !isTransient(err) {
			return err
		}
		time.Sleep(backoff)
		if backoff *= 2; backoff > 10*time.Second {
			backoff = 10 * time.Second
		}
	}
}

func isTransient(err error) bool {
	for _, target := range transientErrors {
		if errors.Is(err, target) {
			return true
		}
	}
	return false
}
`),
  },
  {
    name: 'two pieces of work in the try: reported without a fix',
    path: 'two_steps.py',
    code: src(`
for msg in consumer:
    try:
        order = save_order(msg.value())
        notify_warehouse(order)
    except Exception:
        send_to_dlq(msg)
    consumer.commit()
`),
    errors: [{ line: 6, column: 9, message: '`send_to_dlq(...)` dead-letters the message on the first failure of `save_order(...)`' }],
    output: null,
  },
  {
    name: 'the helper follows the file: CRLF line endings, two-space indentation',
    path: 'crlf.py',
    code: crlf(src(`
import json


def handle(event):
  try:
    process(event)
  except Exception:
    send_to_dlq(event)
`)),
    replaced: ['process(event)'],
    errors: [{ line: 8, column: 5, message: '`send_to_dlq(...)` dead-letters the message on the first failure of `process(...)`' }],
    output: null,
    unsafeOutput: crlf(src(`
import json
import time


# Failures worth retrying: a dependency that is briefly unavailable. Every other exception is
# treated as permanent and dead-lettered at once. Add your clients' transient errors here.
TRANSIENT_ERRORS = (ConnectionError, TimeoutError)
MAX_ATTEMPTS = 5


def retry_transient(operation):
  """Runs operation(), retrying TRANSIENT_ERRORS with exponential backoff; re-raises when exhausted."""
  for attempt in range(1, MAX_ATTEMPTS + 1):
    try:
      return operation()
    except TRANSIENT_ERRORS:
      if attempt == MAX_ATTEMPTS:
        raise
      time.sleep(min(0.2 * 2**attempt, 10.0))


def handle(event):
  try:
    retry_transient(lambda: process(event))
  except Exception:
    send_to_dlq(event)
`)),
  },
  {
    name: 'the helper follows the file: tab indentation in Java',
    path: 'Tabs.java',
    code: src(`
class Tabs {
	@KafkaListener(topics = "orders")
	void on(ConsumerRecord<String, String> record) {
		try {
			orders.apply(record.value());
		} catch (Exception e) {
			dlqProducer.send(new ProducerRecord<>("orders.dlq", record.value()));
		}
	}
}
`),
    replaced: ['orders.apply(record.value());'],
    errors: [{ line: 7, column: 4, message: '`dlqProducer.send(...)` dead-letters the message on the first failure of `orders.apply(...)`' }],
    output: null,
    unsafeOutput: src(`
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeoutException;

class Tabs {
	@KafkaListener(topics = "orders")
	void on(ConsumerRecord<String, String> record) {
		try {
			retryTransient(() -> orders.apply(record.value()));
		} catch (Exception e) {
			dlqProducer.send(new ProducerRecord<>("orders.dlq", record.value()));
		}
	}

	// Failures worth retrying: a dependency that is briefly unavailable. Every other exception is
	// treated as permanent and dead-lettered at once. Add your clients' transient exceptions here.
	private static final List<Class<? extends Exception>> TRANSIENT_ERRORS = List.of(IOException.class, TimeoutException.class);
	private static final int MAX_ATTEMPTS = 5;

	@FunctionalInterface
	private interface Attempt {
		void run() throws Exception;
	}

	/** Runs the attempt, retrying TRANSIENT_ERRORS with exponential backoff; rethrows when exhausted. */
	private static void retryTransient(Attempt attempt) throws Exception {
		for (int n = 1; ; n++) {
			try {
				attempt.run();
				return;
			} catch (Exception e) {
				boolean transientError = TRANSIENT_ERRORS.stream().anyMatch(type -> type.isInstance(e));
				if (n >= MAX_ATTEMPTS || !transientError) {
					throw e;
				}
				Thread.sleep(Math.min(200L << n, 10_000L));
			}
		}
	}
}
`),
  },
];

ruleTester(deadLetterOnFirstFailure, { valid, invalid });
checkFixInvariants(deadLetterOnFirstFailure, invalid);
