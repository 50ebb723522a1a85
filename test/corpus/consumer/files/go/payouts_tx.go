package payouts

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/segmentio/kafka-go"
)

type Worker struct {
	reader *kafka.Reader
	db     *sql.DB
}

type payoutRequested struct {
	PayoutID    string `json:"payout_id"`
	AccountID   string `json:"account_id"`
	AmountCents int64  `json:"amount_cents"`
}

// Run records each payout request and its ledger entry in one transaction.
func (w *Worker) Run(ctx context.Context) error {
	for {
		m, err := w.reader.FetchMessage(ctx)
		if err != nil {
			return fmt.Errorf("fetch: %w", err)
		}
		var evt payoutRequested
		if err := json.Unmarshal(m.Value, &evt); err != nil {
			return fmt.Errorf("decode: %w", err)
		}
		tx, err := w.db.BeginTx(ctx, nil)
		if err != nil {
			return fmt.Errorf("begin: %w", err)
		}
		if _, err := tx.ExecContext(ctx,
			"INSERT INTO payouts (id, account_id, amount_cents) VALUES ($1, $2, $3)",
			evt.PayoutID, evt.AccountID, evt.AmountCents); err != nil {
			_ = tx.Rollback()
			return fmt.Errorf("insert payout: %w", err)
		}
		if err := w.reader.CommitMessages(ctx, m); err != nil {
			_ = tx.Rollback()
			return fmt.Errorf("commit offset: %w", err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("commit tx: %w", err)
		}
	}
}
