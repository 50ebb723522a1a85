import type { ValidCase } from '../../ruleTester';
import { src, type OutboxInvalidCase } from '../fixInvariants';

const RELAY_NOTE = "the outbox relay (or Debezium's outbox EventRouter) publishes this row once the transaction commits";

export const valid: ValidCase[] = [
  {
    name: 'the event goes to the outbox in the same transaction (Debezium reads it)',
    path: 'orders/service.py',
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
    name: 'publishing without writing the database',
    path: 'webhooks/forwarder.py',
    code: src(`
def forward(request, producer):
    body = request.get_json()
    producer.produce("webhooks.stripe", key=body["id"], value=json.dumps(body))
    producer.flush()
`),
  },
  {
    name: 'a consumer that dead-letters a message and records the failure',
    path: 'payments/consumer.py',
    code: src(`
def handle(msg, conn, producer):
    try:
        capture_payment(json.loads(msg.value()))
    except PermanentError as exc:
        with conn.transaction():
            conn.execute("INSERT INTO payment_failures (message_key, reason) VALUES (%s, %s)", (msg.key(), str(exc)))
        producer.produce("payments.dlq", key=msg.key(), value=msg.value())
`),
  },
  {
    name: 'a test that seeds a table and produces a message',
    path: 'tests/test_shipping_consumer.py',
    code: src(`
def test_ships_paid_orders(conn, producer):
    conn.execute("INSERT INTO orders (id, status) VALUES ('ord_1', 'paid')")
    conn.commit()
    producer.produce("orders", key="ord_1", value=b'{"id": "ord_1"}')
    producer.flush()
`),
  },
  {
    name: 'a relay reads the outbox, publishes and marks (OBX001 territory)',
    path: 'relay.go',
    code: src(`
package outbox

func (r *Relay) RunOnce(ctx context.Context) error {
	for _, e := range r.pending(ctx) {
		if err := r.writer.WriteMessages(ctx, kafka.Message{Topic: e.Topic, Value: e.Payload}); err != nil {
			return err
		}
		if _, err := r.db.ExecContext(ctx, "UPDATE outbox SET published_at = now() WHERE id = $1", e.ID); err != nil {
			return err
		}
	}
	return nil
}
`),
  },
  {
    name: 'Prisma: order and outbox row in one transaction',
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
    name: 'a read followed by a publish',
    path: 'reminders.js',
    code: src(`
async function remindUnpaid(pool, producer) {
  const { rows } = await pool.query("SELECT id, customer_id FROM orders WHERE status = 'unpaid'");
  for (const row of rows) {
    await producer.send({ topic: 'reminders', messages: [{ key: row.customer_id, value: row.id }] });
  }
}
`),
  },
  {
    name: 'Spring: the listener publishes after commit and writes nothing',
    path: 'OrderEvents.tsx',
    code: src(`
export class OrderEvents {
  async onCommitted(event: OrderPlaced, producer: Producer): Promise<void> {
    await producer.send({ topic: 'orders', messages: [{ key: event.orderId, value: JSON.stringify(event) }] });
  }
}
`),
  },
  {
    name: 'Spring: outbox row through the repository, no Kafka in sight',
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
    name: 'Go: GORM transaction writes the outbox row',
    path: 'orders.go',
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
    name: 'an in-process event dispatcher is not a broker',
    path: 'orders/commands.py',
    code: src(`
from app.events import publisher


def place_order(session, order):
    session.add(order)
    session.commit()
    publisher.publish(OrderPlaced(order.id))
`),
  },
  {
    name: 'the outbox write is delegated to a method of the service',
    path: 'orders/placing_service.py',
    code: src(`
def place(self, conn, order):
    with conn.transaction():
        conn.execute("INSERT INTO orders (id, customer_id) VALUES (%s, %s)", (order.id, order.customer_id))
        self.outbox.append(conn, "orders", order.id, order.json())
    self.producer.produce("audit.orders", value=order.id.encode())
`),
  },
  {
    name: 'Django on_commit for cache invalidation and a receipt email: no broker',
    path: 'orders/views_support.py',
    code: src(`
from functools import partial

from django.core.cache import cache
from django.core.mail import send_mail
from django.db import transaction


def place_order(customer, cart):
    with transaction.atomic():
        order = Order.objects.create(customer=customer, total_cents=cart.total_cents)
        transaction.on_commit(lambda: cache.delete(f"orders:{customer.id}"))
        transaction.on_commit(partial(send_mail, "Order received", f"Order {order.id}", "shop@example.com", [customer.email]))
    return order
`),
  },
  {
    name: 'Django: the outbox row is written in the atomic block; on_commit only wakes the relay',
    path: 'orders/placing_outbox.py',
    code: src(`
from django.db import transaction

from orders.tasks import relay_outbox


def place_order(customer, cart):
    with transaction.atomic():
        order = Order.objects.create(customer=customer, total_cents=cart.total_cents)
        OutboxEvent.objects.create(aggregate_type="order", aggregate_id=str(order.id), event_type="order.placed", payload=order.as_event())
        transaction.on_commit(lambda: relay_outbox.delay())
    return order
`),
  },
  {
    name: 'Django: on_commit hands the event to the outbox, not to the broker',
    path: 'orders/placing_enqueue.py',
    code: src(`
from django.db import transaction

from orders import outbox


def place_order(customer, cart):
    order = Order.objects.create(customer=customer, total_cents=cart.total_cents)
    transaction.on_commit(lambda: outbox.enqueue("orders", order.as_event()))
    return order
`),
  },
  {
    name: 'Django: on_commit with a helper of another module that is not a broker client',
    path: 'orders/placing_notify.py',
    code: src(`
from functools import partial

from django.db import transaction

from orders.notifications import notify_customer


def place_order(customer, cart):
    order = Order.objects.create(customer=customer, total_cents=cart.total_cents)
    transaction.on_commit(partial(notify_customer, order.id))
    return order
`),
  },
  {
    name: 'Django consumer: on_commit commits the offset through a helper of the Kafka module; nothing is published',
    path: 'payments/handler.py',
    code: src(`
from django.db import transaction

from ingest.kafka import commit_offset
from payments.emails import send_receipt


def handle(msg):
    event = json.loads(msg.value())
    with transaction.atomic():
        payment = Payment.objects.create(order_id=event["order_id"], amount_cents=event["amount_cents"])
        transaction.on_commit(lambda: send_receipt(payment.id))
        transaction.on_commit(lambda: commit_offset(msg))
`),
  },
  {
    name: 'boto3: an S3 upload is no publish, and an SQS send to the dead-letter queue is the dead-letter rules\' concern',
    path: 'orders/archive.py',
    code: src(`
import boto3

s3 = boto3.client("s3")
sqs = boto3.client("sqs")


def archive(customer, cart):
    order = Order.objects.create(customer=customer, total_cents=cart.total_cents)
    s3.put_object(Bucket="orders", Key=str(order.id), Body=order.as_event_json())


def reject(customer, cart):
    order = Order.objects.create(customer=customer, total_cents=cart.total_cents)
    sqs.send_message(QueueUrl=ORDERS_DLQ_URL, MessageBody=order.as_event_json())
`),
  },
  {
    name: 'boto3: SNS publish with no database write, and an outbox row with an EventBridge nudge to the relay',
    path: 'orders/notify.py',
    code: src(`
import boto3

sns = boto3.client("sns")
events = boto3.client("events")


def notify(order):
    sns.publish(TopicArn=ORDERS_TOPIC, Message=order.as_event_json())


def place_order(session, order):
    session.add(order)
    session.add(OutboxEvent(aggregate_id=order.id, type="order.placed", payload=order.as_event_json()))
    session.commit()
    events.put_events(Entries=[{"Source": "orders", "DetailType": "OutboxWritten", "Detail": "{}"}])
`),
  },
  {
    name: 'a send_message on something that is not a boto3 client of a messaging service',
    path: 'chat/service.py',
    code: src(`
import boto3

sqs = boto3.client("sqs")


def post(room, author, text):
    message = Message.objects.create(room=room, author=author, text=text)
    room.send_message(message)
    websocket.publish(room.channel, message.as_json())
`),
  },
  {
    name: 'a failsafe integration test (*IT.java) in a Gradle integrationTest source set',
    path: 'src/integrationTest/java/com/acme/orders/OrderPublishingIT.java',
    code: src(`
package com.acme.orders;

class OrderPublishingIT {
    @Test
    void shipsPaidOrders() {
        jdbc.update("INSERT INTO orders (id, status) VALUES (?, 'paid')", 42L);
        kafkaTemplate.send("orders", "42", "{\\"type\\":\\"order.paid\\"}");
        await().untilAsserted(() -> assertThat(shipments.findByOrderId(42L)).isPresent());
    }
}
`),
  },
  {
    name: 'Gradle test fixtures seed a table and produce a message',
    path: 'src/testFixtures/java/com/acme/orders/OrderSeeder.java',
    code: src(`
package com.acme.orders;

public class OrderSeeder {
    public void seedPaidOrder(long id) {
        jdbc.update("INSERT INTO orders (id, status) VALUES (?, 'paid')", id);
        kafkaTemplate.send("orders", String.valueOf(id), "{\\"type\\":\\"order.paid\\"}");
    }
}
`),
  },
];

export const invalid: OutboxInvalidCase[] = [
  {
    name: 'a consumer of outbox events that writes and publishes downstream itself',
    path: 'billing/consumer.py',
    code: src(`
def on_order_placed(conn, producer, msg):
    if msg.topic() != "outbox.event.order":
        return
    event = json.loads(msg.value())
    with conn.transaction():
        conn.execute("INSERT INTO invoices (order_id, total_cents) VALUES (%s, %s)", (event["order_id"], event["total_cents"]))
    producer.produce("invoices", key=event["order_id"], value=json.dumps({"order_id": event["order_id"]}))
`),
    errors: [{ line: 7, column: 5, message: '`producer.produce(...)` publishes next to `INSERT INTO invoices` without an outbox row' }],
    output: null,
    unsafeOutput: src(`
def on_order_placed(conn, producer, msg):
    if msg.topic() != "outbox.event.order":
        return
    event = json.loads(msg.value())
    with conn.transaction():
        conn.execute("INSERT INTO invoices (order_id, total_cents) VALUES (%s, %s)", (event["order_id"], event["total_cents"]))
        # ${RELAY_NOTE}
        conn.execute("INSERT INTO outbox (topic, key, payload) VALUES (%s, %s, %s)", ("invoices", event["order_id"], json.dumps({"order_id": event["order_id"]})))
`),
    replaced: ['producer.produce("invoices", key=event["order_id"], value=json.dumps({"order_id": event["order_id"]}))'],
  },
  {
    name: 'Google Pub/Sub publisher after a SQLAlchemy commit',
    path: 'orders/pubsub.py',
    code: src(`
from google.cloud import pubsub_v1

publisher = pubsub_v1.PublisherClient()


def place_order(session, order):
    session.add(order)
    session.commit()
    publisher.publish(TOPIC, order.to_json().encode())
`),
    errors: [{ line: 9, column: 5, message: '`publisher.publish(...)` publishes next to `session.add(order)` without an outbox row' }],
    output: null,
  },
  {
    name: 'psycopg: commit, then produce',
    path: 'orders/service.py',
    code: src(`
import json

from confluent_kafka import Producer

producer = Producer({"bootstrap.servers": "kafka:9092"})


def place_order(conn, order):
    with conn.cursor() as cur:
        cur.execute("INSERT INTO orders (id, customer_id, total_cents) VALUES (%s, %s, %s)", (order.id, order.customer_id, order.total))
    conn.commit()
    producer.produce("orders", key=order.id, value=json.dumps(order.as_event()))
    producer.flush()
`),
    errors: [{ line: 12, column: 5, message: '`producer.produce(...)` publishes next to `INSERT INTO orders` without an outbox row' }],
    output: null,
    unsafeOutput: src(`
import json

from confluent_kafka import Producer

producer = Producer({"bootstrap.servers": "kafka:9092"})


def place_order(conn, order):
    with conn.cursor() as cur:
        cur.execute("INSERT INTO orders (id, customer_id, total_cents) VALUES (%s, %s, %s)", (order.id, order.customer_id, order.total))
        # ${RELAY_NOTE}
        cur.execute("INSERT INTO outbox (topic, key, payload) VALUES (%s, %s, %s)", ("orders", order.id, json.dumps(order.as_event())))
    conn.commit()
    producer.flush()
`),
    replaced: ['producer.produce("orders", key=order.id, value=json.dumps(order.as_event()))'],
  },
  {
    name: 'psycopg 3: publish inside the transaction, before it commits',
    path: 'orders/inside.py',
    code: src(`
def cancel_order(conn, producer, order_id):
    with conn.transaction():
        conn.execute("UPDATE orders SET status = 'cancelled' WHERE id = %s", (order_id,))
        producer.send("orders", value={"id": order_id, "type": "order.cancelled"}, key=order_id)
`),
    errors: [{ line: 4, column: 9, message: '`producer.send(...)` publishes next to `UPDATE orders` without an outbox row' }],
    output: null,
    unsafeOutput: src(`
def cancel_order(conn, producer, order_id):
    with conn.transaction():
        conn.execute("UPDATE orders SET status = 'cancelled' WHERE id = %s", (order_id,))
        # ${RELAY_NOTE}
        conn.execute("INSERT INTO outbox (topic, key, payload) VALUES (%s, %s, %s)", ("orders", order_id, {"id": order_id, "type": "order.cancelled"}))
`),
    replaced: ['producer.send("orders", value={"id": order_id, "type": "order.cancelled"}, key=order_id)'],
  },
  {
    name: 'Django: create (autocommit), then produce',
    path: 'orders/placing.py',
    code: src(`
from orders.models import Order


def place_order(producer, customer_id, total_cents):
    order = Order.objects.create(customer_id=customer_id, total_cents=total_cents)
    producer.produce("orders", key=str(order.id), value=order.as_event_json())
    return order
`),
    errors: [{ line: 6, column: 5, message: '`producer.produce(...)` publishes next to `Order.objects.create(...)` without an outbox row' }],
    output: null,
  },
  {
    name: 'node-postgres: COMMIT, then send',
    path: 'orders.ts',
    code: src(`
export async function placeOrder(pool: Pool, producer: Producer, input: OrderInput): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('INSERT INTO orders (id, customer_id) VALUES ($1, $2)', [input.id, input.customerId]);
    await client.query('COMMIT');
  } finally {
    client.release();
  }
  await producer.send({ topic: 'orders', messages: [{ key: input.id, value: JSON.stringify(input) }] });
}
`),
    errors: [{ line: 10, column: 9, message: '`producer.send(...)` publishes next to `INSERT INTO orders` without an outbox row' }],
    output: null,
    unsafeOutput: src(`
export async function placeOrder(pool: Pool, producer: Producer, input: OrderInput): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('INSERT INTO orders (id, customer_id) VALUES ($1, $2)', [input.id, input.customerId]);
    // ${RELAY_NOTE}
    await client.query('INSERT INTO outbox (topic, key, payload) VALUES ($1, $2, $3)', ['orders', input.id, JSON.stringify(input)]);
    await client.query('COMMIT');
  } finally {
    client.release();
  }
}
`),
    replaced: ["await producer.send({ topic: 'orders', messages: [{ key: input.id, value: JSON.stringify(input) }] });"],
  },
  {
    name: 'Prisma create (autocommit), then send',
    path: 'orders.tsx',
    code: src(`
export async function placeOrder(prisma: PrismaClient, producer: Producer, input: OrderInput): Promise<void> {
  const order = await prisma.order.create({ data: input });
  await producer.send({ topic: 'orders', messages: [{ key: order.id, value: JSON.stringify(order) }] });
}
`),
    errors: [{ line: 3, column: 9, message: '`producer.send(...)` publishes next to `prisma.order.create({ data: input })` without an outbox row' }],
    output: null,
  },
  {
    name: 'knex transaction, then send after it',
    path: 'orders.js',
    code: src(`
async function shipOrder(knex, producer, orderId) {
  await knex.transaction(async (trx) => {
    await trx('orders').where({ id: orderId }).update({ status: 'shipped' });
  });
  await producer.send({ topic: 'orders', messages: [{ key: orderId, value: JSON.stringify({ id: orderId, type: 'order.shipped' }) }] });
}
`),
    errors: [{ line: 5, column: 9, message: "`producer.send(...)` publishes next to `trx('orders').where({ id: orderId }).update({ status: 'shipped' })` without an outbox row" }],
    output: null,
    unsafeOutput: src(`
async function shipOrder(knex, producer, orderId) {
  await knex.transaction(async (trx) => {
    await trx('orders').where({ id: orderId }).update({ status: 'shipped' });
    // ${RELAY_NOTE}
    await trx('outbox').insert({ topic: 'orders', key: orderId, payload: JSON.stringify({ id: orderId, type: 'order.shipped' }) });
  });
}
`),
    replaced: ["await producer.send({ topic: 'orders', messages: [{ key: orderId, value: JSON.stringify({ id: orderId, type: 'order.shipped' }) }] });"],
  },
  {
    name: 'Spring: @Transactional method publishes inside the transaction',
    path: 'OrderService.java',
    code: src(`
@Service
public class OrderService {
    @Transactional
    public void ship(long orderId) {
        jdbc.update("UPDATE orders SET status = 'shipped' WHERE id = ?", orderId);
        kafkaTemplate.send("orders", String.valueOf(orderId), "{\\"type\\":\\"order.shipped\\"}");
    }
}
`),
    errors: [{ line: 6, column: 9, message: '`kafkaTemplate.send(...)` publishes next to `UPDATE orders` without an outbox row' }],
    output: null,
    unsafeOutput: src(`
@Service
public class OrderService {
    @Transactional
    public void ship(long orderId) {
        jdbc.update("UPDATE orders SET status = 'shipped' WHERE id = ?", orderId);
        // ${RELAY_NOTE}
        jdbc.update("INSERT INTO outbox (topic, key, payload) VALUES (?, ?, ?)", "orders", String.valueOf(orderId), "{\\"type\\":\\"order.shipped\\"}");
    }
}
`),
    replaced: ['kafkaTemplate.send("orders", String.valueOf(orderId), "{\\"type\\":\\"order.shipped\\"}");'],
  },
  {
    name: 'Spring: repository save without a transaction, then send',
    path: 'PaymentService.java',
    code: src(`
@Service
public class PaymentService {
    public Payment capture(CaptureCommand cmd) {
        Payment payment = paymentRepository.save(Payment.captured(cmd));
        producer.send(new ProducerRecord<>("payments", payment.getId(), payment.toJson()));
        return payment;
    }
}
`),
    errors: [{ line: 5, column: 9, message: '`producer.send(...)` publishes next to `paymentRepository.save(...)` without an outbox row' }],
    output: null,
  },
  {
    name: 'Go: commit, then WriteMessages',
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
	if err := tx.Commit(); err != nil {
		return err
	}
	if err := s.writer.WriteMessages(ctx, kafka.Message{Topic: "orders", Key: []byte(o.ID), Value: o.JSON()}); err != nil {
		return err
	}
	return nil
}
`),
    errors: [{ line: 15, column: 12, message: '`s.writer.WriteMessages(...)` publishes next to `INSERT INTO orders` without an outbox row' }],
    output: null,
    unsafeOutput: src(`
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
	// ${RELAY_NOTE}
	if _, err := tx.ExecContext(ctx, "INSERT INTO outbox (topic, key, payload) VALUES ($1, $2, $3)", "orders", []byte(o.ID), o.JSON()); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	return nil
}
`),
    replaced: ['if err := s.writer.WriteMessages(ctx, kafka.Message{Topic: "orders", Key: []byte(o.ID), Value: o.JSON()}); err != nil {'],
  },
  {
    name: 'Go: pool Exec (autocommit), then sarama SendMessage',
    path: 'payments.go',
    code: src(`
package payments

func (s *Service) Refund(ctx context.Context, id string) error {
	if _, err := s.pool.Exec(ctx, "UPDATE payments SET status = 'refunded' WHERE id = $1", id); err != nil {
		return err
	}
	_, _, err := s.producer.SendMessage(&sarama.ProducerMessage{Topic: "payments", Key: sarama.StringEncoder(id), Value: sarama.StringEncoder("refunded")})
	return err
}
`),
    errors: [{ line: 7, column: 15, message: '`s.producer.SendMessage(...)` publishes next to `UPDATE payments` without an outbox row' }],
    output: null,
  },
  {
    name: 'Django: on_commit publishes after the atomic block commits',
    path: 'orders/placing_on_commit.py',
    code: src(`
from confluent_kafka import Producer
from django.db import transaction

producer = Producer({"bootstrap.servers": "kafka:9092"})


def place_order(customer, cart):
    with transaction.atomic():
        order = Order.objects.create(customer=customer, total_cents=cart.total_cents)
        transaction.on_commit(lambda: producer.produce("orders", key=str(order.id), value=order.as_event_json()))
    return order
`),
    errors: [
      {
        line: 10,
        column: 39,
        message: '`producer.produce(...)` publishes after `Order.objects.create(...)` commits, without an outbox row',
      },
    ],
    output: null,
  },
  {
    name: 'Django: on_commit(partial(publish, …)) with publish defined in the file',
    path: 'orders/placing_partial.py',
    code: src(`
from functools import partial

from django.db import transaction
from kafka import KafkaProducer

producer = KafkaProducer(bootstrap_servers="kafka:9092")


def publish(topic, order_id):
    producer.send(topic, key=str(order_id).encode(), value=json.dumps({"order_id": order_id}).encode()).get(timeout=10)


def place_order(customer, cart):
    order = Order.objects.create(customer=customer, total_cents=cart.total_cents)
    transaction.on_commit(partial(publish, "orders", order.id))
    return order
`),
    errors: [{ line: 15, column: 27, message: '`publish(...)` publishes after `Order.objects.create(...)` commits, without an outbox row' }],
    output: null,
  },
  {
    name: 'Django: on_commit(partial(producer.send, …))',
    path: 'orders/placing_partial_send.py',
    code: src(`
from functools import partial

from django.db import transaction


def place_order(producer, customer, cart):
    with transaction.atomic():
        order = Order.objects.create(customer=customer, total_cents=cart.total_cents)
        transaction.on_commit(partial(producer.send, "orders", value=order.as_event_bytes()))
    return order
`),
    errors: [{ line: 9, column: 31, message: '`producer.send(...)` publishes after `Order.objects.create(...)` commits, without an outbox row' }],
    output: null,
  },
  {
    name: 'Django: on_commit calls a publisher imported from the Kafka module',
    path: 'orders/placing_imported.py',
    code: src(`
from django.db.transaction import atomic, on_commit

from orders.kafka import publish_event


def place_order(customer, cart):
    with atomic():
        order = Order.objects.create(customer=customer, total_cents=cart.total_cents)
        on_commit(lambda: publish_event("orders", order.id))
    return order
`),
    errors: [{ line: 9, column: 27, message: '`publish_event(...)` publishes after `Order.objects.create(...)` commits, without an outbox row' }],
    output: null,
  },
  {
    name: 'boto3: SNS publish after a Django atomic block',
    path: 'orders/sns.py',
    code: src(`
import boto3
from django.db import transaction

sns = boto3.client("sns", region_name="eu-west-1")


def place_order(customer, cart):
    with transaction.atomic():
        order = Order.objects.create(customer=customer, total_cents=cart.total_cents)
    sns.publish(TopicArn=ORDERS_TOPIC, Message=order.as_event_json())
    return order
`),
    errors: [{ line: 10, column: 5, message: '`sns.publish(...)` publishes next to `Order.objects.create(...)` without an outbox row' }],
    output: null,
  },
  {
    name: 'boto3: an SQS client from a session, held in a field, after a SQLAlchemy commit',
    path: 'orders/sqs.py',
    code: src(`
import boto3


class OrderService:
    def __init__(self, session_factory):
        self.session_factory = session_factory
        self.sqs = boto3.session.Session().client('sqs')

    def place(self, order):
        with self.session_factory() as session:
            session.add(order)
            session.commit()
        self.sqs.send_message(QueueUrl=ORDERS_QUEUE_URL, MessageBody=order.to_json())
`),
    errors: [{ line: 13, column: 9, message: '`self.sqs.send_message(...)` publishes next to `session.add(order)` without an outbox row' }],
    output: null,
  },
  {
    name: 'boto3: EventBridge put_events and a Kinesis put_record after a psycopg commit',
    path: 'orders/aws_events.py',
    code: src(`
import boto3

events = boto3.client("events")
kinesis = boto3.client("kinesis")


def place_order(conn, order):
    with conn.cursor() as cur:
        cur.execute("INSERT INTO orders (id, total_cents) VALUES (%s, %s)", (order.id, order.total))
    conn.commit()
    events.put_events(Entries=[{"Source": "orders", "DetailType": "OrderPlaced", "Detail": order.to_json()}])


def record_payment(conn, payment):
    conn.execute("UPDATE orders SET paid = true WHERE id = %s", (payment.order_id,))
    conn.commit()
    kinesis.put_record(StreamName="payments", Data=payment.to_json(), PartitionKey=payment.order_id)
`),
    errors: [
      { line: 11, column: 5, message: '`events.put_events(...)` publishes next to `INSERT INTO orders` without an outbox row' },
      { line: 17, column: 5, message: '`kinesis.put_record(...)` publishes next to `UPDATE orders` without an outbox row' },
    ],
    output: null,
  },
  {
    name: 'Django: on_commit publishes to SNS through a lambda or a partial of an SQS send',
    path: 'orders/aws_on_commit.py',
    code: src(`
from functools import partial

import boto3
from django.db import transaction

sns = boto3.client("sns")
sqs = boto3.client("sqs")


def place_order(customer, cart):
    with transaction.atomic():
        order = Order.objects.create(customer=customer, total_cents=cart.total_cents)
        transaction.on_commit(lambda: sns.publish(TopicArn=ORDERS_TOPIC, Message=order.as_event_json()))
    return order


def cancel_order(order):
    with transaction.atomic():
        Order.objects.filter(id=order.id).update(status="cancelled")
        transaction.on_commit(partial(sqs.send_message, QueueUrl=CANCELLED_QUEUE_URL, MessageBody=str(order.id)))
`),
    errors: [
      { line: 13, column: 39, message: '`sns.publish(...)` publishes after `Order.objects.create(...)` commits, without an outbox row' },
      {
        line: 20,
        column: 31,
        message: '`sqs.send_message(...)` publishes after `Order.objects.filter(id=order.id).update(status="cancelled")` commits, without an outbox row',
      },
    ],
    output: null,
  },
];
