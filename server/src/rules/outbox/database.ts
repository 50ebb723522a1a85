/**
 * What talking to a database looks like in each language: which calls run SQL text, which ORM
 * calls update, delete or create rows, how a transaction begins and commits, which blocks and
 * callbacks are one transaction, and which annotations or decorators put a whole function in one.
 * A new driver or ORM is a new entry here, not a new rule. (Transaction semantics per client are
 * in docs/rules/OBX001.md and OBX002.md.)
 *
 * Defaults that decide when a write is committed:
 *   psycopg 2/3, SQLAlchemy: a transaction is open until commit(); `with conn:`,
 *     `with pool.connection()` (psycopg_pool) and `with conn.transaction()` / `session.begin()` /
 *     `engine.begin()` commit at the block's end.
 *   Django ORM and `connection.cursor()`, asyncpg: autocommit unless inside `transaction.atomic`
 *     (or `async with conn.transaction()`).
 *   node-postgres, knex, Prisma, TypeORM, Sequelize: every query commits alone unless it runs in
 *     BEGIN…COMMIT, a `transaction(cb)` callback or an explicit transaction object.
 *   JDBC, JdbcTemplate, Spring Data repositories: autocommit outside `@Transactional`,
 *     `TransactionTemplate` or `setAutoCommit(false)`.
 *   database/sql, pgx, GORM: calls on the pool commit alone; calls on a `Tx` commit at `Commit()`
 *     or when a `Transaction(func…)` / `BeginFunc` callback returns.
 */
import type { CodeKind } from '../../parsing/fileKinds';

export interface DatabaseTable {
  /** Calls whose SQL text is the first string argument they are given. */
  sqlMethods: readonly string[];
  /** Tagged templates (JS) and wrappers (`text("…")`) whose string is SQL. */
  sqlTags: readonly string[];
  /** Calls that wrap SQL text for a later execute (`text()`, `sql.SQL()`). */
  sqlWrappers: readonly string[];
  /** Methods that commit a transaction (receiver must look like a database handle). */
  commitMethods: readonly string[];
  rollbackMethods: readonly string[];
  /** Methods that open a manual transaction and return it (`db.Begin()`, `knex.transaction()` without callback). */
  beginMethods: readonly string[];
  /**
   * Calls that run a callback (or, in Python, a `with` block) as one transaction and commit when
   * it returns: `knex.transaction(cb)`, `db.Transaction(func…)`, `with conn.transaction():`.
   */
  transactionBlocks: readonly string[];
  /** Annotations or decorators that put the whole function in one transaction. */
  managedMarkers: readonly string[];
  /** Marker arguments that switch the managed transaction off (`propagation = NOT_SUPPORTED`). */
  unmanagedArguments: RegExp;
  /** Receivers that are database handles for commit/rollback (never a Kafka consumer). */
  databaseReceiver: RegExp;
  /** Receivers that hold a transaction (calls on them are not autocommitted). */
  transactionReceiver: RegExp;
  /** ORM/query-builder calls that update rows. */
  ormUpdate: readonly string[];
  /** ORM/query-builder calls that delete rows. */
  ormDelete: readonly string[];
  /** ORM/query-builder calls that insert or save rows. */
  ormInsert: readonly string[];
  /** Receivers of ORM writes that are database access objects (repositories, sessions, builders). */
  ormReceiver: RegExp;
  /** Calls that persist a changed entity (`save`, `Save`, `flush`), ending an attribute-assignment mark. */
  persistMethods: readonly string[];
  /** Calls that run the callback passed to them right away, so its body belongs to the caller's flow. */
  inlineCallbacks: readonly string[];
}

const ECMASCRIPT: DatabaseTable = {
  // node-postgres, pg-promise, mysql2, knex.raw, TypeORM, Sequelize, Prisma raw queries, postgres.js
  sqlMethods: ['query', 'execute', 'raw', 'none', 'one', 'oneOrNone', 'many', 'manyOrNone', 'any', 'unsafe', 'executeRaw', 'executeRawUnsafe', 'queryRaw', 'queryRawUnsafe'],
  sqlTags: ['sql', 'executeRaw', 'queryRaw'],
  sqlWrappers: [],
  commitMethods: ['commit', 'commitTransaction'],
  rollbackMethods: ['rollback', 'rollbackTransaction'],
  beginMethods: ['transaction', 'startTransaction', 'beginTransaction'],
  // `transactional`: MikroORM's `em.transactional(async (em) => …)`
  transactionBlocks: ['transaction', '$transaction', 'tx', 'withTransaction', 'runInTransaction', 'transactional'],
  managedMarkers: ['Transactional'],
  unmanagedArguments: /NOT_SUPPORTED|NEVER/,
  databaseReceiver: /(^|\.)(db|database|client|pool|conn|connection|trx|tx|transaction|t|queryRunner|manager|entityManager|prisma|knex|sequelize|sql|dataSource)$/i,
  transactionReceiver: /(^|\.)(trx|tx|txn|transaction|t|queryRunner)$/i,
  ormUpdate: ['update', 'updateMany', 'increment'],
  ormDelete: ['delete', 'deleteMany', 'del', 'destroy', 'remove'],
  ormInsert: ['insert', 'create', 'createMany', 'save', 'upsert', 'bulkCreate'],
  ormReceiver: /(^|\.)(prisma|tx|trx|db|knex|manager|entityManager|em|sequelize)(\.|$)|repo(sitory)?$|Repository$|knex\(|trx\(|db\(|tx\(/i,
  persistMethods: ['save', 'flush'],
  inlineCallbacks: ['forEach', 'map', 'flatMap', 'all', 'allSettled', 'transaction', '$transaction', 'tx', 'withTransaction', 'runInTransaction', 'transactional'],
};

export const DATABASE_CLIENTS: Record<CodeKind, DatabaseTable> = {
  // psycopg2/3, asyncpg, sqlite3, SQLAlchemy, Django ORM
  python: {
    sqlMethods: ['execute', 'executemany', 'exec_driver_sql', 'fetch', 'fetchrow', 'fetchval', 'execute_values', 'execute_batch'],
    sqlTags: [],
    sqlWrappers: ['text', 'SQL'],
    commitMethods: ['commit'],
    rollbackMethods: ['rollback'],
    beginMethods: ['begin'],
    transactionBlocks: ['transaction', 'begin', 'atomic'],
    managedMarkers: ['atomic', 'transactional', 'db_session'],
    unmanagedArguments: /^$/,
    databaseReceiver: /(^|\.|_)(conn|connection|db|session|database|cnx|pg|engine|tx|txn|trans|transaction|dbapi|sess)$/i,
    transactionReceiver: /(^|\.|_)(tx|txn|trans|transaction)$/i,
    ormUpdate: ['update'],
    ormDelete: ['delete'],
    ormInsert: ['add', 'add_all', 'create', 'bulk_create', 'get_or_create', 'update_or_create', 'merge', 'insert', 'save'],
    ormReceiver: /(^|\.)(session|db\.session|objects)(\.|$)|\.objects\b/,
    persistMethods: ['save', 'commit', 'flush'],
    inlineCallbacks: [],
  },
  typescript: ECMASCRIPT,
  tsx: ECMASCRIPT,
  javascript: ECMASCRIPT,
  // JDBC, Spring JdbcTemplate / JdbcClient, JPA EntityManager, Spring Data, jOOQ, Jdbi, Panache
  java: {
    sqlMethods: ['update', 'batchUpdate', 'execute', 'executeUpdate', 'executeLargeUpdate', 'prepareStatement', 'prepareCall', 'createNativeQuery', 'createQuery', 'createUpdate', 'sql', 'query', 'queryForList'],
    sqlTags: [],
    sqlWrappers: [],
    commitMethods: ['commit'],
    rollbackMethods: ['rollback'],
    beginMethods: ['begin', 'beginTransaction'],
    transactionBlocks: ['execute', 'executeWithoutResult', 'inTransaction', 'useTransaction', 'run', 'call'],
    managedMarkers: ['Transactional'],
    unmanagedArguments: /NOT_SUPPORTED|NEVER|SUPPORTS/,
    databaseReceiver: /(^|\.)(conn|connection|con|c|tx|txn|transaction|session|em|entityManager|getTransaction\(\))$/i,
    transactionReceiver: /(^|\.)(tx|txn|transaction|transactionTemplate|txTemplate|transactionOperations|QuarkusTransaction)$|TransactionTemplate$|requiringNew\(\)$|joiningExisting\(\)$/i,
    ormUpdate: ['update'],
    ormDelete: ['delete', 'deleteById', 'deleteAll', 'deleteAllById', 'deleteAllInBatch', 'deleteAllByIdInBatch', 'deleteInBatch', 'deleteFrom', 'remove'],
    ormInsert: ['save', 'saveAll', 'saveAndFlush', 'saveAllAndFlush', 'persist', 'persistAndFlush', 'merge', 'insert', 'insertInto'],
    ormReceiver: /repo(sitory)?$|Repository$|Dao$|dao$|(^|\.)(em|entityManager|session|dsl|create|ctx|jooq)$/,
    persistMethods: ['save', 'saveAndFlush', 'persist', 'merge', 'flush'],
    inlineCallbacks: ['forEach', 'execute', 'executeWithoutResult', 'inTransaction', 'useTransaction', 'run', 'call'],
  },
  // database/sql, sqlx, pgx, GORM
  go: {
    sqlMethods: ['Exec', 'ExecContext', 'Query', 'QueryContext', 'QueryRow', 'QueryRowContext', 'NamedExec', 'NamedExecContext', 'MustExec', 'MustExecContext', 'Raw', 'Queue'],
    sqlTags: [],
    sqlWrappers: [],
    commitMethods: ['Commit'],
    rollbackMethods: ['Rollback'],
    beginMethods: ['Begin', 'BeginTx', 'Beginx', 'BeginTxx', 'MustBegin'],
    transactionBlocks: ['Transaction', 'BeginFunc', 'BeginTxFunc', 'ExecuteTx', 'RunInTx', 'InTx', 'WithTx', 'WithTransaction'],
    managedMarkers: [],
    unmanagedArguments: /^$/,
    databaseReceiver: /(^|\.)(tx|txn|dbTx|trx)$|Tx$/,
    transactionReceiver: /(^|\.)(tx|txn|dbTx|trx)$|Tx$/,
    ormUpdate: ['Update', 'Updates', 'UpdateColumn', 'UpdateColumns'],
    ormDelete: ['Delete'],
    ormInsert: ['Create', 'CreateInBatches', 'Save', 'FirstOrCreate'],
    ormReceiver: /(^|\.)(db|DB|tx|Tx|gormDB|orm|conn)(\.|\(|$)/,
    persistMethods: ['Save', 'Updates'],
    inlineCallbacks: ['Transaction', 'BeginFunc', 'BeginTxFunc', 'ExecuteTx', 'RunInTx', 'InTx', 'WithTx', 'WithTransaction'],
  },
};

/** Tables (and ORM models) that hold outgoing events: `outbox`, `outbox_events`, `OutboxMessage`. */
export const OUTBOX_NAME = /outbox/i;

/**
 * Columns a relay sets when it considers a row done: `sent`, `published_at`, `isProcessed`,
 * `dispatched_on`. Lease and retry bookkeeping (`locked_until`, `attempts`) is not marking.
 */
export const SENT_COLUMN =
  /^(is_?)?(sent|published|processed|dispatched|delivered|relayed|emitted|forwarded|done|completed)(_?(at|on|time|ts|date|timestamp))?$/i;

/** Status columns, whose value decides whether the update marks the row done. */
export const STATUS_COLUMN = /^(status|state|delivery_?status|publish_?status)$/i;

/** Status values that mean "done"; `PENDING`, `PROCESSING`, `FAILED`, `DEAD` do not. */
export const SENT_STATUS = /^(sent|published|processed|dispatched|delivered|relayed|done|completed?|success(ful)?|acked|acknowledged)$/i;

/** Java/Go entity setters and methods that mark an outbox row done: `setSent`, `markPublished`, `markAsProcessed`. */
export const MARK_METHOD = /^(set|mark(As)?)(Sent|Published|Processed|Dispatched|Delivered|Relayed|Done|Completed)(At|On|Time)?$|^mark(As)?(Sent|Published|Processed|Dispatched|Delivered|Done)$/;

/** True when `column` (a plain or camelCase name) is a done-marker column. */
export function isSentColumn(column: string): boolean {
  return SENT_COLUMN.test(snake(column));
}

export function isStatusColumn(column: string): boolean {
  return STATUS_COLUMN.test(snake(column));
}

/** `publishedAt` → `published_at`, `IsSent` → `is_sent`. */
export function snake(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}
