package audit

import (
	"log"

	"github.com/IBM/sarama"
)

type consumer struct {
	store Store
}

func (c *consumer) Setup(sarama.ConsumerGroupSession) error   { return nil }
func (c *consumer) Cleanup(sarama.ConsumerGroupSession) error { return nil }

// ConsumeClaim stores each event and only then marks it, so a crash replays it.
func (c *consumer) ConsumeClaim(session sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error {
	for {
		select {
		case msg, ok := <-claim.Messages():
			if !ok {
				return nil
			}
			if err := c.store.Append(session.Context(), msg.Topic, msg.Key, msg.Value); err != nil {
				log.Printf("audit append failed at %s/%d/%d: %v", msg.Topic, msg.Partition, msg.Offset, err)
				return err
			}
			session.MarkMessage(msg, "")
		case <-session.Context().Done():
			return nil
		}
	}
}
