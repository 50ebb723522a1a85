import type { ValidCase } from '../../ruleTester';
import { src, type OutboxInvalidCase } from '../fixInvariants';

export const valid: ValidCase[] = [
  {
    name: 'database/sql: one transaction with SKIP LOCKED, publish then mark, commit last',
    path: 'relay.go',
    code: src(`
package outbox

func (r *Relay) RunOnce(ctx context.Context) error {
	tx, err := r.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	events, err := lockBatch(ctx, tx)
	if err != nil {
		return err
	}
	for _, e := range events {
		if err := r.writer.WriteMessages(ctx, kafka.Message{Topic: e.Topic, Key: []byte(e.Key), Value: e.Payload}); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE outbox SET published_at = now() WHERE id = $1", e.ID); err != nil {
			return err
		}
	}
	return tx.Commit()
}
`),
  },
  {
    name: 'mark inside the transaction before a synchronous write; the commit follows it',
    path: 'relay_tx.go',
    code: src(`
package outbox

func (r *Relay) RunOnce(ctx context.Context) error {
	tx, err := r.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	for _, e := range r.pending(ctx, tx) {
		if _, err := tx.Exec(ctx, "DELETE FROM outbox WHERE id = $1", e.ID); err != nil {
			return err
		}
		if _, _, err := r.producer.SendMessage(&sarama.ProducerMessage{Topic: e.Topic, Value: sarama.ByteEncoder(e.Payload)}); err != nil {
			return err
		}
	}
	return tx.Commit(ctx)
}
`),
  },
  {
    name: 'GORM Transaction callback: mark and synchronous publish in one transaction',
    path: 'relay_gorm.go',
    code: src(`
package outbox

func (r *Relay) RunOnce(ctx context.Context) error {
	return r.db.Transaction(func(tx *gorm.DB) error {
		var events []OutboxEvent
		if err := tx.Clauses(clause.Locking{Strength: "UPDATE", Options: "SKIP LOCKED"}).Limit(100).Find(&events).Error; err != nil {
			return err
		}
		for _, e := range events {
			if err := tx.Model(&OutboxEvent{}).Where("id = ?", e.ID).Update("sent", true).Error; err != nil {
				return err
			}
			if err := r.writer.WriteMessages(ctx, kafka.Message{Key: []byte(e.AggregateID), Value: e.Payload}); err != nil {
				return err
			}
		}
		return nil
	})
}
`),
  },
  {
    name: 'transaction handed in by the caller: it commits after this function returns',
    path: 'relay_param.go',
    code: src(`
package outbox

func publishAndMark(ctx context.Context, tx pgx.Tx, w *kafka.Writer, e Event) error {
	if _, err := tx.Exec(ctx, "UPDATE outbox SET sent = true WHERE id = $1", e.ID); err != nil {
		return err
	}
	return w.WriteMessages(ctx, kafka.Message{Key: []byte(e.Key), Value: e.Payload})
}
`),
  },
  {
    name: 'confluent-kafka-go: Produce, wait on the delivery channel, then mark',
    path: 'relay_confluent.go',
    code: src(`
package outbox

func (r *Relay) publish(ctx context.Context, e Event) error {
	delivery := make(chan kafka.Event, 1)
	if err := r.producer.Produce(&kafka.Message{TopicPartition: kafka.TopicPartition{Topic: &e.Topic}, Value: e.Payload}, delivery); err != nil {
		return err
	}
	ev := <-delivery
	if m := ev.(*kafka.Message); m.TopicPartition.Error != nil {
		return m.TopicPartition.Error
	}
	_, err := r.db.ExecContext(ctx, "UPDATE outbox SET published_at = now() WHERE id = $1", e.ID)
	return err
}
`),
  },
  {
    name: 'old published rows purged, unrelated to the publish',
    path: 'janitor.go',
    code: src(`
package outbox

func (r *Relay) Tick(ctx context.Context) error {
	if _, err := r.db.ExecContext(ctx, "DELETE FROM outbox WHERE published_at < now() - interval '7 days'"); err != nil {
		return err
	}
	return r.writer.WriteMessages(ctx, kafka.Message{Topic: "relay.heartbeat", Value: []byte("ok")})
}
`),
  },
  {
    name: 'kafka-go Async writer: rows are marked from the Completion callback once the batch is written',
    path: 'relay_async_completion.go',
    code: src(`
package outbox

type Relay struct {
	db     *sql.DB
	writer *kafka.Writer
}

func NewRelay(db *sql.DB) *Relay {
	r := &Relay{db: db}
	r.writer = &kafka.Writer{
		Addr:         kafka.TCP("kafka:9092"),
		RequiredAcks: kafka.RequireAll,
		Async:        true,
		Completion: func(messages []kafka.Message, err error) {
			if err != nil {
				log.Printf("outbox batch not written, rows stay pending: %v", err)
				return
			}
			for _, m := range messages {
				r.markSent(context.Background(), string(m.Key))
			}
		},
	}
	return r
}

func (r *Relay) markSent(ctx context.Context, id string) {
	if _, err := r.db.ExecContext(ctx, "UPDATE outbox SET published_at = now() WHERE id = $1", id); err != nil {
		log.Printf("mark %s: %v", id, err)
	}
}

func (r *Relay) RunOnce(ctx context.Context) error {
	for _, e := range r.pending(ctx) {
		if err := r.writer.WriteMessages(ctx, kafka.Message{Topic: e.Topic, Key: []byte(e.ID), Value: e.Payload}); err != nil {
			return err
		}
	}
	return nil
}
`),
  },
  {
    name: 'kafka-go: the relay writer is synchronous; an Async writer in the same file only ships metrics',
    path: 'relay_two_writers.go',
    code: src(`
package outbox

func NewRelay(db *sql.DB) *Relay {
	return &Relay{
		db:      db,
		writer:  &kafka.Writer{Addr: kafka.TCP("kafka:9092"), RequiredAcks: kafka.RequireAll},
		metrics: &kafka.Writer{Addr: kafka.TCP("kafka:9092"), Topic: "relay.metrics", Async: true},
	}
}

func (r *Relay) RunOnce(ctx context.Context) error {
	for _, e := range r.pending(ctx) {
		if err := r.writer.WriteMessages(ctx, kafka.Message{Topic: e.Topic, Value: e.Payload}); err != nil {
			return err
		}
		if _, err := r.db.ExecContext(ctx, "UPDATE outbox SET published_at = now() WHERE id = $1", e.ID); err != nil {
			return err
		}
		_ = r.metrics.WriteMessages(ctx, kafka.Message{Value: []byte("relayed")})
	}
	return nil
}
`),
  },
  {
    name: 'kafka-go: the relay writes through a writer parameter; a local Async writer of the same name lives in another function',
    path: 'relay_param_writer.go',
    code: src(`
package outbox

// audit events are fire-and-forget: losing one is acceptable
func newAuditWriter() *kafka.Writer {
	w := &kafka.Writer{Addr: kafka.TCP("kafka:9092"), Topic: "audit", Async: true}
	return w
}

func RelayOnce(ctx context.Context, db *sql.DB, w *kafka.Writer, events []Event) error {
	for _, e := range events {
		if err := w.WriteMessages(ctx, kafka.Message{Topic: e.Topic, Value: e.Payload}); err != nil {
			return err
		}
		if _, err := db.ExecContext(ctx, "UPDATE outbox SET published_at = now() WHERE id = $1", e.ID); err != nil {
			return err
		}
	}
	return nil
}
`),
  },
  {
    name: 'kafka-go: an Async writer field of another struct shares the relay writer field name',
    path: 'relay_metrics_struct.go',
    code: src(`
package outbox

func NewMetrics() *Metrics {
	return &Metrics{writer: &kafka.Writer{Addr: kafka.TCP("kafka:9092"), Topic: "metrics", Async: true}}
}

func NewRelay(db *sql.DB, writer *kafka.Writer) *Relay {
	return &Relay{db: db, writer: writer}
}

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
    name: 'confluent-kafka-go transactional producer: CommitTransaction delivers the produced messages first, then mark',
    path: 'relay_transactional.go',
    code: src(`
package relay

func (r *Relay) RunOnce(ctx context.Context) error {
	events, err := r.pending(ctx)
	if err != nil {
		return err
	}
	if err := r.producer.BeginTransaction(); err != nil {
		return err
	}
	for _, e := range events {
		if err := r.producer.Produce(&kafka.Message{TopicPartition: kafka.TopicPartition{Topic: &e.Topic, Partition: kafka.PartitionAny}, Value: e.Payload}, nil); err != nil {
			return err
		}
	}
	if err := r.producer.CommitTransaction(ctx); err != nil {
		return err
	}
	_, err = r.db.ExecContext(ctx, "UPDATE outbox SET published_at = now() WHERE id = ANY($1)", ids(events))
	return err
}
`),
  },
];

export const invalid: OutboxInvalidCase[] = [
  {
    name: 'database/sql pool (autocommit): mark, then WriteMessages',
    path: 'relay.go',
    code: src(`
package outbox

const markSent = \`UPDATE outbox SET published_at = now() WHERE id = $1\`

func (r *Relay) RunOnce(ctx context.Context) error {
	events, err := r.pending(ctx)
	if err != nil {
		return err
	}
	for _, e := range events {
		if _, err := r.db.ExecContext(ctx, markSent, e.ID); err != nil {
			return err
		}
		if err := r.writer.WriteMessages(ctx, kafka.Message{Topic: e.Topic, Key: []byte(e.Key), Value: e.Payload}); err != nil {
			return err
		}
	}
	return nil
}
`),
    errors: [{ line: 11, column: 16, message: 'Outbox row marked sent by `UPDATE outbox` before `r.writer.WriteMessages(...)` is acknowledged' }],
    output: src(`
package outbox

const markSent = \`UPDATE outbox SET published_at = now() WHERE id = $1\`

func (r *Relay) RunOnce(ctx context.Context) error {
	events, err := r.pending(ctx)
	if err != nil {
		return err
	}
	for _, e := range events {
		if err := r.writer.WriteMessages(ctx, kafka.Message{Topic: e.Topic, Key: []byte(e.Key), Value: e.Payload}); err != nil {
			return err
		}
		if _, err := r.db.ExecContext(ctx, markSent, e.ID); err != nil {
			return err
		}
	}
	return nil
}
`),
  },
  {
    name: 'transaction committed before the publish loop',
    path: 'relay_tx.go',
    code: src(`
package outbox

func (r *Relay) RunOnce(ctx context.Context) error {
	tx, err := r.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	events, err := lockBatch(ctx, tx)
	if err != nil {
		return err
	}
	for _, e := range events {
		if _, err := tx.ExecContext(ctx, "UPDATE outbox SET published_at = now() WHERE id = $1", e.ID); err != nil {
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	for _, e := range events {
		if err := r.writer.WriteMessages(ctx, kafka.Message{Topic: e.Topic, Value: e.Payload}); err != nil {
			return err
		}
	}
	return nil
}
`),
    errors: [{ line: 14, column: 16, message: 'Outbox row marked sent by `UPDATE outbox` before `r.writer.WriteMessages(...)` is acknowledged' }],
    output: src(`
package outbox

func (r *Relay) RunOnce(ctx context.Context) error {
	tx, err := r.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	events, err := lockBatch(ctx, tx)
	if err != nil {
		return err
	}
	for _, e := range events {
		if err := r.writer.WriteMessages(ctx, kafka.Message{Topic: e.Topic, Value: e.Payload}); err != nil {
			return err
		}
	}
	for _, e := range events {
		if _, err := tx.ExecContext(ctx, "UPDATE outbox SET published_at = now() WHERE id = $1", e.ID); err != nil {
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	return nil
}
`),
  },
  {
    name: 'GORM delete outside any transaction, then sarama SendMessage',
    path: 'relay_gorm.go',
    code: src(`
package outbox

func (r *Relay) RunOnce(ctx context.Context) error {
	var events []OutboxEvent
	if err := r.db.Order("id").Limit(100).Find(&events).Error; err != nil {
		return err
	}
	for _, e := range events {
		r.db.Delete(&e)
		if _, _, err := r.producer.SendMessage(&sarama.ProducerMessage{Topic: e.Topic, Value: sarama.ByteEncoder(e.Payload)}); err != nil {
			return err
		}
	}
	return nil
}
`),
    errors: [{ line: 9, column: 3, message: 'Outbox row deleted by `r.db.Delete(&e)` before `r.producer.SendMessage(...)` is acknowledged' }],
    output: src(`
package outbox

func (r *Relay) RunOnce(ctx context.Context) error {
	var events []OutboxEvent
	if err := r.db.Order("id").Limit(100).Find(&events).Error; err != nil {
		return err
	}
	for _, e := range events {
		if _, _, err := r.producer.SendMessage(&sarama.ProducerMessage{Topic: e.Topic, Value: sarama.ByteEncoder(e.Payload)}); err != nil {
			return err
		}
		r.db.Delete(&e)
	}
	return nil
}
`),
  },
  {
    name: 'confluent-kafka-go Produce is only enqueued when the mark commits',
    path: 'relay_confluent.go',
    code: src(`
package outbox

func (r *Relay) publish(ctx context.Context, e Event) error {
	if err := r.producer.Produce(&kafka.Message{TopicPartition: kafka.TopicPartition{Topic: &e.Topic}, Value: e.Payload}, nil); err != nil {
		return err
	}
	_, err := r.db.ExecContext(ctx, "UPDATE outbox SET published_at = now() WHERE id = $1", e.ID)
	return err
}
`),
    errors: [{ line: 7, column: 12, message: 'Outbox row marked sent by `UPDATE outbox` before `r.producer.Produce(...)` is acknowledged' }],
    output: null,
  },
  {
    name: 'kafka-go Async writer: WriteMessages returns before anything is written, then the row is marked',
    path: 'relay_async.go',
    code: src(`
package outbox

func NewRelay(db *sql.DB, brokers []string) *Relay {
	return &Relay{
		db: db,
		writer: &kafka.Writer{
			Addr:         kafka.TCP(brokers...),
			RequiredAcks: kafka.RequireAll,
			Async:        true,
		},
	}
}

func (r *Relay) RunOnce(ctx context.Context) error {
	for _, e := range r.pending(ctx) {
		if err := r.writer.WriteMessages(ctx, kafka.Message{Topic: e.Topic, Key: []byte(e.Key), Value: e.Payload}); err != nil {
			return err
		}
		if _, err := r.db.ExecContext(ctx, "UPDATE outbox SET published_at = now() WHERE id = $1", e.ID); err != nil {
			return err
		}
	}
	return nil
}
`),
    errors: [
      {
        line: 19,
        column: 16,
        message: 'Outbox row marked sent by `UPDATE outbox` before `r.writer.WriteMessages(...)` is acknowledged (the writer is `Async`)',
      },
    ],
    output: null,
  },
  {
    name: 'kafka-go NewWriter with an Async WriterConfig, then DELETE FROM outbox',
    path: 'relay_async_config.go',
    code: src(`
package outbox

func relayOnce(ctx context.Context, db *sql.DB, events []Event) error {
	writer := kafka.NewWriter(kafka.WriterConfig{Brokers: []string{"kafka:9092"}, Topic: "orders", Async: true})
	defer writer.Close()
	for _, e := range events {
		if err := writer.WriteMessages(ctx, kafka.Message{Key: []byte(e.Key), Value: e.Payload}); err != nil {
			return err
		}
		if _, err := db.ExecContext(ctx, "DELETE FROM outbox WHERE id = $1", e.ID); err != nil {
			return err
		}
	}
	return nil
}
`),
    errors: [
      {
        line: 10,
        column: 16,
        message: 'Outbox row deleted by `DELETE FROM outbox` before `writer.WriteMessages(...)` is acknowledged (the writer is `Async`)',
      },
    ],
    output: null,
  },
  {
    name: 'kafka-go: a package-level Async writer used by the relay function',
    path: 'relay_package_writer.go',
    code: src(`
package outbox

var writer = &kafka.Writer{Addr: kafka.TCP("kafka:9092"), Async: true}

func relay(ctx context.Context, db *sql.DB, events []Event) error {
	for _, e := range events {
		if err := writer.WriteMessages(ctx, kafka.Message{Topic: e.Topic, Value: e.Payload}); err != nil {
			return err
		}
		if _, err := db.ExecContext(ctx, "UPDATE outbox SET published_at = now() WHERE id = $1", e.ID); err != nil {
			return err
		}
	}
	return nil
}
`),
    errors: [
      {
        line: 10,
        column: 16,
        message: 'Outbox row marked sent by `UPDATE outbox` before `writer.WriteMessages(...)` is acknowledged (the writer is `Async`)',
      },
    ],
    output: null,
  },
];
