import { implicitCommitBeforeProcessing } from '../../../server/src/rules/consumer/implicit-commit-before-processing';
import { checkFixInvariants, type FixCase } from '../fixInvariants';
import { ruleTester, type ValidCase } from '../ruleTester';

const src = (s: string) => s.replace(/^\n/, '');

const valid: ValidCase[] = [
  {
    name: 'kafka-go: FetchMessage, process, CommitMessages',
    path: 'indexer.go',
    code: src(`
package indexer

import (
	"context"

	"github.com/segmentio/kafka-go"
)

func Run(ctx context.Context) error {
	r := kafka.NewReader(kafka.ReaderConfig{Brokers: []string{"kafka:9092"}, GroupID: "indexer", Topic: "products"})
	defer r.Close()
	for {
		m, err := r.FetchMessage(ctx)
		if err != nil {
			return err
		}
		if err := indexProduct(ctx, m.Value); err != nil {
			return err
		}
		if err := r.CommitMessages(ctx, m); err != nil {
			return err
		}
	}
}
`),
  },
  {
    name: 'kafka-go: ReadMessage on a partition reader (no GroupID) commits nothing',
    path: 'replay.go',
    code: src(`
package replay

import "github.com/segmentio/kafka-go"

func Replay(ctx context.Context, partition int) {
	r := kafka.NewReader(kafka.ReaderConfig{Brokers: brokers, Topic: "orders", Partition: partition})
	r.SetOffset(0)
	for {
		m, err := r.ReadMessage(ctx)
		if err != nil {
			return
		}
		rebuildProjection(m.Value)
	}
}
`),
  },
  {
    name: 'confluent-kafka-go ReadMessage is not the kafka-go one',
    path: 'confluent.go',
    code: src(`
package billing

import "github.com/confluentinc/confluent-kafka-go/v2/kafka"

func Run(c *kafka.Consumer) {
	for {
		msg, err := c.ReadMessage(time.Second)
		if err != nil {
			continue
		}
		charge(msg.Value)
		c.CommitMessage(msg)
	}
}
`),
  },
  {
    name: 'sarama: goroutines joined with a WaitGroup before the mark',
    path: 'fanout.go',
    code: src(`
package fanout

func (h *handler) ConsumeClaim(sess sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error {
	for msg := range claim.Messages() {
		var wg sync.WaitGroup
		for _, sink := range h.sinks {
			wg.Add(1)
			go func(s Sink) {
				defer wg.Done()
				s.Write(msg.Value)
			}(sink)
		}
		wg.Wait()
		sess.MarkMessage(msg, "")
	}
	return nil
}
`),
  },
  {
    name: 'kafkajs: the handler awaits or returns its work',
    path: 'orders.ts',
    code: src(`
await consumer.run({
  eachMessage: async ({ message }) => {
    const order = JSON.parse(message.value!.toString());
    await saveOrder(order);
    metrics.increment('orders.saved');
  },
});
await other.run({ eachMessage: ({ message }) => saveOrder(JSON.parse(message.value!.toString())) });
async function saveOrder(order: Order): Promise<void> {
  await db.orders.insert(order);
}
`),
  },
  {
    name: 'kafkajs eachBatch awaits all the work with Promise.all',
    path: 'batch.js',
    code: src(`
await consumer.run({
  eachBatch: async ({ batch, heartbeat }) => {
    await Promise.all(batch.messages.map((m) => index(JSON.parse(m.value.toString()))));
    await heartbeat();
  },
});
`),
  },
  {
    name: 'kafkajs: a call that is not async and not about the message',
    path: 'stats.tsx',
    code: src(`
await consumer.run({
  eachMessage: async ({ message }: EachMessagePayload) => {
    statsPanel.refresh();
    recordLag(message.offset);
    await render(<Order data={message.value} />);
  },
});
`),
  },
  {
    name: 'Python: leaving the executor block waits for every task before the commit',
    path: 'images.py',
    code: src(`
from concurrent.futures import ThreadPoolExecutor

def run(consumer):
    while True:
        batch = consumer.consume(num_messages=50, timeout=1.0)
        with ThreadPoolExecutor(max_workers=8) as pool:
            for m in batch:
                pool.submit(resize_image, m.value())
        consumer.commit(asynchronous=False)
`),
  },
  {
    name: 'Python: asyncio tasks gathered before the commit',
    path: 'gather.py',
    code: src(`
async def run(consumer):
    while True:
        batch = await consumer.getmany(timeout_ms=1000)
        tasks = [asyncio.create_task(handle(m)) for msgs in batch.values() for m in msgs]
        await asyncio.gather(*tasks)
        await consumer.commit()
`),
  },
  {
    name: 'Python: the skip path commits and continues; the hand-off is on another path',
    path: 'skip.py',
    code: src(`
def run(consumer, executor):
    while True:
        msg = consumer.poll(1.0)
        if msg is None:
            continue
        if msg.key() == b"heartbeat":
            consumer.commit(message=msg)
            continue
        executor.submit(handle, msg)
`),
  },
  {
    name: 'Python: a Celery task is a durable hand-off',
    path: 'celery_dispatch.py',
    code: src(`
for msg in consumer:
    generate_invoice.delay(msg.value)
    consumer.commit()
`),
  },
  {
    name: 'Java: futures joined before commitSync',
    path: 'Parallel.java',
    code: src(`
class Parallel {
    void run() {
        while (running) {
            ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
            List<CompletableFuture<Void>> futures = new ArrayList<>();
            for (ConsumerRecord<String, String> record : records) {
                futures.add(CompletableFuture.runAsync(() -> enrich(record.value()), executor));
            }
            CompletableFuture.allOf(futures.toArray(new CompletableFuture[0])).join();
            consumer.commitSync();
        }
    }
}
`),
  },
  {
    name: 'Java: submit(...).get() waits in place',
    path: 'Blocking.java',
    code: src(`
class Blocking {
    @KafkaListener(topics = "payments")
    void onPayment(ConsumerRecord<String, String> record, Acknowledgment ack) throws Exception {
        executor.submit(() -> settle(record.value())).get();
        ack.acknowledge();
    }
}
`),
  },
  {
    name: 'kafkajs: metrics and log flushes left un-awaited on purpose (void, .catch) are not work',
    path: 'billing.ts',
    code: src(`
import { Kafka } from 'kafkajs';
import { logger, metrics, tracer } from './observability';

const consumer = new Kafka({ clientId: 'billing', brokers: ['kafka:9092'] }).consumer({ groupId: 'billing' });

export async function start(): Promise<void> {
  await consumer.run({
    eachMessage: async ({ topic, partition, message }) => {
      await saveInvoice(JSON.parse(message.value!.toString()));
      void metrics.histogram('consume.lag_ms', Date.now() - Number(message.timestamp), { topic, partition });
      void logger.flush(topic);
      tracer.forceFlush(topic).catch(() => undefined);
    },
  });
}

async function saveInvoice(order: unknown): Promise<void> {
  await db.invoices.insert(order);
}
`),
  },
  {
    name: 'kafkajs: void on an async helper of the file that only records metrics',
    path: 'lag.ts',
    code: src(`
export async function start(consumer: Consumer): Promise<void> {
  await consumer.run({
    eachMessage: async ({ topic, partition, message }) => {
      void recordLag(topic, partition, message.timestamp);
      await applyPayment(JSON.parse(message.value!.toString()));
    },
  });
}

async function recordLag(topic: string, partition: number, timestamp: string): Promise<void> {
  const lagMs = Date.now() - Number(timestamp);
  await metrics.gauge('consumer.lag_ms', lagMs, { topic, partition: String(partition) });
  logger.debug({ topic, partition, lagMs }, 'lag recorded');
}

async function applyPayment(payment: Payment): Promise<void> {
  await db.payments.insert(payment);
}
`),
  },
  {
    name: 'sarama: a goroutine that only records a metric is not the message\'s work',
    path: 'consumer.go',
    code: src(`
package consumer

func (h *handler) ConsumeClaim(sess sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error {
	for msg := range claim.Messages() {
		go h.metrics.Observe(msg.Topic, msg.Partition, time.Since(msg.Timestamp))
		if err := h.process(sess.Context(), msg); err != nil {
			return err
		}
		sess.MarkMessage(msg, "")
	}
	return nil
}
`),
  },
  {
    name: 'Python: only the offset goes to a progress queue, after the work and the commit',
    path: 'progress.py',
    code: src(`
async def consume(consumer: AIOKafkaConsumer, progress_q: asyncio.Queue):
    async for msg in consumer:
        await apply_refund(json.loads(msg.value))
        await consumer.commit()
        progress_q.put_nowait((msg.topic, msg.partition, msg.offset))
`),
  },
  {
    name: 'kafkajs: a timer that resumes the paused partition is not the message\'s work',
    path: 'throttled.ts',
    code: src(`
export async function start(consumer: Consumer): Promise<void> {
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ topic, partition, message }) => {
      await handle(JSON.parse(message.value!.toString()));
      consumer.pause([{ topic, partitions: [partition] }]);
      setTimeout(() => consumer.resume([{ topic, partitions: [partition] }]), 1_000);
      await consumer.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
    },
  });
}
`),
  },
  {
    name: 'Java: a metrics executor counting the record is not a hand-off of its work',
    path: 'Enricher.java',
    code: src(`
class Enricher {
    void run() {
        while (running) {
            ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
            for (ConsumerRecord<String, String> record : records) {
                enrich(record.value());
                metricsExecutor.execute(() -> meterRegistry.counter("enriched", "topic", record.topic()).increment());
            }
            consumer.commitSync();
        }
    }
}
`),
  },
  {
    name: 'kafkajs: database writes awaited in the handler, and a callback-style query',
    path: 'invoices.ts',
    code: src(`
const pool = new Pool();
await consumer.run({
  eachMessage: async ({ message }) => {
    const order = JSON.parse(message.value!.toString());
    await pool.query('INSERT INTO invoices (order_id, total_cents) VALUES ($1, $2)', [order.id, order.totalCents]);
    await this.invoiceRepository.save({ orderId: order.id });
    await prisma.invoice.update({ where: { orderId: order.id }, data: { status: 'OPEN' } });
    cache.set(order.id, order);
  },
});
`),
  },
  {
    name: 'kafkajs: MikroORM entities created or removed for the awaited flush of the same entity manager',
    path: 'orders.ts',
    code: src(`
await consumer.run({
  eachMessage: async ({ message }) => {
    const em = orm.em.fork();
    const event = JSON.parse(message.value!.toString());
    em.create(Order, { id: event.orderId, totalCents: event.totalCents });
    em.remove(em.getReference(Cart, event.cartId));
    await em.flush();
  },
});
`),
  },
  {
    name: 'kafkajs: a handler that waits for the timer it starts, or backs off before its awaited work',
    path: 'deferred.ts',
    code: src(`
await consumer.run({
  eachMessage: async ({ topic, partition, message }) => {
    const order = JSON.parse(message.value!.toString());
    await new Promise<void>((resolve) => setImmediate(() => { processOrder(order); resolve(); }));
    await new Promise((resolve) => setTimeout(resolve, backoffMs(message.attributes)));
    await processOrder(order);
    setTimeout(() => consumer.resume([{ topic, partitions: [partition] }]), 1_000);
  },
});
`),
  },
  {
    name: 'kafka-python: auto commit turned off, the pool commits nothing either way',
    path: 'billing_off.py',
    code: src(`
consumer = KafkaConsumer("orders", group_id="billing", bootstrap_servers="k:9092", enable_auto_commit=False)
pool = ThreadPoolExecutor(max_workers=8)
for msg in consumer:
    pool.submit(charge_payment, msg.value)
`),
  },
  {
    name: 'kafka-python: without a group_id nothing is committed',
    path: 'replay_pool.py',
    code: src(`
consumer = KafkaConsumer("orders", bootstrap_servers="k:9092")
pool = ThreadPoolExecutor(max_workers=8)
for msg in consumer:
    pool.submit(rebuild_projection, msg.value)
`),
  },
  {
    name: 'confluent-kafka: enable.auto.commit false in the literal config',
    path: 'confluent_off.py',
    code: src(`
consumer = Consumer({"bootstrap.servers": "k:9092", "group.id": "billing", "enable.auto.commit": False})
consumer.subscribe(["orders"])
pool = ThreadPoolExecutor(max_workers=8)
while True:
    msg = consumer.poll(1.0)
    if msg is None:
        continue
    pool.submit(charge_payment, msg.value())
`),
  },
  {
    name: 'kafka-python: config spread from elsewhere, or a consumer built in another module, is not known',
    path: 'unknown_config.py',
    code: src(`
consumer = KafkaConsumer("orders", **settings.KAFKA)
pool = ThreadPoolExecutor(max_workers=8)
for msg in consumer:
    pool.submit(charge_payment, msg.value)

def run(other):
    for msg in other:
        pool.submit(charge_payment, msg.value)
`),
  },
  {
    name: 'kafka-python: the iteration waits for the work before the next poll',
    path: 'billing_wait.py',
    code: src(`
consumer = KafkaConsumer("orders", group_id="billing", bootstrap_servers="k:9092")
pool = ThreadPoolExecutor(max_workers=8)
for msg in consumer:
    future = pool.submit(charge_payment, msg.value)
    future.result()

def batches():
    while True:
        records = consumer.poll(timeout_ms=1000)
        futures = []
        for tp, msgs in records.items():
            for m in msgs:
                futures.append(pool.submit(charge_payment, m.value))
        concurrent.futures.wait(futures)
`),
  },
  {
    name: 'aiokafka: the task is awaited in the same iteration',
    path: 'aio_wait.py',
    code: src(`
async def consume():
    consumer = AIOKafkaConsumer("refunds", group_id="refunds", bootstrap_servers="k:9092")
    await consumer.start()
    async for msg in consumer:
        task = asyncio.create_task(handle_refund(msg.value))
        await task
`),
  },
  {
    name: 'kafka-python: only the coordinates, or a metrics call, go to the pool',
    path: 'billing_metrics.py',
    code: src(`
consumer = KafkaConsumer("orders", group_id="billing", bootstrap_servers="k:9092")
pool = ThreadPoolExecutor(max_workers=2)
for msg in consumer:
    charge_payment(msg.value)
    pool.submit(record_progress, msg.topic, msg.partition, msg.offset)
    pool.submit(metrics.increment, "orders.consumed", tags=[msg.topic])
`),
  },
  {
    name: 'confluent-kafka: automatic offset store off, the worker stores the offset when done',
    path: 'confluent_store.py',
    code: src(`
consumer = Consumer({"bootstrap.servers": "k:9092", "group.id": "billing", "enable.auto.offset.store": False})
consumer.subscribe(["orders"])
pool = ThreadPoolExecutor(max_workers=8)

def work(msg):
    charge_payment(msg.value())
    consumer.store_offsets(message=msg)

while True:
    msg = consumer.poll(1.0)
    if msg is None:
        continue
    pool.submit(work, msg)
`),
  },
  {
    name: 'kafka-python / aiokafka: the hand-off is passed straight to a call that waits for it',
    path: 'inline_wait.py',
    code: src(`
consumer = KafkaConsumer("orders", group_id="billing", bootstrap_servers="k:9092")
pool = ThreadPoolExecutor(max_workers=8)

def charge_all():
    for msg in consumer:
        concurrent.futures.wait([pool.submit(charge_payment, msg.value)], timeout=30)

def notify_all():
    for msg in consumer:
        wait({pool.submit(send_receipt, msg.value), pool.submit(notify, msg.value)})

async def refund_all():
    loop = asyncio.get_running_loop()
    async for msg in consumer:
        await asyncio.wait_for(loop.run_in_executor(pool, handle_refund, msg.value), timeout=30)

async def index_all():
    async for msg in consumer:
        await asyncio.gather(asyncio.create_task(index(msg.value)), notify(msg.value))

async def archive_all():
    loop = asyncio.get_running_loop()
    async for msg in consumer:
        await asyncio.shield(loop.run_in_executor(None, archive, msg.value))
`),
  },
  {
    name: 'kafka-python: the future\'s exception() waits for it',
    path: 'exception_wait.py',
    code: src(`
consumer = KafkaConsumer("orders", group_id="billing", bootstrap_servers="k:9092")
pool = ThreadPoolExecutor(max_workers=8)
for msg in consumer:
    future = pool.submit(charge_payment, msg.value)
    if future.exception(timeout=30) is not None:
        dead_letters.append(msg.value)
`),
  },
  {
    name: 'kafka-python: the future goes to a function that waits for it, here or in another module',
    path: 'settle.py',
    code: src(`
from .outcomes import handle_outcome

consumer = KafkaConsumer("orders", group_id="billing", bootstrap_servers="k:9092")
pool = ThreadPoolExecutor(max_workers=8)

def settle(future):
    future.result(timeout=30)

def charge_all():
    for msg in consumer:
        fut = pool.submit(charge_payment, msg.value)
        settle(fut)

def notify_all():
    for msg in consumer:
        fut = pool.submit(send_receipt, msg.value)
        handle_outcome(fut)

def settle_by_keyword(timeout, future):
    concurrent.futures.wait([future], timeout=timeout)

def index_all():
    for msg in consumer:
        fut = pool.submit(index_order, msg.value)
        settle_by_keyword(30, future=fut)
`),
  },
  {
    name: 'Java: the future goes to another object before commitSync',
    path: 'Tracked.java',
    code: src(`
class Tracked {
    void run() {
        while (running) {
            ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
            for (ConsumerRecord<String, String> record : records) {
                Future<?> f = executor.submit(() -> settle(record.value()));
                outcomes.awaitAll(f);
            }
            consumer.commitSync();
        }
    }
}
`),
  },
  {
    name: 'kafkajs: a timer that only evicts the message from an in-memory dedup set or map',
    path: 'dedup.ts',
    code: src(`
const seen = new Set<string>();
const timers = new Map<string, NodeJS.Timeout>();
await consumer.run({
  eachMessage: async ({ message }) => {
    const id = message.headers!['event-id']!.toString();
    if (seen.has(id)) return;
    await processOrder(JSON.parse(message.value!.toString()));
    seen.add(id);
    setTimeout(() => seen.delete(id), 10 * 60_000);
    clearTimeout(timers.get(id));
    timers.set(id, setTimeout(() => timers.delete(id), 5_000));
  },
});
`),
  },
  {
    name: 'kafkajs: a timer handed only the destructured topic and partition and the offset',
    path: 'progress.ts',
    code: src(`
await consumer.run({
  eachMessage: async ({ topic, partition, message }) => {
    await processOrder(JSON.parse(message.value!.toString()));
    setImmediate(() => recordLag(topic, partition, message.offset));
    setImmediate(() => progress.emit('processed', { topic, partition, offset: message.offset }));
  },
});
`),
  },
];

const invalid: FixCase[] = [
  {
    name: 'kafka-go: ReadMessage handing the message to a goroutine gets no fix (a commit after `go` does not wait)',
    path: 'thumbs.go',
    code: `package thumbs

import "github.com/segmentio/kafka-go"

func run(ctx context.Context) error {
	r := kafka.NewReader(kafka.ReaderConfig{Brokers: brokers, GroupID: "thumbs", Topic: "uploads"})
	for {
		m, err := r.ReadMessage(ctx)
		if err != nil {
			return err
		}
		go makeThumbnail(ctx, m.Value)
	}
}
`,
    replaced: [],
    errors: [{ line: 8, column: 13, message: '`r.ReadMessage` commits the offset (the reader has a `GroupID`) before `makeThumbnail(...)` runs' }],
    output: null,
  },
  {
    name: 'kafka-go ReadMessage on a GroupID reader commits before indexing',
    path: 'indexer.go',
    code: src(`
package indexer

import (
	"context"
	"log"

	"github.com/segmentio/kafka-go"
)

func Run(ctx context.Context) {
	r := kafka.NewReader(kafka.ReaderConfig{
		Brokers: []string{"kafka:9092"},
		GroupID: "search-indexer",
		Topic:   "products",
	})
	defer r.Close()
	for {
		m, err := r.ReadMessage(ctx)
		if err != nil {
			log.Printf("read failed: %v", err)
			break
		}
		indexProduct(ctx, m.Key, m.Value)
		log.Printf("indexed %s", m.Key)
	}
}
`),
    replaced: ['r.ReadMessage(ctx)'],
    errors: [{ line: 18, column: 13, message: '`r.ReadMessage` commits the offset (the reader has a `GroupID`) before `indexProduct(...)` runs' }],
    output: src(`
package indexer

import (
	"context"
	"log"

	"github.com/segmentio/kafka-go"
)

func Run(ctx context.Context) {
	r := kafka.NewReader(kafka.ReaderConfig{
		Brokers: []string{"kafka:9092"},
		GroupID: "search-indexer",
		Topic:   "products",
	})
	defer r.Close()
	for {
		m, err := r.FetchMessage(ctx)
		if err != nil {
			log.Printf("read failed: %v", err)
			break
		}
		indexProduct(ctx, m.Key, m.Value)
		if err := r.CommitMessages(ctx, m); err != nil {
			log.Printf("commit failed: %v", err)
			break
		}
		log.Printf("indexed %s", m.Key)
	}
}
`),
  },
  {
    name: 'kafka-go reader in a struct field, function returning an error',
    path: 'billing.go',
    code: src(`
package billing

import kafka "github.com/segmentio/kafka-go"

type Consumer struct {
	reader *kafka.Reader
	svc    *Service
}

func New(brokers []string) *Consumer {
	return &Consumer{reader: kafka.NewReader(kafka.ReaderConfig{Brokers: brokers, GroupID: "billing", Topic: "orders"})}
}

func (c *Consumer) Run(ctx context.Context) error {
	for {
		msg, err := c.reader.ReadMessage(ctx)
		if err != nil {
			return fmt.Errorf("reading order: %w", err)
		}
		if err := c.svc.Charge(ctx, msg.Value); err != nil {
			return err
		}
	}
}
`),
    replaced: ['c.reader.ReadMessage(ctx)'],
    errors: [{ line: 16, column: 15, message: '`c.reader.ReadMessage` commits the offset (the reader has a `GroupID`) before `c.svc.Charge(...)` runs' }],
    output: src(`
package billing

import kafka "github.com/segmentio/kafka-go"

type Consumer struct {
	reader *kafka.Reader
	svc    *Service
}

func New(brokers []string) *Consumer {
	return &Consumer{reader: kafka.NewReader(kafka.ReaderConfig{Brokers: brokers, GroupID: "billing", Topic: "orders"})}
}

func (c *Consumer) Run(ctx context.Context) error {
	for {
		msg, err := c.reader.FetchMessage(ctx)
		if err != nil {
			return fmt.Errorf("reading order: %w", err)
		}
		if err := c.svc.Charge(ctx, msg.Value); err != nil {
			return err
		}
		if err := c.reader.CommitMessages(ctx, msg); err != nil {
			return fmt.Errorf("committing order: %w", err)
		}
	}
}
`),
  },
  {
    name: 'sarama: the message is handled in a goroutine and marked at once',
    path: 'claim.go',
    code: src(`
package consumer

func (h *handler) ConsumeClaim(sess sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error {
	for msg := range claim.Messages() {
		go h.process(sess.Context(), msg)
		sess.MarkMessage(msg, "")
	}
	return nil
}
`),
    errors: [{ line: 6, column: 3, message: 'Offset committed while `h.process(...)` still runs in another goroutine' }],
    output: null,
  },
  {
    name: 'sarama: marked, then sent to a worker channel',
    path: 'workers.go',
    code: src(`
package consumer

func (h *handler) ConsumeClaim(sess sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error {
	for {
		select {
		case msg, ok := <-claim.Messages():
			if !ok {
				return nil
			}
			sess.MarkMessage(msg, "")
			h.jobs <- msg
		case <-sess.Context().Done():
			return nil
		}
	}
}
`),
    errors: [{ line: 10, column: 4, message: 'Offset committed while the message waits in channel `h.jobs` for another goroutine' }],
    output: null,
  },
  {
    name: 'kafkajs: an async call left un-awaited in eachMessage',
    path: 'orders.ts',
    code: src(`
await consumer.run({
  eachMessage: async ({ message }) => {
    const order = JSON.parse(message.value!.toString());
    saveOrder(order);
    metrics.increment('orders.saved');
  },
});

async function saveOrder(order: Order): Promise<void> {
  await db.orders.insert(order);
}
`),
    replaced: ['saveOrder(order);'],
    errors: [{ line: 4, column: 5, message: '`saveOrder(...)` is not awaited, so the offset can be committed before it finishes' }],
    output: src(`
await consumer.run({
  eachMessage: async ({ message }) => {
    const order = JSON.parse(message.value!.toString());
    await saveOrder(order);
    metrics.increment('orders.saved');
  },
});

async function saveOrder(order: Order): Promise<void> {
  await db.orders.insert(order);
}
`),
  },
  {
    name: 'kafkajs: fire-and-forget with void and with a .catch chain',
    path: 'notify.ts',
    code: src(`
class Notifier {
  async start() {
    await this.consumer.run({ eachMessage: this.onMessage.bind(this) });
  }

  private async onMessage({ message }: EachMessagePayload) {
    void this.mailer.send(renderReceipt(message.value));
    this.producer.send({ topic: 'receipts.sent', messages: [{ value: message.value }] }).catch((err) => this.log.error(err));
  }
}
`),
    replaced: ['void this.mailer.send', 'this.producer.send('],
    errors: [
      { line: 7, column: 10, message: '`this.mailer.send(...)` is not awaited, so the offset can be committed before it finishes' },
      { line: 8, column: 5, message: '`this.producer.send(...)` is not awaited, so the offset can be committed before it finishes' },
    ],
    // `void` says "do not wait" on purpose: waiting there is offered, but not applied by fix-all
    output: src(`
class Notifier {
  async start() {
    await this.consumer.run({ eachMessage: this.onMessage.bind(this) });
  }

  private async onMessage({ message }: EachMessagePayload) {
    void this.mailer.send(renderReceipt(message.value));
    await this.producer.send({ topic: 'receipts.sent', messages: [{ value: message.value }] }).catch((err) => this.log.error(err));
  }
}
`),
    unsafeOutput: src(`
class Notifier {
  async start() {
    await this.consumer.run({ eachMessage: this.onMessage.bind(this) });
  }

  private async onMessage({ message }: EachMessagePayload) {
    await this.mailer.send(renderReceipt(message.value));
    await this.producer.send({ topic: 'receipts.sent', messages: [{ value: message.value }] }).catch((err) => this.log.error(err));
  }
}
`),
  },
  {
    name: 'kafkajs: a handler that is not async at all',
    path: 'legacy.js',
    code: src(`
consumer.run({
  eachMessage({ message }) {
    saveOrder(JSON.parse(message.value.toString()));
  },
});

async function saveOrder(order) {
  await pool.query('INSERT INTO orders (id, body) VALUES ($1, $2)', [order.id, order]);
}
`),
    replaced: ['eachMessage({ message }) {', 'saveOrder(JSON.parse'],
    errors: [{ line: 3, column: 5, message: '`saveOrder(...)` is not awaited, so the offset can be committed before it finishes' }],
    output: null,
    unsafeOutput: src(`
consumer.run({
  async eachMessage({ message }) {
    await saveOrder(JSON.parse(message.value.toString()));
  },
});

async function saveOrder(order) {
  await pool.query('INSERT INTO orders (id, body) VALUES ($1, $2)', [order.id, order]);
}
`),
  },
  {
    name: 'kafkajs: database writes left un-awaited (node-postgres, a repository, Prisma)',
    path: 'invoices.ts',
    code: src(`
const pool = new Pool();
await consumer.run({
  eachMessage: async ({ message }) => {
    const order = JSON.parse(message.value!.toString());
    pool.query('INSERT INTO invoices (order_id, total_cents) VALUES ($1, $2)', [order.id, order.totalCents]);
    this.invoiceRepository.save({ orderId: order.id });
    prisma.invoice.update({ where: { orderId: order.id }, data: { status: 'OPEN' } });
    cache.set(order.id, order);
  },
});
`),
    replaced: ['pool.query(', 'this.invoiceRepository.save(', 'prisma.invoice.update('],
    errors: [
      { line: 5, column: 5, message: '`pool.query(...)` is not awaited, so the offset can be committed before it finishes' },
      { line: 6, column: 5, message: '`this.invoiceRepository.save(...)` is not awaited, so the offset can be committed before it finishes' },
      { line: 7, column: 5, message: '`prisma.invoice.update(...)` is not awaited, so the offset can be committed before it finishes' },
    ],
    output: src(`
const pool = new Pool();
await consumer.run({
  eachMessage: async ({ message }) => {
    const order = JSON.parse(message.value!.toString());
    await pool.query('INSERT INTO invoices (order_id, total_cents) VALUES ($1, $2)', [order.id, order.totalCents]);
    await this.invoiceRepository.save({ orderId: order.id });
    await prisma.invoice.update({ where: { orderId: order.id }, data: { status: 'OPEN' } });
    cache.set(order.id, order);
  },
});
`),
  },
  {
    name: 'kafkajs: the message handed to a timer that runs after the handler returns',
    path: 'deferred.ts',
    code: src(`
await consumer.run({
  eachMessage: async ({ message }) => {
    const order = JSON.parse(message.value!.toString());
    setImmediate(() => processOrder(order));
  },
});
`),
    errors: [{ line: 4, column: 5, message: '`processOrder(...)` runs after the handler returns, so the offset can be committed before it does' }],
    output: null,
  },
  {
    name: 'sarama: a goroutine tracked by a WaitGroup field is named by its work, not by Done',
    path: 'tracked.go',
    code: src(`
package consumer

func (h *handler) ConsumeClaim(sess sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error {
	for msg := range claim.Messages() {
		sess.MarkMessage(msg, "")
		h.wg.Add(1)
		go func(m *sarama.ConsumerMessage) {
			defer h.wg.Done()
			h.svc.Handle(m.Value)
		}(msg)
	}
	return nil
}
`),
    errors: [{ line: 5, column: 3, message: 'Offset committed while `h.svc.Handle(...)` still runs in another goroutine' }],
    output: null,
  },
  {
    name: 'kafkajs eachBatch: forEach does not wait for its async callback',
    path: 'batch.tsx',
    code: src(`
await consumer.run({
  eachBatch: async ({ batch }: EachBatchPayload) => {
    batch.messages.forEach(async (m) => {
      await publishPreview(<Preview html={m.value!.toString()} />);
    });
  },
});
`),
    errors: [{ line: 3, column: 5, message: '`batch.messages.forEach` does not wait for its async callback, so the offset can be committed before the work finishes' }],
    output: null,
  },
  {
    name: 'aiokafka: work started as a task, then committed',
    path: 'aio.py',
    code: src(`
async def consume(consumer):
    async for msg in consumer:
        asyncio.create_task(handle_refund(msg.value))
        await consumer.commit()
`),
    errors: [{ line: 4, column: 15, message: 'Offset committed while `handle_refund(...)` still runs in another task' }],
    output: null,
  },
  {
    name: 'confluent-kafka: offset stored, then the work goes to a thread pool',
    path: 'pool.py',
    code: src(`
def run(consumer, pool):
    while True:
        msg = consumer.poll(1.0)
        if msg is None:
            continue
        consumer.store_offsets(message=msg)
        pool.submit(process_payment, msg.value())
`),
    errors: [{ line: 6, column: 9, message: 'Offset committed while `process_payment(...)` still runs on another thread' }],
    output: null,
  },
  {
    name: 'kafka-python: the future is kept in a list, logged, or given to a function here that does not wait',
    path: 'kept.py',
    code: src(`
consumer = KafkaConsumer("orders", group_id="billing", bootstrap_servers="k:9092")
pool = ThreadPoolExecutor(max_workers=8)

def remember(future):
    inflight.add(future)

def charge_all():
    for msg in consumer:
        fut = pool.submit(charge_payment, msg.value)
        pending.append(fut)
        log.info("queued %s", fut)

def notify_all():
    for msg in consumer:
        fut = pool.submit(send_receipt, msg.value)
        remember(fut)
`),
    errors: [
      { line: 9, column: 15, message: 'The consumer auto-commits offsets (`enable_auto_commit` is on by default) while `charge_payment(...)` still runs on another thread' },
      { line: 15, column: 15, message: 'The consumer auto-commits offsets (`enable_auto_commit` is on by default) while `send_receipt(...)` still runs on another thread' },
    ],
    output: null,
  },
  {
    name: 'kafka-python: the future goes to a callback, a collection, another thread, or a method that waits on something else',
    path: 'not_waited.py',
    code: src(`
consumer = KafkaConsumer("orders", group_id="billing", bootstrap_servers="k:9092")
pool = ThreadPoolExecutor(max_workers=8)

class Other:
    def track(self, future):
        future.result()

class Handler:
    def track(self, future):
        print(",".join(self.seen), self.previous.result())
        inflight.setdefault(id(future), future)

    def run(self):
        for msg in consumer:
            fut = pool.submit(charge_payment, msg.value)
            fut.add_done_callback(lambda _: record_done(fut))
            fut.add_done_callback(functools.partial(on_done, fut))
            heapq.heappush(heap, fut)
            watcher_pool.submit(watch, fut)
            self.track(fut)
`),
    errors: [
      { line: 15, column: 19, message: 'The consumer auto-commits offsets (`enable_auto_commit` is on by default) while `charge_payment(...)` still runs on another thread' },
      { line: 19, column: 13, message: 'The consumer auto-commits offsets (`enable_auto_commit` is on by default) while `watch(...)` still runs on another thread' },
    ],
    output: null,
  },
  {
    name: 'Java: the future is printed, or given to a method that reads a map, before commitSync',
    path: 'Printed.java',
    code: src(`
class Printed {
    void run() {
        while (running) {
            ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
            for (ConsumerRecord<String, String> record : records) {
                Future<?> f = executor.submit(() -> settle(record.value()));
                System.out.println(f);
                track(record, f);
            }
            consumer.commitSync();
        }
    }

    void track(ConsumerRecord<String, String> record, Future<?> f) {
        inflight.computeIfAbsent(record.partition(), p -> new ArrayList<>()).add(f);
        offsets.get(record.partition());
    }
}
`),
    errors: [{ line: 10, column: 13, message: 'Offset committed while `settle(...)` still runs on another thread' }],
    output: null,
  },
  {
    name: 'Java: the future goes to a method of the same class that does not wait, then commitSync',
    path: 'Untracked.java',
    code: src(`
class Untracked {
    void run() {
        while (running) {
            ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
            for (ConsumerRecord<String, String> record : records) {
                Future<?> f = executor.submit(() -> settle(record.value()));
                track(f);
            }
            consumer.commitSync();
        }
    }

    void track(Future<?> f) {
        inflight.add(f);
    }
}
`),
    errors: [{ line: 9, column: 13, message: 'Offset committed while `settle(...)` still runs on another thread' }],
    output: null,
  },
  {
    name: 'Java: records submitted to an executor, then commitSync',
    path: 'Enricher.java',
    code: src(`
class Enricher {
    void run() {
        while (running) {
            ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
            for (ConsumerRecord<String, String> record : records) {
                executor.submit(() -> enrich(record.value()));
            }
            consumer.commitSync();
        }
    }
}
`),
    errors: [{ line: 8, column: 13, message: 'Offset committed while `enrich(...)` still runs on another thread' }],
    output: null,
  },
  {
    name: 'Spring: acknowledged while the work runs asynchronously',
    path: 'PaymentListener.java',
    code: src(`
@Component
class PaymentListener {
    @KafkaListener(topics = "payments")
    void onPayment(PaymentRequested event, Acknowledgment ack) {
        CompletableFuture.runAsync(() -> gateway.capture(event.paymentId()), executor);
        ack.acknowledge();
    }
}
`),
    errors: [{ line: 6, column: 9, message: 'Offset committed while `gateway.capture(...)` still runs on another thread' }],
    output: null,
  },
  {
    name: 'kafka-python: auto commit on by default, each message handed to a thread pool',
    path: 'billing.py',
    code: src(`
consumer = KafkaConsumer("orders", group_id="billing", bootstrap_servers="k:9092")
pool = ThreadPoolExecutor(max_workers=8)
for msg in consumer:
    pool.submit(charge_payment, msg.value)
`),
    errors: [{ line: 4, column: 5, message: 'The consumer auto-commits offsets (`enable_auto_commit` is on by default) while `charge_payment(...)` still runs on another thread' }],
    output: null,
  },
  {
    name: 'confluent-kafka: enable.auto.commit true, the polled message goes to a thread',
    path: 'confluent_auto.py',
    code: src(`
conf = {"bootstrap.servers": "k:9092", "group.id": "billing", "enable.auto.commit": True}
consumer = Consumer(conf)
consumer.subscribe(["orders"])
while True:
    msg = consumer.poll(1.0)
    if msg is None:
        continue
    order = json.loads(msg.value())
    threading.Thread(target=charge_payment, args=(order,)).start()
`),
    errors: [{ line: 9, column: 5, message: 'The consumer auto-commits offsets (`enable.auto.commit` is true) while `charge_payment(...)` still runs on another thread' }],
    output: null,
  },
  {
    name: 'aiokafka: auto commit on by default, each message started as a task',
    path: 'aio_auto.py',
    code: src(`
async def consume():
    consumer = AIOKafkaConsumer("refunds", group_id="refunds", bootstrap_servers="k:9092")
    await consumer.start()
    async for msg in consumer:
        asyncio.create_task(handle_refund(msg.value))
`),
    errors: [{ line: 5, column: 9, message: 'The consumer auto-commits offsets (`enable_auto_commit` is on by default) while `handle_refund(...)` still runs in another task' }],
    output: null,
  },
  {
    name: 'aiokafka: auto commit on, each message run in an executor it does not wait for (the message names the work)',
    path: 'aio_executor.py',
    code: src(`
async def consume(loop, pool):
    consumer = AIOKafkaConsumer("refunds", group_id="refunds", bootstrap_servers="k:9092")
    await consumer.start()
    async for msg in consumer:
        loop.run_in_executor(pool, handle_refund, msg.value)
`),
    errors: [{ line: 5, column: 9, message: 'The consumer auto-commits offsets (`enable_auto_commit` is on by default) while `handle_refund(...)` still runs in another task' }],
    output: null,
  },
];

ruleTester(implicitCommitBeforeProcessing, { valid, invalid });
checkFixInvariants(implicitCommitBeforeProcessing, invalid);
