import type { ValidCase } from '../../ruleTester';
import { src, type OutboxInvalidCase } from '../fixInvariants';

export const valid: ValidCase[] = [
  {
    name: 'boto3 SNS relay: publish (acknowledged when the call returns), then mark',
    path: 'relay_sns_ok.py',
    code: src(`
import boto3

sns = boto3.client("sns")


def relay_once(conn, topic_arn):
    with conn.cursor() as cur:
        cur.execute("SELECT id, payload FROM outbox WHERE sent = false ORDER BY id LIMIT 100")
        for row_id, payload in cur.fetchall():
            sns.publish(TopicArn=topic_arn, Message=payload)
            cur.execute("UPDATE outbox SET sent = true WHERE id = %s", (row_id,))
            conn.commit()
`),
  },
  {
    name: 'psycopg relay: publish, flush, then mark and commit',
    path: 'relay_ok.py',
    code: src(`
def relay_once(conn, producer):
    with conn.cursor() as cur:
        cur.execute("SELECT id, topic, key, payload FROM outbox WHERE sent = false ORDER BY id LIMIT 100")
        rows = cur.fetchall()
        for row_id, topic, key, payload in rows:
            producer.produce(topic, key=key, value=payload)
        producer.flush()
        cur.execute("UPDATE outbox SET sent = true WHERE id = ANY(%s)", ([r[0] for r in rows],))
    conn.commit()
`),
  },
  {
    name: 'FOR UPDATE SKIP LOCKED: mark inside the transaction, which commits after the flush',
    path: 'relay_locked.py',
    code: src(`
def relay_once(conn, producer):
    with conn.transaction():
        rows = conn.execute(
            "SELECT id, topic, key, payload FROM outbox WHERE published_at IS NULL "
            "ORDER BY id LIMIT 100 FOR UPDATE SKIP LOCKED"
        ).fetchall()
        for row in rows:
            conn.execute("UPDATE outbox SET published_at = now() WHERE id = %s", (row[0],))
            producer.produce(row[1], key=row[2], value=row[3])
        producer.flush()
`),
  },
  {
    name: 'Debezium outbox: the handler only writes the outbox row, CDC publishes it',
    path: 'place_order.py',
    code: src(`
def place_order(conn, order):
    with conn.transaction():
        conn.execute("INSERT INTO orders (id, customer_id, total_cents) VALUES (%s, %s, %s)", (order.id, order.customer_id, order.total))
        conn.execute(
            "INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload) VALUES (%s, 'order', %s, 'order.placed', %s)",
            (order.event_id, order.id, order.to_json()),
        )
`),
  },
  {
    name: 'cleanup of rows already published is not a mark',
    path: 'relay_cleanup.py',
    code: src(`
from django.utils import timezone
from outbox.models import OutboxEvent


def relay(producer):
    OutboxEvent.objects.filter(published_at__lt=timezone.now() - timedelta(days=7)).delete()
    for event in OutboxEvent.objects.filter(published_at__isnull=True).order_by("id")[:100]:
        producer.produce(event.topic, key=event.aggregate_id, value=event.payload)
        producer.flush()
        OutboxEvent.objects.filter(pk=event.pk).update(published_at=timezone.now())
`),
  },
  {
    name: 'a lease taken before publishing is not a mark',
    path: 'relay_lease.py',
    code: src(`
import psycopg

conn = psycopg.connect(DSN, autocommit=True)


def relay(producer, worker_id):
    rows = conn.execute(
        "UPDATE outbox SET locked_by = %s, locked_until = now() + interval '30 seconds' "
        "WHERE id IN (SELECT id FROM outbox WHERE sent_at IS NULL LIMIT 50 FOR UPDATE SKIP LOCKED) RETURNING id, topic, payload",
        (worker_id,),
    ).fetchall()
    for row_id, topic, payload in rows:
        producer.produce(topic, value=payload)
    producer.flush()
    conn.execute("UPDATE outbox SET sent_at = now() WHERE id = ANY(%s)", ([r[0] for r in rows],))
`),
  },
  {
    name: 'a poison row deleted on a path that never publishes',
    path: 'relay_poison.py',
    code: src(`
import psycopg

conn = psycopg.connect(DSN, autocommit=True)


def relay(producer):
    for row_id, topic, payload, attempts in conn.execute("SELECT id, topic, payload, attempts FROM outbox WHERE sent = false"):
        if attempts >= MAX_ATTEMPTS:
            conn.execute("DELETE FROM outbox WHERE id = %s", (row_id,))
            continue
        producer.produce(topic, value=payload)
        producer.flush()
        conn.execute("UPDATE outbox SET sent = true WHERE id = %s", (row_id,))
`),
  },
  {
    name: 'kafka-python: wait on every future, then mark',
    path: 'relay_futures.py',
    code: src(`
from kafka import KafkaProducer

producer = KafkaProducer(bootstrap_servers="kafka:9092", acks="all")


def relay(session):
    rows = session.query(OutboxMessage).filter(OutboxMessage.published.is_(False)).limit(50).all()
    futures = []
    for row in rows:
        futures.append(producer.send(row.topic, value=row.payload))
    for future in futures:
        future.get(timeout=10)
    for row in rows:
        row.published = True
    session.commit()
`),
  },
  {
    name: 'Django: mark and publish inside transaction.atomic, published before the block commits',
    path: 'relay_atomic.py',
    code: src(`
from django.db import transaction
from django.utils import timezone
from outbox.models import OutboxEvent


def relay(producer):
    with transaction.atomic():
        events = OutboxEvent.objects.select_for_update(skip_locked=True).filter(published_at__isnull=True)[:100]
        for event in events:
            OutboxEvent.objects.filter(pk=event.pk).update(published_at=timezone.now())
            producer.produce(event.topic, value=event.payload)
        producer.flush()
`),
  },
  {
    name: 'transactional producer: commit_transaction() delivers every produced message before it returns, then mark',
    path: 'relay_transactional.py',
    code: src(`
class Relay:
    def run_once(self):
        with self.conn.cursor() as cur:
            cur.execute("SELECT id, topic, payload FROM outbox WHERE sent = false ORDER BY id LIMIT 100")
            rows = cur.fetchall()
        if not rows:
            return
        self.producer.begin_transaction()
        for row_id, topic, payload in rows:
            self.producer.produce(topic, payload)
        self.producer.commit_transaction()
        with self.conn.cursor() as cur:
            cur.execute("UPDATE outbox SET sent = true WHERE id = ANY(%s)", ([r[0] for r in rows],))
        self.conn.commit()
`),
  },
];

export const invalid: OutboxInvalidCase[] = [
  {
    name: 'boto3 SNS relay: mark and commit, then publish',
    path: 'relay_sns.py',
    code: src(`
import boto3

sns = boto3.client("sns")


def relay_once(conn, topic_arn):
    with conn.cursor() as cur:
        cur.execute("SELECT id, payload FROM outbox WHERE sent = false ORDER BY id LIMIT 100")
        for row_id, payload in cur.fetchall():
            cur.execute("UPDATE outbox SET sent = true WHERE id = %s", (row_id,))
            conn.commit()
            sns.publish(TopicArn=topic_arn, Message=payload)
`),
    errors: [{ line: 10, column: 13, message: 'Outbox row marked sent by `UPDATE outbox` before `sns.publish(...)` is acknowledged' }],
    output: src(`
import boto3

sns = boto3.client("sns")


def relay_once(conn, topic_arn):
    with conn.cursor() as cur:
        cur.execute("SELECT id, payload FROM outbox WHERE sent = false ORDER BY id LIMIT 100")
        for row_id, payload in cur.fetchall():
            sns.publish(TopicArn=topic_arn, Message=payload)
            cur.execute("UPDATE outbox SET sent = true WHERE id = %s", (row_id,))
            conn.commit()
`),
  },
  {
    name: 'CRLF line endings survive the move',
    path: 'relay_crlf.py',
    code:
      'def relay_once(conn, producer):\r\n' +
      '    for row_id, topic, payload in conn.execute("SELECT id, topic, payload FROM outbox WHERE sent = false").fetchall():\r\n' +
      '        conn.execute("UPDATE outbox SET sent = true WHERE id = %s", (row_id,))\r\n' +
      '        conn.commit()\r\n' +
      '        producer.produce(topic, payload)\r\n' +
      '        producer.flush()\r\n',
    errors: [{ line: 3, column: 9, message: 'Outbox row marked sent by `UPDATE outbox` before `producer.produce(...)` is acknowledged' }],
    output:
      'def relay_once(conn, producer):\r\n' +
      '    for row_id, topic, payload in conn.execute("SELECT id, topic, payload FROM outbox WHERE sent = false").fetchall():\r\n' +
      '        producer.produce(topic, payload)\r\n' +
      '        producer.flush()\r\n' +
      '        conn.execute("UPDATE outbox SET sent = true WHERE id = %s", (row_id,))\r\n' +
      '        conn.commit()\r\n',
  },
  {
    name: 'the classic relay: mark, commit, then publish',
    path: 'relay.py',
    code: src(`
def relay_once(conn, producer):
    with conn.cursor() as cur:
        cur.execute("SELECT id, topic, payload FROM outbox WHERE sent = false ORDER BY id LIMIT 100")
        for row_id, topic, payload in cur.fetchall():
            cur.execute("UPDATE outbox SET sent = true WHERE id = %s", (row_id,))
            conn.commit()
            producer.produce(topic, payload)
            producer.flush()
`),
    errors: [{ line: 5, column: 13, message: 'Outbox row marked sent by `UPDATE outbox` before `producer.produce(...)` is acknowledged' }],
    output: src(`
def relay_once(conn, producer):
    with conn.cursor() as cur:
        cur.execute("SELECT id, topic, payload FROM outbox WHERE sent = false ORDER BY id LIMIT 100")
        for row_id, topic, payload in cur.fetchall():
            producer.produce(topic, payload)
            producer.flush()
            cur.execute("UPDATE outbox SET sent = true WHERE id = %s", (row_id,))
            conn.commit()
`),
  },
  {
    name: 'Django ORM update (autocommit) before produce, flush only after the loop',
    path: 'relay_django.py',
    code: src(`
from django.utils import timezone
from outbox.models import OutboxEvent


def relay_batch(producer, limit=100):
    events = list(OutboxEvent.objects.filter(published_at__isnull=True).order_by("id")[:limit])
    for event in events:
        OutboxEvent.objects.filter(pk=event.pk).update(published_at=timezone.now())
        producer.produce(event.topic, key=event.aggregate_id, value=event.payload)
    producer.flush()
`),
    errors: [{ line: 8, column: 9, message: 'Outbox row marked sent by `OutboxEvent.objects.filter(pk=event.pk).update(...)` before `producer.produce(...)` is acknowledged' }],
    output: null,
    unsafeOutput: src(`
from django.utils import timezone
from outbox.models import OutboxEvent


def relay_batch(producer, limit=100):
    events = list(OutboxEvent.objects.filter(published_at__isnull=True).order_by("id")[:limit])
    for event in events:
        producer.produce(event.topic, key=event.aggregate_id, value=event.payload)
        producer.flush()
        OutboxEvent.objects.filter(pk=event.pk).update(published_at=timezone.now())
    producer.flush()
`),
  },
  {
    name: 'produce() only enqueues: the save commits before the flush',
    path: 'relay_enqueued.py',
    code: src(`
from django.utils import timezone
from outbox.models import OutboxEvent


def relay_batch(producer):
    for event in OutboxEvent.objects.filter(published_at__isnull=True).order_by("id")[:100]:
        producer.produce(event.topic, key=event.aggregate_id, value=event.payload)
        event.published_at = timezone.now()
        event.save(update_fields=["published_at"])
    producer.flush()
`),
    errors: [{ line: 8, column: 9, message: 'Outbox row marked sent by `event.published_at = …` before `producer.produce(...)` is acknowledged' }],
    output: null,
    unsafeOutput: src(`
from django.utils import timezone
from outbox.models import OutboxEvent


def relay_batch(producer):
    for event in OutboxEvent.objects.filter(published_at__isnull=True).order_by("id")[:100]:
        producer.produce(event.topic, key=event.aggregate_id, value=event.payload)
        producer.flush()
        event.published_at = timezone.now()
        event.save(update_fields=["published_at"])
    producer.flush()
`),
  },
  {
    name: 'SQLAlchemy: flag set and committed before send().get()',
    path: 'relay_sqlalchemy.py',
    code: src(`
from kafka import KafkaProducer
from sqlalchemy import select

producer = KafkaProducer(bootstrap_servers="kafka:9092", acks="all")


def relay(session):
    rows = session.execute(
        select(OutboxMessage).where(OutboxMessage.published.is_(False)).limit(50).with_for_update(skip_locked=True)
    ).scalars().all()
    for row in rows:
        row.published = True
        session.commit()
        producer.send(row.topic, key=row.key.encode(), value=row.payload).get(timeout=10)
`),
    errors: [{ line: 12, column: 9, message: 'Outbox row marked sent by `row.published = …` before `producer.send(...)` is acknowledged' }],
    output: src(`
from kafka import KafkaProducer
from sqlalchemy import select

producer = KafkaProducer(bootstrap_servers="kafka:9092", acks="all")


def relay(session):
    rows = session.execute(
        select(OutboxMessage).where(OutboxMessage.published.is_(False)).limit(50).with_for_update(skip_locked=True)
    ).scalars().all()
    for row in rows:
        producer.send(row.topic, key=row.key.encode(), value=row.payload).get(timeout=10)
        row.published = True
        session.commit()
`),
  },
  {
    name: 'SQLAlchemy Core: bulk mark committed, then a batch publish and flush',
    path: 'relay_bulk.py',
    code: src(`
from sqlalchemy import select, update


def relay(session, producer):
    rows = session.execute(select(OutboxMessage).where(OutboxMessage.published.is_(False)).limit(500)).scalars().all()
    session.execute(update(OutboxMessage).where(OutboxMessage.id.in_([r.id for r in rows])).values(published=True))
    session.commit()
    for row in rows:
        producer.produce(row.topic, value=row.payload)
    producer.flush()
`),
    errors: [{ line: 6, column: 21, message: 'Outbox row marked sent by `update(OutboxMessage)` before `producer.produce(...)` is acknowledged' }],
    output: src(`
from sqlalchemy import select, update


def relay(session, producer):
    rows = session.execute(select(OutboxMessage).where(OutboxMessage.published.is_(False)).limit(500)).scalars().all()
    for row in rows:
        producer.produce(row.topic, value=row.payload)
    producer.flush()
    session.execute(update(OutboxMessage).where(OutboxMessage.id.in_([r.id for r in rows])).values(published=True))
    session.commit()
`),
  },
  {
    name: 'asyncpg (autocommit): delete before send_and_wait',
    path: 'relay_asyncpg.py',
    code: src(`
import asyncpg
from aiokafka import AIOKafkaProducer


async def relay(pool: asyncpg.Pool, producer: AIOKafkaProducer) -> None:
    async with pool.acquire() as conn:
        rows = await conn.fetch("SELECT id, topic, key, payload FROM outbox ORDER BY id LIMIT 100")
        for row in rows:
            await conn.execute("DELETE FROM outbox WHERE id = $1", row["id"])
            await producer.send_and_wait(row["topic"], row["payload"], key=row["key"])
`),
    errors: [{ line: 9, column: 19, message: 'Outbox row deleted by `DELETE FROM outbox` before `producer.send_and_wait(...)` is acknowledged' }],
    output: src(`
import asyncpg
from aiokafka import AIOKafkaProducer


async def relay(pool: asyncpg.Pool, producer: AIOKafkaProducer) -> None:
    async with pool.acquire() as conn:
        rows = await conn.fetch("SELECT id, topic, key, payload FROM outbox ORDER BY id LIMIT 100")
        for row in rows:
            await producer.send_and_wait(row["topic"], row["payload"], key=row["key"])
            await conn.execute("DELETE FROM outbox WHERE id = $1", row["id"])
`),
  },
  {
    name: 'aiokafka: an awaited send() only enqueues; the mark commits first',
    path: 'relay_aio_enqueued.py',
    code: src(`
import asyncpg


async def relay(conn: asyncpg.Connection, producer) -> None:
    for row in await conn.fetch("SELECT id, topic, payload FROM outbox WHERE sent = false"):
        await producer.send(row["topic"], row["payload"])
        await conn.execute("UPDATE outbox SET sent = true WHERE id = $1", row["id"])
`),
    errors: [{ line: 7, column: 15, message: 'Outbox row marked sent by `UPDATE outbox` before `producer.send(...)` is acknowledged' }],
    output: null,
    unsafeOutput: src(`
import asyncpg


async def relay(conn: asyncpg.Connection, producer) -> None:
    for row in await conn.fetch("SELECT id, topic, payload FROM outbox WHERE sent = false"):
        await producer.send(row["topic"], row["payload"])
        await producer.flush()
        await conn.execute("UPDATE outbox SET sent = true WHERE id = $1", row["id"])
`),
  },
  {
    name: 'functions of the class: the marking one commits before the publishing one flushes',
    path: 'relay_class.py',
    code: src(`
class OutboxRelay:
    def __init__(self, conn, producer):
        self.conn = conn
        self.producer = producer

    def run_once(self):
        with self.conn.cursor() as cur:
            cur.execute("SELECT id, topic, payload FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT 100")
            rows = cur.fetchall()
        self._mark_published([r[0] for r in rows])
        self._publish(rows)

    def _mark_published(self, ids):
        with self.conn.cursor() as cur:
            cur.execute("UPDATE outbox SET published_at = now() WHERE id = ANY(%s)", (ids,))
        self.conn.commit()

    def _publish(self, rows):
        for _, topic, payload in rows:
            self.producer.produce(topic, value=payload)
        self.producer.flush()
`),
    errors: [{ line: 10, column: 9, message: 'Outbox row marked sent by `self._mark_published(...)` before `self._publish(...)` is acknowledged' }],
    output: src(`
class OutboxRelay:
    def __init__(self, conn, producer):
        self.conn = conn
        self.producer = producer

    def run_once(self):
        with self.conn.cursor() as cur:
            cur.execute("SELECT id, topic, payload FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT 100")
            rows = cur.fetchall()
        self._publish(rows)
        self._mark_published([r[0] for r in rows])

    def _mark_published(self, ids):
        with self.conn.cursor() as cur:
            cur.execute("UPDATE outbox SET published_at = now() WHERE id = ANY(%s)", (ids,))
        self.conn.commit()

    def _publish(self, rows):
        for _, topic, payload in rows:
            self.producer.produce(topic, value=payload)
        self.producer.flush()
`),
  },
  {
    name: 'claim-and-mark in one statement: UPDATE … RETURNING commits before anything is published',
    path: 'relay_returning.py',
    code: src(`
import psycopg

conn = psycopg.connect(DSN, autocommit=True)


def relay(producer):
    rows = conn.execute(
        "UPDATE outbox SET sent_at = now() WHERE id IN "
        "(SELECT id FROM outbox WHERE sent_at IS NULL ORDER BY id LIMIT 100 FOR UPDATE SKIP LOCKED) "
        "RETURNING id, topic, payload"
    ).fetchall()
    for _, topic, payload in rows:
        producer.produce(topic, value=payload)
    producer.flush()
`),
    errors: [{ line: 7, column: 12, message: 'Outbox row marked sent by `UPDATE outbox` before `producer.produce(...)` is acknowledged' }],
    output: null,
  },
];
