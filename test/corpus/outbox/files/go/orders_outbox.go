package orders

import (
	"context"
	"database/sql"
	"encoding/json"

	"github.com/google/uuid"
)

type OutboxService struct {
	db *sql.DB
}

func (s *OutboxService) Cancel(ctx context.Context, orderID, reason string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `UPDATE orders SET status = 'cancelled' WHERE id = $1`, orderID); err != nil {
		return err
	}
	payload, err := json.Marshal(map[string]string{"order_id": orderID, "reason": reason})
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx,
		`INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload) VALUES ($1, 'order', $2, 'order.cancelled', $3)`,
		uuid.New(), orderID, payload); err != nil {
		return err
	}
	return tx.Commit()
}
