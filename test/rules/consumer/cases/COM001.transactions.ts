// COM001 cases where the message's work is a database write: the offset must not be committed
// before the transaction holding that write commits.
import type { RuleTests } from '../../ruleTester';

const src = (s: string) => s.replace(/^\n/, '');

export const transactionCases: RuleTests = {
  valid: [
    {
      name: 'SQLAlchemy: the session commits, then the offset',
      path: 'payments_ok.py',
      code: src(`
for msg in consumer:
    session.add(Payment(order_id=msg.key(), amount_cents=int(msg.value())))
    session.commit()
    consumer.commit(message=msg, asynchronous=False)
`),
    },
    {
      name: 'psycopg: the write and the offset commit, and no database commit after the offset',
      path: 'autocommit.py',
      code: src(`
conn = psycopg.connect(DSN, autocommit=True)
cur = conn.cursor()
while True:
    msg = consumer.poll(1.0)
    if msg is None:
        continue
    cur.execute("INSERT INTO payments (id, amount_cents) VALUES (%s, %s)", (msg.key(), msg.value()))
    consumer.commit(message=msg, asynchronous=False)
`),
    },
    {
      name: 'SQLAlchemy: `with session.begin():` commits when the block ends, before the offset',
      path: 'begin_block.py',
      code: src(`
def run(consumer, Session):
    for msg in consumer:
        event = json.loads(msg.value())
        with Session.begin() as session:
            session.add(Payment(order_id=event["order_id"], amount_cents=event["amount_cents"]))
        consumer.commit(message=msg, asynchronous=False)
`),
    },
    {
      name: 'Django: the atomic block ends before the offset commit',
      path: 'atomic_ok.py',
      code: src(`
from django.db import transaction

def consume(consumer):
    for msg in consumer:
        event = json.loads(msg.value())
        with transaction.atomic():
            Payment.objects.create(order_id=event["order_id"], amount_cents=event["amount_cents"])
            Ledger.objects.create(order_id=event["order_id"], delta=event["amount_cents"])
        consumer.commit(message=msg, asynchronous=False)
`),
    },
    {
      name: 'the database commit after the loop belongs to no single message',
      path: 'after_loop.py',
      code: src(`
def drain(consumer, session):
    for msg in consumer:
        charge_card(json.loads(msg.value()))
        consumer.commit(message=msg)
    session.add(RunSummary(finished_at=datetime.now()))
    session.commit()
`),
    },
    {
      name: 'a skipped message is committed and left before the next message is written',
      path: 'skip_then_write.py',
      code: src(`
for msg in consumer:
    if msg.headers() and ("replay", b"1") in msg.headers():
        consumer.commit(message=msg)
        continue
    session.add(Payment.from_event(json.loads(msg.value())))
    session.commit()
    consumer.commit(message=msg)
`),
    },
    {
      name: 'a duplicate is rolled back, its offset committed; the commit after it has nothing of that message',
      path: 'duplicate.py',
      code: src(`
for msg in consumer:
    try:
        session.add(ProcessedEvent(event_id=msg.key()))
        session.flush()
    except IntegrityError:
        session.rollback()
        consumer.commit(message=msg)
        continue
    apply_payment(session, json.loads(msg.value()))
    session.commit()
    consumer.commit(message=msg)
`),
    },
    {
      name: 'offsets stored in the same transaction: the database holds the position',
      path: 'offsets_in_db.py',
      code: src(`
while True:
    msg = consumer.poll(1.0)
    if msg is None:
        continue
    cur.execute("INSERT INTO payments (id, amount_cents) VALUES (%s, %s)", (msg.key(), msg.value()))
    cur.execute(
        "UPDATE consumer_offsets SET next_offset = %s WHERE topic = %s AND kafka_partition = %s",
        (msg.offset() + 1, msg.topic(), msg.partition()),
    )
    consumer.commit(message=msg, asynchronous=False)
    conn.commit()
`),
    },
    {
      name: 'exactly-once with a transactional producer: offsets sent to the Kafka transaction, then committed',
      path: 'eos.py',
      code: src(`
def run(consumer, producer):
    producer.init_transactions()
    while True:
        msg = consumer.poll(1.0)
        if msg is None:
            continue
        producer.begin_transaction()
        producer.produce("payments.enriched", key=msg.key(), value=enrich(msg.value()))
        producer.send_offsets_to_transaction(
            consumer.position(consumer.assignment()),
            consumer.consumer_group_metadata(),
        )
        producer.commit_transaction()
`),
    },
    {
      name: 'a helper of this file that commits by itself: the later commit has nothing pending',
      path: 'helper_commits.py',
      code: src(`
def save_payment(session, event):
    session.add(Payment(order_id=event["order_id"], amount_cents=event["amount_cents"]))
    session.commit()


def run(consumer, session):
    for msg in consumer:
        save_payment(session, json.loads(msg.value()))
        consumer.commit(message=msg)
        session.commit()
`),
    },
    {
      name: 'a helper from another module may commit by itself: not reported',
      path: 'imported_helper.py',
      code: src(`
from payments.crud import create_payment


def run(consumer, db):
    for msg in consumer:
        create_payment(db, json.loads(msg.value()))
        consumer.commit(message=msg)
        db.commit()
`),
    },
    {
      name: 'Go: tx.Commit, then CommitMessages',
      path: 'tx_ok.go',
      code: src(`
package consumer

func (s *Service) Run(ctx context.Context, r *kafka.Reader) error {
	for {
		m, err := r.FetchMessage(ctx)
		if err != nil {
			return err
		}
		tx, err := s.db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		defer tx.Rollback()
		if _, err := tx.ExecContext(ctx, "INSERT INTO payments (id, body) VALUES ($1, $2)", string(m.Key), m.Value); err != nil {
			return err
		}
		if err := tx.Commit(); err != nil {
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
      name: 'Java: connection.commit, then commitSync',
      path: 'JdbcOk.java',
      code: src(`
class PaymentConsumer {
    void run() throws SQLException {
        connection.setAutoCommit(false);
        while (running) {
            ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
            for (ConsumerRecord<String, String> record : records) {
                PreparedStatement ps = connection.prepareStatement("INSERT INTO payments (id, body) VALUES (?, ?)");
                ps.setString(1, record.key());
                ps.setString(2, record.value());
                ps.executeUpdate();
            }
            connection.commit();
            consumer.commitSync();
        }
    }
}
`),
    },
    {
      name: 'Java: a @Transactional listener acknowledges last (MANUAL acks are committed after the listener returns)',
      path: 'TransactionalListener.java',
      code: src(`
class PaymentListener {
    @Transactional
    @KafkaListener(topics = "payments")
    public void on(ConsumerRecord<String, String> record, Acknowledgment ack) {
        payments.save(Payment.from(record.value()));
        ack.acknowledge();
    }
}
`),
    },
    {
      name: 'kafkajs + pg: COMMIT, then commitOffsets',
      path: 'pg_ok.ts',
      code: src(`
await consumer.run({
  autoCommit: false,
  eachMessage: async ({ topic, partition, message }) => {
    const payment = JSON.parse(message.value!.toString());
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('INSERT INTO payments (id, amount_cents) VALUES ($1, $2)', [payment.id, payment.amountCents]);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    await consumer.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
  },
});
`),
    },
    {
      name: 'kafkajs: a producer transaction sends the offsets and commits them with the output',
      path: 'eos.ts',
      code: src(`
await consumer.run({
  autoCommit: false,
  eachMessage: async ({ topic, partition, message }) => {
    const transaction = await producer.transaction();
    try {
      await transaction.send({ topic: 'payments.enriched', messages: [{ key: message.key, value: enrich(message.value) }] });
      await transaction.sendOffsets({
        consumerGroupId: 'payments',
        topics: [{ topic, partitions: [{ partition, offset: (BigInt(message.offset) + 1n).toString() }] }],
      });
      await transaction.commit();
    } catch (err) {
      await transaction.abort();
      throw err;
    }
  },
});
`),
    },
    {
      name: 'a with block around the loop (closing the consumer) is no transaction because an atomic block is nested in it',
      path: 'closing_consumer.py',
      code: src(`
from contextlib import closing
from django.db import transaction

def consume(consumer):
    with closing(consumer):
        while True:
            msg = consumer.poll(1.0)
            if msg is None or msg.error():
                continue
            event = json.loads(msg.value())
            with transaction.atomic():
                Payment.objects.create(order_id=event["order_id"], amount_cents=event["amount_cents"])
            consumer.commit(message=msg, asynchronous=False)
`),
    },
    {
      name: 'a tracing span around each message holds a session.begin() block that ends before the offset commit',
      path: 'traced.py',
      code: src(`
tracer = trace.get_tracer(__name__)

def consume(consumer, Session):
    for msg in consumer:
        with tracer.start_as_current_span("payments.consume"):
            event = json.loads(msg.value)
            with Session.begin() as session:
                session.add(Payment(order_id=event["order_id"], amount_cents=event["amount_cents"]))
            consumer.commit()
`),
    },
    {
      name: 'psycopg2: the connection block spans the loop; conn.commit() runs before the offset commit',
      path: 'conn_block_commit.py',
      code: src(`
def run(consumer, dsn):
    with psycopg2.connect(dsn) as conn:
        with conn.cursor() as cur:
            while True:
                msg = consumer.poll(1.0)
                if msg is None or msg.error():
                    continue
                try:
                    cur.execute("INSERT INTO payments (id, amount_cents) VALUES (%s, %s)", (msg.key(), int(msg.value())))
                    conn.commit()
                except psycopg2.IntegrityError:
                    conn.rollback()
                consumer.commit(message=msg, asynchronous=False)
`),
    },
    {
      name: 'psycopg: an autocommit connection block spans the loop',
      path: 'conn_block_autocommit.py',
      code: src(`
def run(consumer, dsn):
    with psycopg.connect(dsn, autocommit=True) as conn:
        while True:
            msg = consumer.poll(1.0)
            if msg is None or msg.error():
                continue
            conn.execute("INSERT INTO payments (id, amount_cents) VALUES (%s, %s)", (msg.key(), int(msg.value())))
            consumer.commit(message=msg, asynchronous=False)
`),
    },
    {
      name: 'psycopg: a conn.transaction() block in the connection block ends before the offset commit',
      path: 'conn_block_transaction.py',
      code: src(`
def run(consumer, dsn):
    with psycopg.connect(dsn) as conn:
        while True:
            msg = consumer.poll(1.0)
            if msg is None or msg.error():
                continue
            with conn.transaction():
                conn.execute("INSERT INTO payments (id, amount_cents) VALUES (%s, %s)", (msg.key(), int(msg.value())))
            consumer.commit(message=msg, asynchronous=False)
`),
    },
    {
      name: 'confluent-kafka with enable.auto.commit off: stored offsets wait for the commit() after the session commit',
      path: 'store_manual_commit.py',
      code: src(`
consumer = Consumer({"bootstrap.servers": "k:9092", "group.id": "pay", "enable.auto.commit": False, "enable.auto.offset.store": False})
last = time.monotonic()
while True:
    msg = consumer.poll(1.0)
    if msg is None or msg.error():
        continue
    session.add(Payment(order_id=msg.key(), amount_cents=int(msg.value())))
    consumer.store_offsets(message=msg)
    if time.monotonic() - last > 5:
        session.commit()
        consumer.commit(asynchronous=False)
        last = time.monotonic()
`),
    },
    {
      name: 'confluent-kafka: a config dict assigned once, spread base first, passed to the consumer held in a field',
      path: 'store_manual_commit_field.py',
      code: src(`
BASE = {"bootstrap.servers": os.environ["KAFKA_BOOTSTRAP"]}
CONSUMER_CONF = {
    **BASE,
    "group.id": "payments",
    "enable.auto.commit": "false",
    "enable.auto.offset.store": False,
}


class PaymentsWorker:
    def __init__(self, session_factory):
        self.consumer = Consumer(CONSUMER_CONF)
        self.session = session_factory()

    def run(self):
        pending = 0
        while True:
            msg = self.consumer.poll(1.0)
            if msg is None or msg.error():
                continue
            self.session.add(Payment(order_id=msg.key(), amount_cents=int(msg.value())))
            self.consumer.store_offsets(message=msg)
            pending += 1
            if pending >= 100:
                self.session.commit()
                self.consumer.commit(asynchronous=False)
                pending = 0
`),
    },
    {
      name: 'psycopg_pool: conn.commit() in the pool connection block before the offset commit',
      path: 'pool_commit.py',
      code: src(`
from psycopg_pool import ConnectionPool

pool = ConnectionPool(DSN)


def run(consumer):
    while True:
        msg = consumer.poll(1.0)
        if msg is None or msg.error():
            continue
        with pool.connection() as conn:
            conn.execute("INSERT INTO payments (id, amount_cents) VALUES (%s, %s)", (msg.key(), int(msg.value())))
            conn.commit()
            consumer.commit(message=msg, asynchronous=False)
`),
    },
    {
      name: 'psycopg_pool: the offset is committed after the pool connection block has ended',
      path: 'pool_after_block.py',
      code: src(`
def run(consumer, pool):
    while True:
        msg = consumer.poll(1.0)
        if msg is None or msg.error():
            continue
        with pool.connection() as conn:
            with conn.cursor() as cur:
                cur.execute("INSERT INTO payments (id, amount_cents) VALUES (%s, %s)", (msg.key(), int(msg.value())))
        consumer.commit(message=msg, asynchronous=False)
`),
    },
    {
      name: 'psycopg_pool: the pool hands out autocommit connections',
      path: 'pool_autocommit.py',
      code: src(`
from psycopg_pool import ConnectionPool

pool = ConnectionPool(DSN, kwargs={"autocommit": True})


def run(consumer):
    while True:
        msg = consumer.poll(1.0)
        if msg is None or msg.error():
            continue
        with pool.connection() as conn:
            conn.execute("INSERT INTO payments (id, amount_cents) VALUES (%s, %s)", (msg.key(), int(msg.value())))
            consumer.commit(message=msg, asynchronous=False)
`),
    },
  ],
  invalid: [
    {
      name: 'psycopg_pool: the offset is committed inside the pool connection block that writes the payment',
      path: 'pool_block.py',
      code: src(`
from psycopg_pool import ConnectionPool

pool = ConnectionPool(DSN)


def run(consumer):
    while True:
        msg = consumer.poll(1.0)
        if msg is None or msg.error():
            continue
        with pool.connection() as conn:
            conn.execute("INSERT INTO payments (id, amount_cents) VALUES (%s, %s)", (msg.key(), int(msg.value())))
            consumer.commit(message=msg, asynchronous=False)
`),
      errors: [
        {
          line: 13,
          column: 13,
          message: 'Offset committed before the `with pool.connection()` block commits `INSERT INTO payments`',
        },
      ],
      output: null,
    },
    {
      name: 'psycopg_pool async: aiokafka commits inside the pool connection block',
      path: 'pool_async.py',
      code: src(`
from psycopg_pool import AsyncConnectionPool

pool = AsyncConnectionPool(DSN, open=False)


async def consume(consumer):
    async for msg in consumer:
        event = json.loads(msg.value)
        async with pool.connection() as conn:
            await conn.execute("INSERT INTO payments (id, amount_cents) VALUES (%s, %s)", (event["id"], event["amount_cents"]))
            await consumer.commit()
`),
      errors: [
        {
          line: 11,
          column: 19,
          message: 'Offset committed before the `with pool.connection()` block commits `INSERT INTO payments`',
        },
      ],
      output: null,
    },
    {
      name: 'psycopg_pool: a pool connection block spans the loop and nothing commits the writes',
      path: 'pool_spans_loop.py',
      code: src(`
class PaymentsConsumer:
    def __init__(self, consumer, pool):
        self.consumer = consumer
        self._pool = pool

    def run(self):
        with self._pool.connection() as conn:
            while True:
                msg = self.consumer.poll(1.0)
                if msg is None or msg.error():
                    continue
                conn.execute("INSERT INTO payments (id, amount_cents) VALUES (%s, %s)", (msg.key(), int(msg.value())))
                self.consumer.commit(message=msg, asynchronous=False)
`),
      errors: [
        {
          line: 13,
          column: 17,
          message: 'Offset committed before the `with self._pool.connection()` block commits `INSERT INTO payments`',
        },
      ],
      output: null,
    },
    {
      name: 'confluent-kafka with auto commit on by default: stored offsets are committed in the background before the session',
      path: 'store_auto_commit.py',
      code: src(`
consumer = Consumer({"bootstrap.servers": "k:9092", "group.id": "pay", "enable.auto.offset.store": False})
last = time.monotonic()
while True:
    msg = consumer.poll(1.0)
    if msg is None or msg.error():
        continue
    session.add(Payment(order_id=msg.key(), amount_cents=int(msg.value())))
    consumer.store_offsets(message=msg)
    if time.monotonic() - last > 5:
        session.commit()
        consumer.commit(asynchronous=False)
        last = time.monotonic()
`),
      errors: [{ line: 8, column: 5, message: 'Offset committed before `session.commit()` commits `session.add(...)`' }],
      output: src(`
consumer = Consumer({"bootstrap.servers": "k:9092", "group.id": "pay", "enable.auto.offset.store": False})
last = time.monotonic()
while True:
    msg = consumer.poll(1.0)
    if msg is None or msg.error():
        continue
    session.add(Payment(order_id=msg.key(), amount_cents=int(msg.value())))
    if time.monotonic() - last > 5:
        session.commit()
        consumer.commit(asynchronous=False)
        last = time.monotonic()
    consumer.store_offsets(message=msg)
`),
    },
    {
      name: 'confluent-kafka with enable.auto.commit set to True: stored offsets are committed in the background',
      path: 'store_auto_commit_true.py',
      code: src(`
conf = {"bootstrap.servers": "k:9092", "group.id": "pay", "enable.auto.commit": True, "enable.auto.offset.store": False}
consumer = Consumer(conf)
last = time.monotonic()
while True:
    msg = consumer.poll(1.0)
    if msg is None or msg.error():
        continue
    session.add(Payment(order_id=msg.key(), amount_cents=int(msg.value())))
    consumer.store_offsets(message=msg)
    if time.monotonic() - last > 5:
        session.commit()
        consumer.commit(asynchronous=False)
        last = time.monotonic()
`),
      errors: [{ line: 9, column: 5, message: 'Offset committed before `session.commit()` commits `session.add(...)`' }],
      output: src(`
conf = {"bootstrap.servers": "k:9092", "group.id": "pay", "enable.auto.commit": True, "enable.auto.offset.store": False}
consumer = Consumer(conf)
last = time.monotonic()
while True:
    msg = consumer.poll(1.0)
    if msg is None or msg.error():
        continue
    session.add(Payment(order_id=msg.key(), amount_cents=int(msg.value())))
    if time.monotonic() - last > 5:
        session.commit()
        consumer.commit(asynchronous=False)
        last = time.monotonic()
    consumer.store_offsets(message=msg)
`),
    },
    {
      name: 'confluent-kafka: overrides spread after enable.auto.commit may turn it back on, so the config is not known',
      path: 'store_overrides.py',
      code: src(`
def build(overrides):
    return Consumer({"group.id": "pay", "enable.auto.commit": False, **overrides})


def run(consumer, session):
    while True:
        msg = consumer.poll(1.0)
        if msg is None:
            continue
        session.add(Payment(order_id=msg.key(), amount_cents=int(msg.value())))
        consumer.store_offsets(message=msg)
        session.commit()
`),
      errors: [{ line: 11, column: 9, message: 'Offset committed before `session.commit()` commits `session.add(...)`' }],
      output: src(`
def build(overrides):
    return Consumer({"group.id": "pay", "enable.auto.commit": False, **overrides})


def run(consumer, session):
    while True:
        msg = consumer.poll(1.0)
        if msg is None:
            continue
        session.add(Payment(order_id=msg.key(), amount_cents=int(msg.value())))
        session.commit()
        consumer.store_offsets(message=msg)
`),
    },
    {
      name: 'confluent-kafka: of two consumers, the one storing offsets auto-commits',
      path: 'store_two_consumers.py',
      code: src(`
audit = Consumer({"group.id": "audit", "enable.auto.commit": False})
payments = Consumer({"group.id": "pay", "enable.auto.offset.store": False})

def run(session):
    while True:
        msg = payments.poll(1.0)
        if msg is None:
            continue
        session.add(Payment(order_id=msg.key(), amount_cents=int(msg.value())))
        payments.store_offsets(message=msg)
        session.commit()
`),
      errors: [{ line: 10, column: 9, message: 'Offset committed before `session.commit()` commits `session.add(...)`' }],
      output: src(`
audit = Consumer({"group.id": "audit", "enable.auto.commit": False})
payments = Consumer({"group.id": "pay", "enable.auto.offset.store": False})

def run(session):
    while True:
        msg = payments.poll(1.0)
        if msg is None:
            continue
        session.add(Payment(order_id=msg.key(), amount_cents=int(msg.value())))
        session.commit()
        payments.store_offsets(message=msg)
`),
    },
    {
      name: 'confluent-kafka with enable.auto.commit off: the explicit commit() before the session commit is still flagged',
      path: 'store_manual_commit_early.py',
      code: src(`
consumer = Consumer({"group.id": "pay", "enable.auto.commit": False, "enable.auto.offset.store": False})
while True:
    msg = consumer.poll(1.0)
    if msg is None:
        continue
    session.add(Payment(order_id=msg.key(), amount_cents=int(msg.value())))
    consumer.store_offsets(message=msg)
    consumer.commit(asynchronous=False)
    session.commit()
`),
      errors: [{ line: 8, column: 5, message: 'Offset committed before `session.commit()` commits `session.add(...)`' }],
      output: src(`
consumer = Consumer({"group.id": "pay", "enable.auto.commit": False, "enable.auto.offset.store": False})
while True:
    msg = consumer.poll(1.0)
    if msg is None:
        continue
    session.add(Payment(order_id=msg.key(), amount_cents=int(msg.value())))
    consumer.store_offsets(message=msg)
    session.commit()
    consumer.commit(asynchronous=False)
`),
    },
    {
      name: 'psycopg: a query outside any transaction block opened the transaction, so conn.transaction() is a savepoint',
      path: 'conn_block_savepoint.py',
      code: src(`
def run(consumer, dsn):
    with psycopg.connect(dsn) as conn:
        known = {row[0] for row in conn.execute("SELECT id FROM merchants").fetchall()}
        while True:
            msg = consumer.poll(1.0)
            if msg is None or msg.error():
                continue
            with conn.transaction():
                conn.execute("INSERT INTO payments (id, amount_cents) VALUES (%s, %s)", (msg.key(), int(msg.value())))
            consumer.commit(message=msg, asynchronous=False)
`),
      errors: [
        {
          line: 10,
          column: 13,
          message: 'Offset committed before the `with psycopg.connect(dsn)` block commits `INSERT INTO payments`',
        },
      ],
      output: null,
    },
    {
      name: 'psycopg2: the connection block spans the loop and commits only every hundredth message',
      path: 'conn_block_every_100.py',
      code: src(`
def run(consumer, dsn):
    n = 0
    with psycopg2.connect(dsn) as conn:
        cur = conn.cursor()
        while True:
            msg = consumer.poll(1.0)
            if msg is None or msg.error():
                continue
            cur.execute("INSERT INTO payments (id, amount_cents) VALUES (%s, %s)", (msg.key(), int(msg.value())))
            n += 1
            if n % 100 == 0:
                conn.commit()
            consumer.commit(message=msg, asynchronous=False)
`),
      errors: [
        {
          line: 13,
          column: 13,
          message: 'Offset committed before the `with psycopg2.connect(dsn)` block commits `INSERT INTO payments`',
        },
      ],
      output: null,
    },
    {
      name: 'SQLAlchemy: the offset is committed before the session that holds the payment',
      path: 'payments.py',
      code: src(`
for msg in consumer:
    session.add(Payment(order_id=msg.key(), amount_cents=int(msg.value())))
    consumer.commit(message=msg, asynchronous=False)
    session.commit()
`),
      errors: [
        {
          line: 3,
          column: 5,
          endLine: 3,
          endColumn: 53,
          message: 'Offset committed before `session.commit()` commits `session.add(...)`',
        },
      ],
      output: src(`
for msg in consumer:
    session.add(Payment(order_id=msg.key(), amount_cents=int(msg.value())))
    session.commit()
    consumer.commit(message=msg, asynchronous=False)
`),
    },
    {
      name: 'psycopg: INSERT through a cursor of the connection, offset, then conn.commit()',
      path: 'poll_psycopg.py',
      code: src(`
conn = psycopg2.connect(DSN)
consumer = Consumer(conf)
while True:
    msg = consumer.poll(1.0)
    if msg is None or msg.error():
        continue
    event = json.loads(msg.value())
    with conn.cursor() as cur:
        cur.execute("INSERT INTO payments (id, amount_cents) VALUES (%s, %s)", (event["id"], event["amount_cents"]))
    consumer.commit(message=msg, asynchronous=False)
    conn.commit()
`),
      errors: [{ line: 10, column: 5, message: 'Offset committed before `conn.commit()` commits `INSERT INTO payments`' }],
      output: src(`
conn = psycopg2.connect(DSN)
consumer = Consumer(conf)
while True:
    msg = consumer.poll(1.0)
    if msg is None or msg.error():
        continue
    event = json.loads(msg.value())
    with conn.cursor() as cur:
        cur.execute("INSERT INTO payments (id, amount_cents) VALUES (%s, %s)", (event["id"], event["amount_cents"]))
    conn.commit()
    consumer.commit(message=msg, asynchronous=False)
`),
    },
    {
      name: 'work after the offset commit and the database commit after it: the commit moves past both',
      path: 'work_then_db.py',
      code: src(`
for msg in consumer:
    order = json.loads(msg.value())
    db.session.add(Shipment(order_id=order["id"]))
    consumer.commit()
    notify_warehouse(order["id"])
    db.session.commit()
`),
      errors: [{ line: 4, column: 5, message: 'Offset committed before `notify_warehouse(...)` runs' }],
      output: src(`
for msg in consumer:
    order = json.loads(msg.value())
    db.session.add(Shipment(order_id=order["id"]))
    notify_warehouse(order["id"])
    db.session.commit()
    consumer.commit()
`),
    },
    {
      name: 'batch: every row added, the batch offset committed, then the session',
      path: 'batch_rows.py',
      code: src(`
while True:
    msgs = consumer.consume(num_messages=200, timeout=1.0)
    for m in msgs:
        session.add(LedgerEntry.from_event(json.loads(m.value())))
    consumer.commit(asynchronous=False)
    session.commit()
`),
      errors: [{ line: 5, column: 5, message: 'Offset committed before `session.commit()` commits `session.add(...)`' }],
      output: src(`
while True:
    msgs = consumer.consume(num_messages=200, timeout=1.0)
    for m in msgs:
        session.add(LedgerEntry.from_event(json.loads(m.value())))
    session.commit()
    consumer.commit(asynchronous=False)
`),
    },
    {
      name: 'a helper of this file writes through the session; the offset is committed before the session',
      path: 'projection.py',
      code: src(`
class OrderProjection:
    def apply(self, session, event):
        session.merge(OrderRow.from_event(event))
        session.add(ProcessedEvent(id=event["event_id"]))

    def run(self):
        while True:
            msg = self.consumer.poll(1.0)
            if msg is None or msg.error():
                continue
            event = json.loads(msg.value())
            with SessionLocal() as session:
                self.apply(session, event)
                self.consumer.commit(message=msg, asynchronous=False)
                session.commit()
`),
      errors: [{ line: 14, column: 17, message: 'Offset committed before `session.commit()` commits what `self.apply(...)` wrote' }],
      output: src(`
class OrderProjection:
    def apply(self, session, event):
        session.merge(OrderRow.from_event(event))
        session.add(ProcessedEvent(id=event["event_id"]))

    def run(self):
        while True:
            msg = self.consumer.poll(1.0)
            if msg is None or msg.error():
                continue
            event = json.loads(msg.value())
            with SessionLocal() as session:
                self.apply(session, event)
                session.commit()
                self.consumer.commit(message=msg, asynchronous=False)
`),
    },
    {
      name: 'Django: the offset is committed inside the atomic block that writes the payment',
      path: 'atomic.py',
      code: src(`
from django.db import transaction

def consume(consumer):
    for msg in consumer:
        event = json.loads(msg.value())
        with transaction.atomic():
            Payment.objects.create(order_id=event["order_id"], amount_cents=event["amount_cents"])
            consumer.commit(message=msg, asynchronous=False)
`),
      errors: [
        {
          line: 8,
          column: 13,
          message: 'Offset committed before the `with transaction.atomic()` block commits `Payment.objects.create(...)`',
        },
      ],
      output: null,
    },
    {
      name: 'Go kafka-go: CommitMessages before tx.Commit (error paths return, so the move is unsafe)',
      path: 'tx_bad.go',
      code: src(`
package consumer

func (s *Service) Run(ctx context.Context, r *kafka.Reader) error {
	for {
		m, err := r.FetchMessage(ctx)
		if err != nil {
			return err
		}
		tx, err := s.db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO payments (id, body) VALUES ($1, $2)", string(m.Key), m.Value); err != nil {
			tx.Rollback()
			return err
		}
		if err := r.CommitMessages(ctx, m); err != nil {
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
}
`),
      errors: [{ line: 17, column: 13, message: 'Offset committed before `tx.Commit()` commits `INSERT INTO payments`' }],
      output: null,
      unsafeOutput: src(`
package consumer

func (s *Service) Run(ctx context.Context, r *kafka.Reader) error {
	for {
		m, err := r.FetchMessage(ctx)
		if err != nil {
			return err
		}
		tx, err := s.db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO payments (id, body) VALUES ($1, $2)", string(m.Key), m.Value); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
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
      name: 'Go sarama: the mark before tx.Commit',
      path: 'claim_tx.go',
      code: src(`
package consumer

func (h *handler) ConsumeClaim(sess sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error {
	for msg := range claim.Messages() {
		tx := h.db.MustBegin()
		tx.MustExec("INSERT INTO audit_log (topic, payload) VALUES ($1, $2)", msg.Topic, msg.Value)
		sess.MarkMessage(msg, "")
		tx.Commit()
	}
	return nil
}
`),
      errors: [{ line: 7, column: 3, message: 'Offset committed before `tx.Commit()` commits `INSERT INTO audit_log`' }],
      output: src(`
package consumer

func (h *handler) ConsumeClaim(sess sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error {
	for msg := range claim.Messages() {
		tx := h.db.MustBegin()
		tx.MustExec("INSERT INTO audit_log (topic, payload) VALUES ($1, $2)", msg.Topic, msg.Value)
		tx.Commit()
		sess.MarkMessage(msg, "")
	}
	return nil
}
`),
    },
    {
      name: 'Java JDBC: commitSync before connection.commit',
      path: 'JdbcBad.java',
      code: src(`
class PaymentConsumer {
    void run() throws SQLException {
        connection.setAutoCommit(false);
        while (running) {
            ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
            for (ConsumerRecord<String, String> record : records) {
                PreparedStatement ps = connection.prepareStatement("INSERT INTO payments (id, body) VALUES (?, ?)");
                ps.setString(1, record.key());
                ps.setString(2, record.value());
                ps.executeUpdate();
            }
            consumer.commitSync();
            connection.commit();
        }
    }
}
`),
      errors: [{ line: 12, column: 13, message: 'Offset committed before `connection.commit()` commits `INSERT INTO payments`' }],
      output: src(`
class PaymentConsumer {
    void run() throws SQLException {
        connection.setAutoCommit(false);
        while (running) {
            ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
            for (ConsumerRecord<String, String> record : records) {
                PreparedStatement ps = connection.prepareStatement("INSERT INTO payments (id, body) VALUES (?, ?)");
                ps.setString(1, record.key());
                ps.setString(2, record.value());
                ps.executeUpdate();
            }
            connection.commit();
            consumer.commitSync();
        }
    }
}
`),
    },
    {
      name: 'Java Hibernate: commitSync before transaction.commit',
      path: 'HibernateBad.java',
      code: src(`
class LedgerConsumer {
    void run() {
        while (running) {
            ConsumerRecords<String, Entry> records = consumer.poll(Duration.ofMillis(500));
            Transaction transaction = session.beginTransaction();
            for (ConsumerRecord<String, Entry> record : records) {
                session.persist(record.value());
            }
            consumer.commitSync();
            transaction.commit();
        }
    }
}
`),
      errors: [{ line: 9, column: 13, message: 'Offset committed before `transaction.commit()` commits `session.persist(...)`' }],
      output: src(`
class LedgerConsumer {
    void run() {
        while (running) {
            ConsumerRecords<String, Entry> records = consumer.poll(Duration.ofMillis(500));
            Transaction transaction = session.beginTransaction();
            for (ConsumerRecord<String, Entry> record : records) {
                session.persist(record.value());
            }
            transaction.commit();
            consumer.commitSync();
        }
    }
}
`),
    },
    {
      name: "kafkajs + pg: commitOffsets before client.query('COMMIT')",
      path: 'pg_bad.ts',
      code: src(`
await consumer.run({
  autoCommit: false,
  eachMessage: async ({ topic, partition, message }) => {
    const payment = JSON.parse(message.value!.toString());
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('INSERT INTO payments (id, amount_cents) VALUES ($1, $2)', [payment.id, payment.amountCents]);
      await consumer.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
      await client.query('COMMIT');
    } finally {
      client.release();
    }
  },
});
`),
      errors: [{ line: 9, column: 13, message: "Offset committed before `client.query('COMMIT')` commits `INSERT INTO payments`" }],
      output: src(`
await consumer.run({
  autoCommit: false,
  eachMessage: async ({ topic, partition, message }) => {
    const payment = JSON.parse(message.value!.toString());
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('INSERT INTO payments (id, amount_cents) VALUES ($1, $2)', [payment.id, payment.amountCents]);
      await client.query('COMMIT');
      await consumer.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
    } finally {
      client.release();
    }
  },
});
`),
    },
    {
      name: 'kafkajs + knex: commitOffsets before trx.commit()',
      path: 'knex_bad.js',
      code: src(`
await consumer.run({
  autoCommit: false,
  eachMessage: async ({ topic, partition, message }) => {
    const payment = JSON.parse(message.value.toString());
    const trx = await knex.transaction();
    await trx('payments').insert({ id: payment.id, amount_cents: payment.amountCents });
    await consumer.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
    await trx.commit();
  },
});
`),
      errors: [{ line: 7, column: 11, message: "Offset committed before `trx.commit()` commits `trx('payments').insert(...)`" }],
      output: src(`
await consumer.run({
  autoCommit: false,
  eachMessage: async ({ topic, partition, message }) => {
    const payment = JSON.parse(message.value.toString());
    const trx = await knex.transaction();
    await trx('payments').insert({ id: payment.id, amount_cents: payment.amountCents });
    await trx.commit();
    await consumer.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
  },
});
`),
    },
  ],
};
