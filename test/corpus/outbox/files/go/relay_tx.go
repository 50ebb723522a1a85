package outbox

import (
	"context"
	"database/sql"

	"github.com/IBM/sarama"
)

type TxRelay struct {
	db       *sql.DB
	producer sarama.SyncProducer
}

func (r *TxRelay) RelayOnce(ctx context.Context) (int, error) {
	tx, err := r.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()

	rows, err := tx.QueryContext(ctx, `SELECT id, topic, payload FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT 100 FOR UPDATE SKIP LOCKED`)
	if err != nil {
		return 0, err
	}
	type event struct {
		id      int64
		topic   string
		payload []byte
	}
	var events []event
	for rows.Next() {
		var e event
		if err := rows.Scan(&e.id, &e.topic, &e.payload); err != nil {
			rows.Close()
			return 0, err
		}
		events = append(events, e)
	}
	rows.Close()

	for _, e := range events {
		if _, _, err := r.producer.SendMessage(&sarama.ProducerMessage{Topic: e.topic, Value: sarama.ByteEncoder(e.payload)}); err != nil {
			return 0, err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE outbox SET published_at = now() WHERE id = $1`, e.id); err != nil {
			return 0, err
		}
	}
	return len(events), tx.Commit()
}
