package orders

import (
	"context"
	"database/sql"
	"encoding/json"

	"github.com/segmentio/kafka-go"
)

type Service struct {
	db     *sql.DB
	writer *kafka.Writer
}

type PlaceOrder struct {
	ID         string
	CustomerID string
	TotalCents int64
}

func (s *Service) Place(ctx context.Context, cmd PlaceOrder) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `INSERT INTO orders (id, customer_id, total_cents, status) VALUES ($1, $2, $3, 'placed')`, cmd.ID, cmd.CustomerID, cmd.TotalCents); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	payload, _ := json.Marshal(cmd)
	return s.writer.WriteMessages(ctx, kafka.Message{Topic: "orders", Key: []byte(cmd.ID), Value: payload})
}
