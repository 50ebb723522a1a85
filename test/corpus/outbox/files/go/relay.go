package outbox

import (
	"context"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/segmentio/kafka-go"
)

type Relay struct {
	pool   *pgxpool.Pool
	writer *kafka.Writer
}

type row struct {
	ID      string
	Topic   string
	Key     string
	Payload []byte
}

func (r *Relay) Run(ctx context.Context) {
	ticker := time.NewTicker(500 * time.Millisecond)
	defer ticker.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
			if err := r.relayOnce(ctx); err != nil {
				slog.Error("outbox relay", "err", err)
			}
		}
	}
}

func (r *Relay) relayOnce(ctx context.Context) error {
	rows, err := r.pool.Query(ctx, `SELECT id, topic, key, payload FROM outbox WHERE published_at IS NULL ORDER BY created_at LIMIT 100`)
	if err != nil {
		return err
	}
	defer rows.Close()
	var batch []row
	for rows.Next() {
		var e row
		if err := rows.Scan(&e.ID, &e.Topic, &e.Key, &e.Payload); err != nil {
			return err
		}
		batch = append(batch, e)
	}
	for _, e := range batch {
		if _, err := r.pool.Exec(ctx, `UPDATE outbox SET published_at = now() WHERE id = $1`, e.ID); err != nil {
			return err
		}
		if err := r.writer.WriteMessages(ctx, kafka.Message{Topic: e.Topic, Key: []byte(e.Key), Value: e.Payload}); err != nil {
			return err
		}
	}
	return nil
}
