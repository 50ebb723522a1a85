import { commitBeforeSideEffect } from '../../../server/src/rules/consumer/commit-before-side-effect';
import { checkFixInvariants } from '../fixInvariants';
import { ruleTester, type RuleTests } from '../ruleTester';
import { goCases } from './cases/COM001.go';
import { javaCases } from './cases/COM001.java';
import { kafkajsCases } from './cases/COM001.kafkajs';
import { transactionCases } from './cases/COM001.transactions';

const py = (s: string) => s.replace(/^\n/, '');

const tests: RuleTests = {
  valid: [
    ...kafkajsCases.valid,
    ...javaCases.valid,
    ...goCases.valid,
    ...transactionCases.valid,
    {
      name: 'a loop committing the part of the batch that was written, then the rest goes to a retry topic',
      path: 'prefix_retry.py',
      code: py(`
msgs = consumer.consume(num_messages=500, timeout=1.0)
done = sink.write_until_failure(msgs)
for m in msgs[:done]:
    consumer.commit(message=m, asynchronous=False)
for m in msgs[done:]:
    producer.produce("orders.retry", m.value())
`),
    },
    {
      name: 'a loop committing what the previous pass wrote, filled from the batch only after the loop',
      path: 'deferred.py',
      code: py(`
def run():
    done = []
    while True:
        msgs = consumer.consume(num_messages=500, timeout=1.0)
        for m in done:
            consumer.commit(message=m, asynchronous=False)
        done = [m for m in msgs]
        sink.write_all([m.value() for m in msgs])
`),
    },
    {
      name: 'a loop committing messages kept from the last batch, then the new batch is handled',
      path: 'drain.py',
      code: py(`
def drain(consumer, pending, batch):
    for m in pending:
        consumer.commit(message=m, asynchronous=False)
    for msg in batch:
        ledger.record(json.loads(msg.value()))
`),
    },
    {
      name: 'confluent-kafka: the batch is stored first, then each message is committed in a loop of its own',
      path: 'batch_after.py',
      code: py(`
while running:
    msgs = consumer.consume(num_messages=500, timeout=1.0)
    warehouse.bulk_insert([json.loads(m.value()) for m in msgs])
    for msg in msgs:
        consumer.commit(message=msg, asynchronous=False)
    log.info("stored %d", len(msgs))
`),
    },
    {
      name: 'shutdown and revocation hooks commit what is done; their parameters are not messages',
      path: 'lifecycle.py',
      code: py(`
class Worker:
    def shutdown(self, signum, frame):
        self.consumer.commit(asynchronous=False)
        self.consumer.close()
        self.notifier.send_shutdown_notice(signum)

    def on_revoke(self, consumer, partitions):
        consumer.commit(asynchronous=False)
        self.state.release(partitions)
`),
    },
    {
      name: 'logging, metrics and tracing after the commit are not the work',
      path: 'bookkeeping.py',
      code: py(`
for msg in consumer:
    handle(msg.value())
    consumer.commit(message=msg)
    log.bind(offset=msg.offset()).info("committed")
    logging.getLogger(__name__).info("committed %s", msg.offset())
    sentry_sdk.add_breadcrumb(message=str(msg.offset()))
    processed_total.labels(msg.topic()).inc()
`),
    },
    {
      name: 'Go: a deferred mark runs when the handler returns, after the work',
      path: 'deferred.go',
      code: `package consumer

func (h *H) handle(s sarama.ConsumerGroupSession, msg *sarama.ConsumerMessage) error {
	defer s.MarkMessage(msg, "")
	return h.svc.Process(s.Context(), msg.Value)
}
`,
    },
    {
      name: 'Go: structured logging, Prometheus and atomics after the mark',
      path: 'bookkeeping.go',
      code: `package consumer

func (h *H) ConsumeClaim(sess sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error {
	for msg := range claim.Messages() {
		h.ledger.Record(msg.Value)
		sess.MarkMessage(msg, "")
		log.WithFields(log.Fields{"offset": msg.Offset}).Debug("marked")
		h.logger.With(zap.Int64("offset", msg.Offset)).Debug("marked")
		processedTotal.WithLabelValues(msg.Topic).Inc()
		atomic.StoreInt64(&h.last, msg.Offset)
	}
	return nil
}
`,
    },
    {
      name: 'Java: fluent logging, Micrometer, MDC and tracing after the acknowledgement',
      path: 'Bookkeeping.java',
      code: `class Listener {
  @KafkaListener(topics = "orders")
  public void on(ConsumerRecord<String, String> record, Acknowledgment ack) {
    billing.charge(record.value());
    ack.acknowledge();
    log.atInfo().addKeyValue("offset", record.offset()).log("acked");
    meterRegistry.counter("acked", "topic", record.topic()).increment();
    MDC.put("offset", String.valueOf(record.offset()));
    Span.current().setAttribute("offset", record.offset());
  }
}
`,
    },
    {
      name: 'confluent-kafka: commit after the work',
      path: 'payments.py',
      code: py(`
from confluent_kafka import Consumer

consumer = Consumer({"group.id": "payments", "enable.auto.commit": False})
consumer.subscribe(["orders"])
while True:
    msg = consumer.poll(1.0)
    if msg is None or msg.error():
        continue
    event = json.loads(msg.value())
    charge_payment(event["order_id"], event["amount_cents"])
    consumer.commit(message=msg, asynchronous=False)
`),
    },
    {
      name: 'kafka-python: synchronous loop with auto-commit inside poll',
      path: 'emails.py',
      code: py(`
from kafka import KafkaConsumer

consumer = KafkaConsumer("orders", group_id="emails")
for record in consumer:
    send_receipt(record.value)
`),
    },
    {
      name: 'commit in finally after the work',
      path: 'finally.py',
      code: py(`
for msg in consumer:
    try:
        apply_refund(msg.value)
    finally:
        consumer.commit()
`),
    },
    {
      name: 'a database commit is not an offset commit',
      path: 'db.py',
      code: py(`
for msg in consumer:
    session.add(Order.from_event(msg.value))
    session.commit()
    notify_warehouse(msg.value)
    consumer.commit()
`),
    },
    {
      name: 'only logging after the commit',
      path: 'logging_after.py',
      code: py(`
for msg in consumer:
    event = parse(msg.value)
    ship_order(event)
    consumer.commit()
    logger.info("shipped %s", event.order_id)
    print(msg.offset)
`),
    },
    {
      name: 'commit of the previous batch before the next poll',
      path: 'previous_batch.py',
      code: py(`
while running:
    consumer.commit()
    msg = consumer.poll(1.0)
    if msg is None:
        continue
    handle(msg)
`),
    },
    {
      name: 'aiokafka: await the work, then commit',
      path: 'aio.py',
      code: py(`
async def run(consumer):
    async for msg in consumer:
        await send_email(msg.value)
        await consumer.commit()
`),
    },
    {
      name: 'batch: process every message, then commit once',
      path: 'batch.py',
      code: py(`
while True:
    msgs = consumer.consume(num_messages=100, timeout=1.0)
    for m in msgs:
        index_document(m.value())
    consumer.commit(asynchronous=False)
`),
    },
    {
      name: 'store_offsets after processing (enable.auto.offset.store=false)',
      path: 'store.py',
      code: py(`
while True:
    msg = consumer.poll(1.0)
    if msg is None:
        continue
    write_ledger(msg.value())
    consumer.store_offsets(message=msg)
`),
    },
    {
      name: 'in-memory bookkeeping and metrics after the commit are not work',
      path: 'bookkeeping.py',
      code: py(`
retry_counts: dict[str, int] = {}
CONSUMED = Counter("events_consumed_total", "Events consumed", ["topic"])

while True:
    msg = consumer.poll(1.0)
    if msg is None:
        continue
    key = f"{msg.topic()}:{msg.partition()}:{msg.offset()}"
    handle(msg.value())
    consumer.commit(message=msg, asynchronous=False)
    retry_counts.pop(key, None)
    CONSUMED.labels(topic=msg.topic()).inc()
`),
    },
    {
      name: 'the call after the commit does not touch the message',
      path: 'unrelated.py',
      code: py(`
for msg in consumer:
    handle(msg)
    consumer.commit()
    heartbeat_counter.tick()
`),
    },
    {
      name: 'kafka-python: a periodic commit of the offsets recorded for earlier messages, before the next one is processed',
      path: 'periodic.py',
      code: py(`
def run(consumer):
    offsets = {}
    last_commit = time.monotonic()
    for msg in consumer:
        if offsets and time.monotonic() - last_commit >= 5:
            consumer.commit(offsets)
            offsets = {}
            last_commit = time.monotonic()
        process(msg.value)
        offsets[TopicPartition(msg.topic, msg.partition)] = OffsetAndMetadata(msg.offset + 1, None)
`),
    },
    {
      name: 'confluent-kafka: committing the previous, processed message before handling the next',
      path: 'previous.py',
      code: py(`
def run(consumer):
    pending = None
    while True:
        msg = consumer.poll(1.0)
        if msg is None:
            continue
        if pending is not None:
            consumer.commit(message=pending, asynchronous=False)
        process(msg.value())
        pending = msg
`),
    },
    {
      name: 'confluent-kafka: a helper committing the offsets of the previous, processed message',
      path: 'previous_helper.py',
      code: py(`
def commit_offsets(consumer, offsets):
    consumer.commit(offsets=offsets, asynchronous=False)

def run(consumer):
    pending = []
    while True:
        msg = consumer.poll(1.0)
        if msg is None:
            continue
        if pending:
            commit_offsets(consumer, pending)
        write_ledger(msg.value())
        pending = [TopicPartition(msg.topic(), msg.partition(), msg.offset() + 1)]
`),
    },
    {
      name: 'a helper that only commits, called after the work; one that commits only on some path',
      path: 'ack_helper.py',
      code: py(`
def ack(consumer, msg):
    log.debug("committing %s", msg.offset())
    consumer.commit(message=msg, asynchronous=False)

def maybe_ack(consumer, msg, n):
    if n % 100 == 0:
        consumer.commit(message=msg, asynchronous=False)

def run(consumer):
    n = 0
    while True:
        msg = consumer.poll(1.0)
        if msg is None:
            continue
        n += 1
        maybe_ack(consumer, msg, n)
        charge_payment(msg.value())
        ack(consumer, msg)
`),
    },
    {
      name: 'a method of another class with the name of a helper that only commits',
      path: 'two_consumers.py',
      code: py(`
class OrderConsumer:
    def ack(self, msg):
        self.consumer.commit(message=msg, asynchronous=False)

    def run(self):
        while True:
            msg = self.consumer.poll(1.0)
            if msg is None:
                continue
            charge_payment(msg.value())
            self.ack(msg)


class RetryScheduler:
    def ack(self, msg):
        self.store.mark_received(msg.key())

    def run(self):
        while True:
            msg = self.consumer.poll(1.0)
            if msg is None:
                continue
            self.ack(msg)
            schedule_retry(msg.value())
            self.consumer.commit(message=msg, asynchronous=False)
`),
    },
  ],
  invalid: [
    ...kafkajsCases.invalid,
    ...javaCases.invalid,
    ...goCases.invalid,
    ...transactionCases.invalid,
    {
      name: 'KafkaConsumer: each record committed in a loop of its own (the offsets built in the call), then the records saved',
      path: 'Loop.java',
      code: py(`
class Loop {
    void run() {
        while (running) {
            ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(100));
            for (ConsumerRecord<String, String> r : records) {
                consumer.commitSync(Collections.singletonMap(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1)));
            }
            for (ConsumerRecord<String, String> r : records) {
                repository.save(r.value());
            }
        }
    }
}
`),
      errors: [{ line: 6, column: 17, message: 'Offset committed before `repository.save(...)` runs' }],
      output: null,
    },
    {
      name: 'confluent-kafka: each message is committed in a loop of its own before the batch is stored',
      path: 'batch_before.py',
      code: py(`
while running:
    msgs = consumer.consume(num_messages=500, timeout=1.0)
    for msg in msgs:
        consumer.commit(message=msg, asynchronous=False)
    warehouse.bulk_insert([json.loads(m.value()) for m in msgs])
`),
      errors: [{ line: 4, column: 9, message: 'Offset committed before `warehouse.bulk_insert(...)` runs' }],
      output: null,
    },
    {
      name: 'explicit offsets that already hold the message being handled',
      path: 'filled_first.py',
      code: py(`
def run(consumer):
    offsets = {}
    for msg in consumer:
        offsets[TopicPartition(msg.topic, msg.partition)] = OffsetAndMetadata(msg.offset + 1, None)
        consumer.commit(offsets)
        process(msg.value)
`),
      errors: [{ line: 5, column: 9, message: 'Offset committed before `process(...)` runs' }],
      output: py(`
def run(consumer):
    offsets = {}
    for msg in consumer:
        offsets[TopicPartition(msg.topic, msg.partition)] = OffsetAndMetadata(msg.offset + 1, None)
        process(msg.value)
        consumer.commit(offsets)
`),
    },
    {
      name: 'explicit offsets taken from the positions after the poll, before the records are processed',
      path: 'positions.py',
      code: py(`
def run(consumer):
    while True:
        batch = consumer.poll(timeout_ms=500)
        offsets = {tp: OffsetAndMetadata(consumer.position(tp), None) for tp in batch}
        for tp, records in batch.items():
            for record in records:
                consumer.commit(offsets)
                process(record.value)
`),
      errors: [{ line: 7, column: 17, message: 'Offset committed before `process(...)` runs' }],
      output: py(`
def run(consumer):
    while True:
        batch = consumer.poll(timeout_ms=500)
        offsets = {tp: OffsetAndMetadata(consumer.position(tp), None) for tp in batch}
        for tp, records in batch.items():
            for record in records:
                process(record.value)
                consumer.commit(offsets)
`),
    },
    {
      name: 'the lesson snippet: commit first, then charge',
      path: 'lesson.py',
      code: py(`
for msg in consumer:  # at-least-once Kafka consumer
    event = parse(msg.value)
    consumer.commit()          # commit offset FIRST
    charge_payment(event.order_id,   # then do the side effect
                   event.amount_cents)
`),
      errors: [{ line: 3, column: 5, endLine: 3, endColumn: 22, message: 'Offset committed before `charge_payment(...)` runs', severity: 'error' }],
      output: py(`
for msg in consumer:  # at-least-once Kafka consumer
    event = parse(msg.value)
    charge_payment(event.order_id,   # then do the side effect
                   event.amount_cents)
    consumer.commit()          # commit offset FIRST
`),
    },
    {
      name: 'confluent-kafka poll loop committing the message before handling it',
      path: 'poll_loop.py',
      code: py(`
while True:
    msg = consumer.poll(timeout=1.0)
    if msg is None:
        continue
    # acknowledge early so the partition keeps moving
    consumer.commit(message=msg, asynchronous=False)
    order = json.loads(msg.value())
    reserve_stock(order["sku"], order["qty"])
    log.info("reserved %s", order["sku"])
`),
      errors: [{ line: 6, column: 5, message: 'Offset committed before `reserve_stock(...)` runs' }],
      output: py(`
while True:
    msg = consumer.poll(timeout=1.0)
    if msg is None:
        continue
    order = json.loads(msg.value())
    reserve_stock(order["sku"], order["qty"])
    # acknowledge early so the partition keeps moving
    consumer.commit(message=msg, asynchronous=False)
    log.info("reserved %s", order["sku"])
`),
    },
    {
      name: 'aiokafka: awaited commit before the awaited work',
      path: 'aio_bad.py',
      code: py(`
async def consume(consumer: AIOKafkaConsumer) -> None:
    async for msg in consumer:
        await consumer.commit()
        await send_email(msg.value["to"], msg.value["body"])
`),
      errors: [{ line: 3, column: 15, message: 'Offset committed before `send_email(...)` runs' }],
      output: py(`
async def consume(consumer: AIOKafkaConsumer) -> None:
    async for msg in consumer:
        await send_email(msg.value["to"], msg.value["body"])
        await consumer.commit()
`),
    },
    {
      name: 'store_offsets before the work',
      path: 'store_bad.py',
      code: py(`
c = Consumer(conf)
while True:
    m = c.poll(1.0)
    if m is None:
        continue
    c.store_offsets(m)
    upsert_customer(m.value())
`),
      errors: [{ line: 6, column: 5, message: "Offset committed before `upsert_customer(...)` runs" }],
      output: py(`
c = Consumer(conf)
while True:
    m = c.poll(1.0)
    if m is None:
        continue
    upsert_customer(m.value())
    c.store_offsets(m)
`),
    },
    {
      name: 'batch committed before its messages are processed',
      path: 'batch_bad.py',
      code: py(`
while True:
    batch = consumer.consume(num_messages=500, timeout=1.0)
    consumer.commit(asynchronous=False)
    for m in batch:
        index_document(m.value())
`),
      errors: [{ line: 3, column: 5, message: 'Offset committed before `index_document(...)` runs' }],
      output: py(`
while True:
    batch = consumer.consume(num_messages=500, timeout=1.0)
    for m in batch:
        index_document(m.value())
    consumer.commit(asynchronous=False)
`),
    },
    {
      name: 'a `continue` between commit and work makes the move unsafe',
      path: 'unsafe_move.py',
      code: py(`
for msg in self.consumer:
    self.consumer.commit()
    try:
        event = Event.parse(msg.value)
    except ValueError:
        continue
    capture_payment(event)
`),
      errors: [{ line: 2, column: 5, message: 'Offset committed before `capture_payment(...)` runs' }],
      output: null,
      unsafeOutput: py(`
for msg in self.consumer:
    try:
        event = Event.parse(msg.value)
    except ValueError:
        continue
    capture_payment(event)
    self.consumer.commit()
`),
    },
    {
      name: 'a conditional early commit is reported without a fix',
      path: 'conditional.py',
      code: py(`
for msg in consumer:
    if fast_ack:
        consumer.commit()
    charge_card(msg.value)
`),
      errors: [{ line: 3, column: 9, message: 'Offset committed before `charge_card(...)` runs' }],
      output: null,
    },
    {
      name: 'the work is in the return statement: reported, and no move past a return',
      path: 'returns.py',
      code: py(`
def handle(msg):
    consumer.commit(message=msg)
    return apply_discount(msg.value())
`),
      errors: [{ line: 2, column: 5, message: 'Offset committed before `apply_discount(...)` runs' }],
      output: null,
    },
    {
      name: 'handler function: the parameter is the message',
      path: 'handler.py',
      code: py(`
def handle(msg):
    kafka_consumer.commit(message=msg)
    ledger.record(msg.value())
`),
      errors: [{ line: 2, column: 5, message: 'Offset committed before `ledger.record(...)` runs' }],
      output: py(`
def handle(msg):
    ledger.record(msg.value())
    kafka_consumer.commit(message=msg)
`),
    },
    {
      name: 'a helper that only commits, called before the work',
      path: 'ack_helper.py',
      code: py(`
def ack(consumer, msg):
    log.debug("committing %s", msg.offset())
    consumer.commit(message=msg, asynchronous=False)

def run(consumer):
    while True:
        msg = consumer.poll(1.0)
        if msg is None:
            continue
        ack(consumer, msg)
        charge_payment(msg.value())
`),
      errors: [{ line: 10, column: 9, message: 'Offset committed before `charge_payment(...)` runs' }],
      output: py(`
def ack(consumer, msg):
    log.debug("committing %s", msg.offset())
    consumer.commit(message=msg, asynchronous=False)

def run(consumer):
    while True:
        msg = consumer.poll(1.0)
        if msg is None:
            continue
        charge_payment(msg.value())
        ack(consumer, msg)
`),
    },
  ],
};

ruleTester(commitBeforeSideEffect, tests);
checkFixInvariants(commitBeforeSideEffect, tests.invalid);
