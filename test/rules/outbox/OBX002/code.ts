import type { ValidCase } from '../../ruleTester';
import { src, type OutboxInvalidCase } from '../fixInvariants';

export const valid: ValidCase[] = [
  {
    name: 'Django: both creates inside transaction.atomic',
    path: 'orders/services.py',
    code: src(`
from django.db import transaction
from orders.models import Order, OutboxEvent


def place_order(customer_id, total_cents):
    with transaction.atomic():
        order = Order.objects.create(customer_id=customer_id, total_cents=total_cents)
        OutboxEvent.objects.create(aggregate_type="order", aggregate_id=str(order.id), type="order.placed", payload=order.as_event())
    return order
`),
  },
  {
    name: 'Django: @transaction.atomic on the function',
    path: 'orders/commands.py',
    code: src(`
from django.db import transaction
from orders.models import Order, OutboxEvent


@transaction.atomic
def cancel_order(order_id):
    Order.objects.filter(pk=order_id).update(status="cancelled")
    OutboxEvent.objects.create(aggregate_type="order", aggregate_id=str(order_id), type="order.cancelled", payload={})
`),
  },
  {
    name: 'SQLAlchemy: add both, flush for the id, one commit',
    path: 'orders/repository.py',
    code: src(`
def place_order(session, order):
    session.add(order)
    session.flush()
    session.add(OutboxEvent(aggregate_type="order", aggregate_id=order.id, type="order.placed", payload=order.to_json()))
    session.commit()
`),
  },
  {
    name: 'Django view: ATOMIC_REQUESTS may wrap the request, not flagged',
    path: 'orders/views.py',
    code: src(`
from orders.models import Order, OutboxEvent


def create_order(request):
    order = Order.objects.create(customer_id=request.user.id, total_cents=int(request.POST["total"]))
    OutboxEvent.objects.create(aggregate_type="order", aggregate_id=str(order.id), type="order.placed", payload=order.as_event())
    return JsonResponse({"id": order.id})
`),
  },
  {
    name: 'Prisma interactive transaction',
    path: 'orders.ts',
    code: src(`
export async function placeOrder(prisma: PrismaClient, input: OrderInput): Promise<Order> {
  return prisma.$transaction(async (tx) => {
    const order = await tx.order.create({ data: input });
    await tx.outboxEvent.create({ data: { aggregateType: 'order', aggregateId: order.id, type: 'order.placed', payload: order } });
    return order;
  });
}
`),
  },
  {
    name: 'node-postgres: BEGIN, both inserts, COMMIT',
    path: 'orders.js',
    code: src(`
async function placeOrder(pool, order) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('INSERT INTO orders (id, customer_id) VALUES ($1, $2)', [order.id, order.customerId]);
    await client.query("INSERT INTO outbox (aggregatetype, aggregateid, type, payload) VALUES ('order', $1, 'order.placed', $2)", [order.id, JSON.stringify(order)]);
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK');
    throw e;
  } finally {
    client.release();
  }
}
`),
  },
  {
    name: 'knex transaction callback',
    path: 'orders.tsx',
    code: src(`
export async function placeOrder(knex: Knex, input: OrderInput): Promise<void> {
  await knex.transaction(async (trx) => {
    await trx('orders').insert({ id: input.id, customer_id: input.customerId });
    await trx('outbox').insert({ aggregatetype: 'order', aggregateid: input.id, type: 'order.placed', payload: JSON.stringify(input) });
  });
}
`),
  },
  {
    name: 'Spring: @Transactional service method',
    path: 'OrderService.java',
    code: src(`
@Service
public class OrderService {
    @Transactional
    public Order place(PlaceOrder cmd) {
        Order order = orderRepository.save(Order.from(cmd));
        outboxRepository.save(OutboxEvent.orderPlaced(order));
        return order;
    }
}
`),
  },
  {
    name: 'Spring: @Transactional on the class',
    path: 'ShippingService.java',
    code: src(`
@Service
@Transactional
public class ShippingService {
    public void ship(long orderId) {
        jdbc.update("UPDATE orders SET status = 'shipped' WHERE id = ?", orderId);
        jdbc.update("INSERT INTO outbox (aggregatetype, aggregateid, type, payload) VALUES ('order', ?, 'order.shipped', '{}')", orderId);
    }
}
`),
  },
  {
    name: 'Quarkus-style outbox: persist and delete the event in the same transaction',
    path: 'InventoryService.java',
    code: src(`
@ApplicationScoped
public class InventoryService {
    @Transactional
    public void reserve(Reservation r) {
        reservationRepository.persist(r);
        OutboxEvent event = OutboxEvent.reserved(r);
        outboxRepository.persist(event);
        outboxRepository.delete(event);
    }
}
`),
  },
  {
    name: 'database/sql: one transaction, one commit',
    path: 'orders.go',
    code: src(`
package orders

func (s *Service) Place(ctx context.Context, o Order) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "INSERT INTO orders (id, customer_id) VALUES ($1, $2)", o.ID, o.CustomerID); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO outbox (aggregatetype, aggregateid, type, payload) VALUES ('order', $1, 'order.placed', $2)", o.ID, o.JSON()); err != nil {
		return err
	}
	return tx.Commit()
}
`),
  },
  {
    name: 'GORM Transaction callback',
    path: 'orders_gorm.go',
    code: src(`
package orders

func (s *Service) Place(o *Order) error {
	return s.db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(o).Error; err != nil {
			return err
		}
		return tx.Create(&OutboxEvent{AggregateType: "order", AggregateID: o.ID, Type: "order.placed", Payload: o.JSON()}).Error
	})
}
`),
  },
  {
    name: 'psycopg 3: nested transaction blocks are savepoints inside one transaction',
    path: 'orders/savepoints.py',
    code: src(`
def place_order(conn, order):
    with conn.transaction():
        with conn.transaction():
            conn.execute("INSERT INTO orders (id, customer_id) VALUES (%s, %s)", (order.id, order.customer_id))
        with conn.transaction():
            conn.execute("INSERT INTO outbox (aggregatetype, aggregateid, type, payload) VALUES ('order', %s, 'order.placed', %s)", (order.id, order.json()))
`),
  },
  {
    name: 'Spring: a TransactionTemplate block inside a @Transactional method joins its transaction',
    path: 'ReturnsService.java',
    code: src(`
@Service
public class ReturnsService {
    @Transactional
    public void accept(String returnId) {
        jdbc.update("UPDATE returns SET status = 'accepted' WHERE id = ?", returnId);
        transactionTemplate.executeWithoutResult(status ->
            jdbc.update("INSERT INTO outbox (aggregatetype, aggregateid, type, payload) VALUES ('return', ?, 'return.accepted', '{}')", returnId));
    }
}
`),
  },
  {
    name: 'TypeORM: a QueryRunner started with startTransaction() and committed with commitTransaction()',
    path: 'src/orders/placeOrder.ts',
    code: src(`
import { DataSource } from 'typeorm';
import { Order } from './order.entity';
import { OutboxEvent } from '../outbox/outbox-event.entity';

export async function placeOrder(dataSource: DataSource, input: OrderInput): Promise<Order> {
  const qr = dataSource.createQueryRunner();
  await qr.connect();
  await qr.startTransaction();
  try {
    const order = await qr.manager.save(Order, input);
    await qr.manager.save(OutboxEvent, { aggregateType: 'order', aggregateId: order.id, type: 'order.placed', payload: order });
    await qr.commitTransaction();
    return order;
  } catch (err) {
    await qr.rollbackTransaction();
    throw err;
  } finally {
    await qr.release();
  }
}
`),
  },
  {
    name: 'typeorm-transactional: a private helper called only from a @Transactional() method runs in its transaction',
    path: 'order.service.ts',
    code: src(`
import { Transactional } from 'typeorm-transactional';

export class OrderService {
  @Transactional()
  async place(id: string): Promise<void> {
    await this.doPlace(id);
  }

  private async doPlace(id: string): Promise<void> {
    const order = await this.orderRepo.save({ id });
    await this.outboxRepo.save({ aggregateid: order.id, type: 'order.placed' });
  }
}
`),
  },
  {
    name: 'typeorm-transactional: a #private helper called only from a @Transactional() method',
    path: 'order.service.ts',
    code: src(`
import { Transactional } from 'typeorm-transactional';

export class OrderService {
  @Transactional()
  async place(id: string): Promise<void> {
    await this.#doPlace(id);
  }

  async #doPlace(id: string): Promise<void> {
    const order = await this.orderRepo.save({ id });
    await this.outboxRepo.save({ aggregateid: order.id, type: 'order.placed' });
  }
}
`),
  },
  {
    name: 'Spring: a private helper called only from a @Transactional method runs in its transaction',
    path: 'OrderService.java',
    code: src(`
@Service
public class OrderService {
    @Transactional
    public Order place(PlaceOrder cmd) {
        return doPlace(cmd);
    }

    private Order doPlace(PlaceOrder cmd) {
        Order order = orderRepository.save(Order.from(cmd));
        outboxRepository.save(OutboxEvent.orderPlaced(order));
        return order;
    }
}
`),
  },
  {
    name: 'MikroORM: em.transactional callback',
    path: 'orders.service.ts',
    code: src(`
export async function placeOrder(orm: MikroORM, customerId: string) {
  return orm.em.transactional(async (em) => {
    const order = em.create(Order, { customerId, status: 'PLACED' });
    await em.flush();
    await em.insert(OutboxEvent, { aggregatetype: 'order', aggregateid: order.id, type: 'OrderPlaced', payload: {} });
    return order;
  });
}
`),
  },
];

export const invalid: OutboxInvalidCase[] = [
  {
    name: 'SQLAlchemy: a commit between the two adds becomes a flush (the outbox row needs the order id)',
    path: 'orders/service.py',
    code: src(`
from models import Order, OutboxEvent


def place_order(session, data):
    order = Order(**data)
    session.add(order)
    session.commit()
    session.add(OutboxEvent(aggregateid=str(order.id), type="order.placed", payload=data))
    session.commit()
    return order
`),
    errors: [{ line: 8, column: 5, message: '`session.add(...)` runs in a different transaction than `session.add(order)`' }],
    output: null,
    unsafeOutput: src(`
from models import Order, OutboxEvent


def place_order(session, data):
    order = Order(**data)
    session.add(order)
    session.flush()
    session.add(OutboxEvent(aggregateid=str(order.id), type="order.placed", payload=data))
    session.commit()
    return order
`),
    replaced: ['session.commit()'],
  },
  {
    name: 'Django: two autocommitted creates',
    path: 'orders/services.py',
    code: src(`
from orders.models import Order, OutboxEvent


def place_order(customer_id, total_cents):
    order = Order.objects.create(customer_id=customer_id, total_cents=total_cents)
    OutboxEvent.objects.create(aggregate_type="order", aggregate_id=str(order.id), type="order.placed", payload=order.as_event())
    return order
`),
    errors: [{ line: 6, column: 5, message: '`OutboxEvent.objects.create(...)` runs in a different transaction than `Order.objects.create(...)`' }],
    output: null,
    unsafeOutput: src(`
from orders.models import Order, OutboxEvent
from django.db import transaction


@transaction.atomic
def place_order(customer_id, total_cents):
    order = Order.objects.create(customer_id=customer_id, total_cents=total_cents)
    OutboxEvent.objects.create(aggregate_type="order", aggregate_id=str(order.id), type="order.placed", payload=order.as_event())
    return order
`),
  },
  {
    name: 'psycopg: a commit between the two inserts',
    path: 'orders/repository.py',
    code: src(`
def place_order(conn, order):
    with conn.cursor() as cur:
        cur.execute("INSERT INTO orders (id, customer_id, total_cents) VALUES (%s, %s, %s)", (order.id, order.customer_id, order.total))
        conn.commit()
        cur.execute("INSERT INTO outbox (aggregatetype, aggregateid, type, payload) VALUES ('order', %s, 'order.placed', %s)", (order.id, order.json()))
        conn.commit()
`),
    errors: [{ line: 5, column: 9, message: '`INSERT INTO outbox` runs in a different transaction than `INSERT INTO orders`' }],
    output: null,
    unsafeOutput: src(`
def place_order(conn, order):
    with conn.cursor() as cur:
        cur.execute("INSERT INTO orders (id, customer_id, total_cents) VALUES (%s, %s, %s)", (order.id, order.customer_id, order.total))
        cur.execute("INSERT INTO outbox (aggregatetype, aggregateid, type, payload) VALUES ('order', %s, 'order.placed', %s)", (order.id, order.json()))
        conn.commit()
`),
    replaced: ['conn.commit()'],
  },
  {
    name: 'psycopg 3: two transaction blocks',
    path: 'orders/blocks.py',
    code: src(`
def place_order(conn, order):
    with conn.transaction():
        conn.execute("INSERT INTO orders (id, customer_id, total_cents) VALUES (%s, %s, %s)", (order.id, order.customer_id, order.total))
    with conn.transaction():
        conn.execute("INSERT INTO outbox (aggregatetype, aggregateid, type, payload) VALUES ('order', %s, 'order.placed', %s)", (order.id, order.json()))
`),
    errors: [{ line: 5, column: 9, message: '`INSERT INTO outbox` runs in a different transaction than `INSERT INTO orders`' }],
    output: null,
    unsafeOutput: src(`
def place_order(conn, order):
    with conn.transaction():
        conn.execute("INSERT INTO orders (id, customer_id, total_cents) VALUES (%s, %s, %s)", (order.id, order.customer_id, order.total))
        conn.execute("INSERT INTO outbox (aggregatetype, aggregateid, type, payload) VALUES ('order', %s, 'order.placed', %s)", (order.id, order.json()))
`),
    replaced: ['with conn.transaction():'],
  },
  {
    name: 'Prisma: two autocommitted creates',
    path: 'orders.ts',
    code: src(`
export async function placeOrder(prisma: PrismaClient, input: OrderInput): Promise<void> {
  const order = await prisma.order.create({ data: input });
  await prisma.outboxEvent.create({ data: { aggregateType: 'order', aggregateId: order.id, type: 'order.placed', payload: order } });
}
`),
    errors: [{ line: 3, column: 9, message: '`prisma.outboxEvent.create(...)` runs in a different transaction than `prisma.order.create({ data: input })`' }],
    output: null,
    unsafeOutput: src(`
export async function placeOrder(prisma: PrismaClient, input: OrderInput): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const order = await tx.order.create({ data: input });
    await tx.outboxEvent.create({ data: { aggregateType: 'order', aggregateId: order.id, type: 'order.placed', payload: order } });
  });
}
`),
    replaced: [
      'const order = await prisma.order.create({ data: input });',
      "await prisma.outboxEvent.create({ data: { aggregateType: 'order', aggregateId: order.id, type: 'order.placed', payload: order } });",
    ],
  },
  {
    name: 'node-postgres: COMMIT before the outbox insert',
    path: 'orders.js',
    code: src(`
async function placeOrder(client, order) {
  await client.query('BEGIN');
  await client.query('INSERT INTO orders (id, customer_id) VALUES ($1, $2)', [order.id, order.customerId]);
  await client.query('COMMIT');
  await client.query("INSERT INTO outbox (aggregatetype, aggregateid, type, payload) VALUES ('order', $1, 'order.placed', $2)", [order.id, JSON.stringify(order)]);
}
`),
    errors: [{ line: 5, column: 9, message: '`INSERT INTO outbox` runs in a different transaction than `INSERT INTO orders`' }],
    output: null,
    unsafeOutput: src(`
async function placeOrder(client, order) {
  await client.query('BEGIN');
  await client.query('INSERT INTO orders (id, customer_id) VALUES ($1, $2)', [order.id, order.customerId]);
  await client.query("INSERT INTO outbox (aggregatetype, aggregateid, type, payload) VALUES ('order', $1, 'order.placed', $2)", [order.id, JSON.stringify(order)]);
  await client.query('COMMIT');
}
`),
  },
  {
    name: 'knex: two transactions',
    path: 'orders.tsx',
    code: src(`
export async function placeOrder(knex: Knex, input: OrderInput): Promise<void> {
  await knex.transaction(async (trx) => {
    await trx('orders').insert({ id: input.id, customer_id: input.customerId });
  });
  await knex.transaction(async (trx) => {
    await trx('outbox').insert({ aggregatetype: 'order', aggregateid: input.id, type: 'order.placed', payload: JSON.stringify(input) });
  });
}
`),
    errors: [{ line: 6, column: 11, message: "`trx('outbox').insert(...)` runs in a different transaction than `trx('orders').insert(...)`" }],
    output: null,
    unsafeOutput: src(`
export async function placeOrder(knex: Knex, input: OrderInput): Promise<void> {
  await knex.transaction(async (trx) => {
    await trx('orders').insert({ id: input.id, customer_id: input.customerId });
    await trx('outbox').insert({ aggregatetype: 'order', aggregateid: input.id, type: 'order.placed', payload: JSON.stringify(input) });
  });
}
`),
    replaced: ['});', 'await knex.transaction(async (trx) => {'],
  },
  {
    name: 'Spring: two repository saves without a transaction',
    path: 'OrderService.java',
    code: src(`
package com.acme.orders;

import org.springframework.stereotype.Service;

@Service
public class OrderService {
    public Order place(PlaceOrder cmd) {
        Order order = orderRepository.save(Order.from(cmd));
        outboxRepository.save(OutboxEvent.orderPlaced(order));
        return order;
    }
}
`),
    errors: [{ line: 9, column: 9, message: '`outboxRepository.save(...)` runs in a different transaction than `orderRepository.save(...)`' }],
    output: null,
    unsafeOutput: src(`
package com.acme.orders;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
public class OrderService {
    @Transactional
    public Order place(PlaceOrder cmd) {
        Order order = orderRepository.save(Order.from(cmd));
        outboxRepository.save(OutboxEvent.orderPlaced(order));
        return order;
    }
}
`),
  },
  {
    name: 'typeorm-transactional: a private helper also handed on as a callback runs outside the transaction',
    path: 'order.service.ts',
    code: src(`
import { Transactional } from 'typeorm-transactional';

export class OrderService {
  @Transactional()
  async place(id: string): Promise<void> {
    await this.doPlace(id);
  }

  placeAll(ids: string[]): Promise<void[]> {
    return Promise.all(ids.map(this.doPlace));
  }

  private async doPlace(id: string): Promise<void> {
    const order = await this.orderRepo.save({ id });
    await this.outboxRepo.save({ aggregateid: order.id, type: 'order.placed' });
  }
}
`),
    errors: [{ line: 15, column: 11, message: '`this.outboxRepo.save(...)` runs in a different transaction than `this.orderRepo.save({ id })`' }],
    output: null,
  },
  {
    // no fix: Spring's proxy never intercepts a private method, so `@Transactional` there changes nothing
    name: 'Spring: a private helper also called from a method without a transaction',
    path: 'OrderService.java',
    code: src(`
import org.springframework.transaction.annotation.Transactional;

@Service
public class OrderService {
    @Transactional
    public Order place(PlaceOrder cmd) {
        return doPlace(cmd);
    }

    public Order placeLater(PlaceOrder cmd) {
        return doPlace(cmd);
    }

    private Order doPlace(PlaceOrder cmd) {
        Order order = orderRepository.save(Order.from(cmd));
        outboxRepository.save(OutboxEvent.orderPlaced(order));
        return order;
    }
}
`),
    errors: [{ line: 16, column: 9, message: '`outboxRepository.save(...)` runs in a different transaction than `orderRepository.save(...)`' }],
    output: null,
  },
  {
    // no fix: a proxy does not intercept static methods either
    name: 'Spring: two repository saves in a static helper',
    path: 'OrderPlacement.java',
    code: src(`
public final class OrderPlacement {
    static Order place(OrderRepository orderRepository, OutboxRepository outboxRepository, PlaceOrder cmd) {
        Order order = orderRepository.save(Order.from(cmd));
        outboxRepository.save(OutboxEvent.orderPlaced(order));
        return order;
    }
}
`),
    errors: [{ line: 4, column: 9, message: '`outboxRepository.save(...)` runs in a different transaction than `orderRepository.save(...)`' }],
    output: null,
  },
  {
    // no fix: a final class cannot be subclassed, so the class-based proxy cannot wrap its methods
    name: 'Spring: two repository saves in a method of a final service class',
    path: 'OrderService.java',
    code: src(`
@Service
public final class OrderService {
    public Order place(PlaceOrder cmd) {
        Order order = orderRepository.save(Order.from(cmd));
        outboxRepository.save(OutboxEvent.orderPlaced(order));
        return order;
    }
}
`),
    errors: [{ line: 5, column: 9, message: '`outboxRepository.save(...)` runs in a different transaction than `orderRepository.save(...)`' }],
    output: null,
  },
  {
    name: 'JDBC: commit after each insert',
    path: 'JdbcOrders.java',
    code: src(`
class JdbcOrders {
    void place(Connection conn, Order o) throws SQLException {
        conn.setAutoCommit(false);
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO orders (id, customer_id) VALUES (?, ?)")) {
            ps.setString(1, o.id());
            ps.setString(2, o.customerId());
            ps.executeUpdate();
        }
        conn.commit();
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO outbox (aggregatetype, aggregateid, type, payload) VALUES ('order', ?, 'order.placed', ?)")) {
            ps.setString(1, o.id());
            ps.setString(2, o.json());
            ps.executeUpdate();
        }
        conn.commit();
    }
}
`),
    errors: [{ line: 10, column: 37, message: '`INSERT INTO outbox` runs in a different transaction than `INSERT INTO orders`' }],
    output: null,
    unsafeOutput: src(`
class JdbcOrders {
    void place(Connection conn, Order o) throws SQLException {
        conn.setAutoCommit(false);
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO orders (id, customer_id) VALUES (?, ?)")) {
            ps.setString(1, o.id());
            ps.setString(2, o.customerId());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO outbox (aggregatetype, aggregateid, type, payload) VALUES ('order', ?, 'order.placed', ?)")) {
            ps.setString(1, o.id());
            ps.setString(2, o.json());
            ps.executeUpdate();
        }
        conn.commit();
    }
}
`),
    replaced: ['conn.commit();'],
  },
  {
    name: 'database/sql pool: each Exec commits alone',
    path: 'orders.go',
    code: src(`
package orders

func (s *Service) Place(ctx context.Context, o Order) error {
	if _, err := s.db.ExecContext(ctx, "INSERT INTO orders (id, customer_id) VALUES ($1, $2)", o.ID, o.CustomerID); err != nil {
		return err
	}
	_, err := s.db.ExecContext(ctx, "INSERT INTO outbox (aggregatetype, aggregateid, type, payload) VALUES ('order', $1, 'order.placed', $2)", o.ID, o.JSON())
	return err
}
`),
    errors: [{ line: 7, column: 12, message: '`INSERT INTO outbox` runs in a different transaction than `INSERT INTO orders`' }],
    output: null,
  },
  {
    name: 'GORM: two creates outside a transaction',
    path: 'orders_gorm.go',
    code: src(`
package orders

func (s *Service) Place(o *Order) error {
	if err := s.db.Create(o).Error; err != nil {
		return err
	}
	return s.db.Create(&OutboxEvent{AggregateType: "order", AggregateID: o.ID, Type: "order.placed", Payload: o.JSON()}).Error
}
`),
    errors: [{ line: 7, column: 9, message: '`s.db.Create(...)` runs in a different transaction than `s.db.Create(o)`' }],
    output: null,
  },
];
