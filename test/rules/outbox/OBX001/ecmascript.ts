import type { ValidCase } from '../../ruleTester';
import { src, type OutboxInvalidCase } from '../fixInvariants';

export const valid: ValidCase[] = [
  {
    name: 'node-postgres: BEGIN, lock with SKIP LOCKED, publish all, mark, COMMIT',
    path: 'relay.ts',
    code: src(`
export async function relayOnce(pool: Pool, producer: Producer): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query(
      'SELECT id, topic, key, payload FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT 100 FOR UPDATE SKIP LOCKED',
    );
    await Promise.all(rows.map((row) => producer.send({ topic: row.topic, messages: [{ key: row.key, value: row.payload }] })));
    await client.query('UPDATE outbox SET published_at = now() WHERE id = ANY($1)', [rows.map((r) => r.id)]);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  } finally {
    client.release();
  }
}
`),
  },
  {
    name: 'knex transaction: mark inside it, commit happens when the callback returns after the awaited send',
    path: 'relay-knex.ts',
    code: src(`
export async function relay(knex: Knex, producer: Producer): Promise<void> {
  await knex.transaction(async (trx) => {
    const rows = await trx('outbox').whereNull('sent_at').orderBy('id').limit(50).forUpdate().skipLocked();
    await trx('outbox').whereIn('id', rows.map((r) => r.id)).update({ sent_at: knex.fn.now() });
    await producer.sendBatch({ topicMessages: rows.map((r) => ({ topic: r.topic, messages: [{ key: r.key, value: r.payload }] })) });
  });
}
`),
  },
  {
    name: 'Prisma: awaited send, then delete',
    path: 'relay-prisma.ts',
    code: src(`
export async function relay(prisma: PrismaClient, producer: Producer): Promise<void> {
  const events = await prisma.outboxEvent.findMany({ orderBy: { id: 'asc' }, take: 100 });
  for (const event of events) {
    await producer.send({ topic: event.topic, messages: [{ key: event.aggregateId, value: event.payload }] });
    await prisma.outboxEvent.delete({ where: { id: event.id } });
  }
}
`),
  },
  {
    name: 'TypeORM: status set to PROCESSING is a lease, SENT comes after the send',
    path: 'relay-typeorm.tsx',
    code: src(`
export async function relay(repo: Repository<OutboxEvent>, producer: Producer): Promise<void> {
  const events = await repo.find({ where: { status: 'PENDING' }, take: 50 });
  await repo.update(events.map((e) => e.id), { status: 'PROCESSING' });
  for (const event of events) {
    await producer.send({ topic: event.topic, messages: [{ value: event.payload }] });
    await repo.update(event.id, { status: 'SENT' });
  }
}
`),
  },
  {
    name: 'a handler that writes the outbox row for CDC has nothing to mark',
    path: 'orders.js',
    code: src(`
async function placeOrder(pool, order) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('INSERT INTO orders (id, customer_id, total_cents) VALUES ($1, $2, $3)', [order.id, order.customerId, order.total]);
    await client.query(
      "INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload) VALUES ($1, 'order', $2, 'order.placed', $3)",
      [order.eventId, order.id, JSON.stringify(order)],
    );
    await client.query('COMMIT');
  } finally {
    client.release();
  }
}
`),
  },
  {
    name: 'failed publish recorded as attempts, not as sent',
    path: 'relay-retry.js',
    code: src(`
async function relay(pool, producer) {
  const { rows } = await pool.query('SELECT id, topic, payload FROM outbox WHERE sent = false LIMIT 50');
  for (const row of rows) {
    try {
      await producer.send({ topic: row.topic, messages: [{ value: row.payload }] });
      await pool.query('UPDATE outbox SET sent = true WHERE id = $1', [row.id]);
    } catch (err) {
      await pool.query('UPDATE outbox SET attempts = attempts + 1, last_error = $2 WHERE id = $1', [row.id, String(err)]);
    }
  }
}
`),
  },
];

export const invalid: OutboxInvalidCase[] = [
  {
    name: 'TypeORM repository update before the send',
    path: 'relay-typeorm.ts',
    code: src(`
export async function relay(repo: Repository<OutboxEvent>, producer: Producer): Promise<void> {
  const events = await repo.find({ where: { sentAt: IsNull() }, take: 100 });
  await repo.update(events.map((e) => e.id), { sentAt: new Date() });
  await producer.send({ topic: 'orders', messages: events.map((e) => ({ key: e.aggregateId, value: e.payload })) });
}
`),
    errors: [{ line: 3, column: 9, message: 'Outbox row marked sent by `repo.update(...)` before `producer.send(...)` is acknowledged' }],
    output: src(`
export async function relay(repo: Repository<OutboxEvent>, producer: Producer): Promise<void> {
  const events = await repo.find({ where: { sentAt: IsNull() }, take: 100 });
  await producer.send({ topic: 'orders', messages: events.map((e) => ({ key: e.aggregateId, value: e.payload })) });
  await repo.update(events.map((e) => e.id), { sentAt: new Date() });
}
`),
  },
  {
    name: 'node-postgres autocommit: mark, then await send',
    path: 'relay.ts',
    code: src(`
export async function relayOnce(pool: Pool, producer: Producer): Promise<void> {
  const { rows } = await pool.query('SELECT id, topic, key, payload FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT 100');
  for (const row of rows) {
    await pool.query('UPDATE outbox SET published_at = now() WHERE id = $1', [row.id]);
    await producer.send({ topic: row.topic, messages: [{ key: row.key, value: row.payload }] });
  }
}
`),
    errors: [{ line: 4, column: 11, message: 'Outbox row marked sent by `UPDATE outbox` before `producer.send(...)` is acknowledged' }],
    output: src(`
export async function relayOnce(pool: Pool, producer: Producer): Promise<void> {
  const { rows } = await pool.query('SELECT id, topic, key, payload FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT 100');
  for (const row of rows) {
    await producer.send({ topic: row.topic, messages: [{ key: row.key, value: row.payload }] });
    await pool.query('UPDATE outbox SET published_at = now() WHERE id = $1', [row.id]);
  }
}
`),
  },
  {
    name: 'kafkajs send without await, then delete',
    path: 'relay-noawait.js',
    code: src(`
async function relay(pool, producer) {
  const { rows } = await pool.query('SELECT id, topic, payload FROM outbox ORDER BY id LIMIT 100');
  for (const row of rows) {
    producer.send({ topic: row.topic, messages: [{ value: row.payload }] });
    await pool.query('DELETE FROM outbox WHERE id = $1', [row.id]);
  }
}
`),
    errors: [{ line: 5, column: 11, message: 'Outbox row deleted by `DELETE FROM outbox` before `producer.send(...)` is acknowledged' }],
    output: null,
    replaced: ['producer.send({ topic: row.topic, messages: [{ value: row.payload }] });'],
    unsafeOutput: src(`
async function relay(pool, producer) {
  const { rows } = await pool.query('SELECT id, topic, payload FROM outbox ORDER BY id LIMIT 100');
  for (const row of rows) {
    await producer.send({ topic: row.topic, messages: [{ value: row.payload }] });
    await pool.query('DELETE FROM outbox WHERE id = $1', [row.id]);
  }
}
`),
  },
  {
    name: 'forEach(async …) is never awaited: the bulk mark runs before any send completes',
    path: 'relay-foreach.ts',
    code: src(`
export async function relay(pool: Pool, producer: Producer): Promise<void> {
  const { rows } = await pool.query('SELECT id, topic, payload FROM outbox WHERE published_at IS NULL LIMIT 100');
  rows.forEach(async (row) => {
    await producer.send({ topic: row.topic, messages: [{ value: row.payload }] });
  });
  await pool.query('UPDATE outbox SET published_at = now() WHERE id = ANY($1)', [rows.map((r) => r.id)]);
}
`),
    errors: [{ line: 6, column: 9, message: 'Outbox row marked sent by `UPDATE outbox` before `producer.send(...)` is acknowledged' }],
    output: null,
  },
  {
    name: 'Prisma updateMany before sendBatch',
    path: 'relay-prisma.ts',
    code: src(`
export async function relay(prisma: PrismaClient, producer: Producer): Promise<void> {
  const events = await prisma.outboxEvent.findMany({ where: { publishedAt: null }, take: 100 });
  await prisma.outboxEvent.updateMany({ where: { id: { in: events.map((e) => e.id) } }, data: { publishedAt: new Date() } });
  await producer.sendBatch({ topicMessages: events.map((e) => ({ topic: e.topic, messages: [{ key: e.key, value: e.payload }] })) });
}
`),
    errors: [{ line: 3, column: 9, message: 'Outbox row marked sent by `prisma.outboxEvent.updateMany(...)` before `producer.sendBatch(...)` is acknowledged' }],
    output: src(`
export async function relay(prisma: PrismaClient, producer: Producer): Promise<void> {
  const events = await prisma.outboxEvent.findMany({ where: { publishedAt: null }, take: 100 });
  await producer.sendBatch({ topicMessages: events.map((e) => ({ topic: e.topic, messages: [{ key: e.key, value: e.payload }] })) });
  await prisma.outboxEvent.updateMany({ where: { id: { in: events.map((e) => e.id) } }, data: { publishedAt: new Date() } });
}
`),
  },
  {
    name: 'knex builder delete (autocommit) before the awaited send',
    path: 'relay-knex.tsx',
    code: src(`
export async function relay(knex: Knex, producer: Producer): Promise<void> {
  const rows = await knex('outbox_events').orderBy('id').limit(100);
  for (const row of rows) {
    await knex('outbox_events').where({ id: row.id }).del();
    await producer.send({ topic: row.topic, messages: [{ key: row.aggregate_id, value: row.payload }] });
  }
}
`),
    errors: [{ line: 4, column: 11, message: "Outbox row deleted by `knex('outbox_events').where({ id: row.id }).del()` before `producer.send(...)` is acknowledged" }],
    output: src(`
export async function relay(knex: Knex, producer: Producer): Promise<void> {
  const rows = await knex('outbox_events').orderBy('id').limit(100);
  for (const row of rows) {
    await producer.send({ topic: row.topic, messages: [{ key: row.aggregate_id, value: row.payload }] });
    await knex('outbox_events').where({ id: row.id }).del();
  }
}
`),
  },
  {
    name: 'postgres.js tagged template mark before the send',
    path: 'relay-postgresjs.js',
    code: src(`
export async function relay(sql, producer) {
  const rows = await sql\`SELECT id, topic, payload FROM outbox WHERE sent = false LIMIT 100\`;
  for (const row of rows) {
    await sql\`UPDATE outbox SET sent = true WHERE id = \${row.id}\`;
    await producer.send({ topic: row.topic, messages: [{ value: row.payload }] });
  }
}
`),
    errors: [{ line: 4, column: 11, message: 'Outbox row marked sent by `UPDATE outbox` before `producer.send(...)` is acknowledged' }],
    output: src(`
export async function relay(sql, producer) {
  const rows = await sql\`SELECT id, topic, payload FROM outbox WHERE sent = false LIMIT 100\`;
  for (const row of rows) {
    await producer.send({ topic: row.topic, messages: [{ value: row.payload }] });
    await sql\`UPDATE outbox SET sent = true WHERE id = \${row.id}\`;
  }
}
`),
  },
];
