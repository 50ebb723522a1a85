package payments

import (
	"context"
	"errors"
	"time"

	"github.com/IBM/sarama"
)

const maxAttempts = 5

var ErrDeclined = errors.New("payment declined")

type handler struct {
	gateway Gateway
	dlq     sarama.SyncProducer
}

func (h *handler) Setup(sarama.ConsumerGroupSession) error   { return nil }
func (h *handler) Cleanup(sarama.ConsumerGroupSession) error { return nil }

func (h *handler) ConsumeClaim(sess sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error {
	for msg := range claim.Messages() {
		if err := h.captureWithRetry(sess.Context(), msg); err != nil {
			if _, _, perr := h.dlq.SendMessage(&sarama.ProducerMessage{Topic: "payments.dlq", Value: sarama.ByteEncoder(msg.Value)}); perr != nil {
				return perr
			}
		}
		sess.MarkMessage(msg, "")
	}
	return nil
}

// captureWithRetry retries transient gateway errors with exponential backoff; declines are final.
func (h *handler) captureWithRetry(ctx context.Context, msg *sarama.ConsumerMessage) error {
	backoff := 250 * time.Millisecond
	var err error
	for attempt := 1; attempt <= maxAttempts; attempt++ {
		if err = h.gateway.Capture(ctx, msg.Value); err == nil || errors.Is(err, ErrDeclined) {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(backoff):
		}
		backoff *= 2
	}
	return err
}
