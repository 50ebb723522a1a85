package notify

import (
	"context"
	"log"

	"github.com/IBM/sarama"
)

type handler struct {
	push PushService
}

func (h *handler) Setup(sarama.ConsumerGroupSession) error   { return nil }
func (h *handler) Cleanup(sarama.ConsumerGroupSession) error { return nil }

func (h *handler) ConsumeClaim(sess sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error {
	for msg := range claim.Messages() {
		// pushes are slow; do them in the background so the claim keeps up
		go h.deliver(sess.Context(), msg)
		sess.MarkMessage(msg, "")
	}
	return nil
}

func (h *handler) deliver(ctx context.Context, msg *sarama.ConsumerMessage) {
	if err := h.push.Send(ctx, string(msg.Key), msg.Value); err != nil {
		log.Printf("push %s failed: %v", msg.Key, err)
	}
}
