package billing

import (
	"context"
	"fmt"

	"github.com/segmentio/kafka-go"
)

type Consumer struct {
	reader  *kafka.Reader
	charger Charger
}

func NewConsumer(brokers []string, charger Charger) *Consumer {
	r := kafka.NewReader(kafka.ReaderConfig{Brokers: brokers, GroupID: "billing", Topic: "orders.placed"})
	return &Consumer{reader: r, charger: charger}
}

// Run charges each order and commits its offset only once the charge went through.
func (c *Consumer) Run(ctx context.Context) error {
	for {
		m, err := c.reader.FetchMessage(ctx)
		if err != nil {
			return fmt.Errorf("fetch: %w", err)
		}
		if err := c.charger.Charge(ctx, m.Key, m.Value); err != nil {
			return fmt.Errorf("charge %s: %w", m.Key, err)
		}
		if err := c.reader.CommitMessages(ctx, m); err != nil {
			return fmt.Errorf("commit: %w", err)
		}
	}
}
