package relay

import (
	"context"
	"database/sql"
	"log"
	"time"

	"github.com/segmentio/kafka-go"
)

// Relay copies pending outbox rows to Kafka. Throughput matters here, so the writer batches
// asynchronously.
type Relay struct {
	db     *sql.DB
	writer *kafka.Writer
}

type row struct {
	ID        string
	Topic     string
	Aggregate string
	Payload   []byte
}

func New(db *sql.DB, brokers []string) *Relay {
	return &Relay{
		db: db,
		writer: &kafka.Writer{
			Addr:         kafka.TCP(brokers...),
			Balancer:     &kafka.Hash{},
			RequiredAcks: kafka.RequireAll,
			BatchTimeout: 20 * time.Millisecond,
			Async:        true,
		},
	}
}

func (r *Relay) pending(ctx context.Context) ([]row, error) {
	rows, err := r.db.QueryContext(ctx, "SELECT id, topic, aggregate_id, payload FROM outbox WHERE published_at IS NULL ORDER BY created_at LIMIT 500")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []row
	for rows.Next() {
		var e row
		if err := rows.Scan(&e.ID, &e.Topic, &e.Aggregate, &e.Payload); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

func (r *Relay) RunOnce(ctx context.Context) error {
	batch, err := r.pending(ctx)
	if err != nil {
		return err
	}
	for _, e := range batch {
		msg := kafka.Message{Topic: e.Topic, Key: []byte(e.Aggregate), Value: e.Payload}
		if err := r.writer.WriteMessages(ctx, msg); err != nil {
			return err
		}
		if _, err := r.db.ExecContext(ctx, "UPDATE outbox SET published_at = now() WHERE id = $1", e.ID); err != nil {
			return err
		}
	}
	log.Printf("relayed %d rows", len(batch))
	return nil
}
