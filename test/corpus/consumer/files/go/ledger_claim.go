package ledger

import (
	"context"
	"encoding/json"
	"log/slog"

	"github.com/IBM/sarama"
)

// Handler posts settled payments to the ledger.
type Handler struct {
	repo   *Repository
	logger *slog.Logger
}

func (h *Handler) Setup(sarama.ConsumerGroupSession) error   { return nil }
func (h *Handler) Cleanup(sarama.ConsumerGroupSession) error { return nil }

func (h *Handler) ConsumeClaim(sess sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error {
	for msg := range claim.Messages() {
		sess.MarkMessage(msg, "")
		var entry Entry
		if err := json.Unmarshal(msg.Value, &entry); err != nil {
			h.logger.Error("undecodable entry", "offset", msg.Offset, "err", err)
			continue
		}
		if err := h.repo.Post(sess.Context(), entry); err != nil {
			return err
		}
	}
	return nil
}

func Run(ctx context.Context, group sarama.ConsumerGroup, h *Handler) error {
	for ctx.Err() == nil {
		if err := group.Consume(ctx, []string{"payments.settled"}, h); err != nil {
			return err
		}
	}
	return ctx.Err()
}
