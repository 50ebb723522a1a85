package replay

import (
	"context"

	"github.com/segmentio/kafka-go"
)

// Rebuild replays one partition from the start into a fresh projection. There is no consumer
// group: nothing is committed, the projection keeps its own position.
func Rebuild(ctx context.Context, brokers []string, partition int, p Projection) error {
	r := kafka.NewReader(kafka.ReaderConfig{Brokers: brokers, Topic: "orders.events", Partition: partition})
	defer r.Close()
	if err := r.SetOffset(kafka.FirstOffset); err != nil {
		return err
	}
	for {
		m, err := r.ReadMessage(ctx)
		if err != nil {
			return err
		}
		if err := p.Apply(ctx, m.Offset, m.Value); err != nil {
			return err
		}
	}
}
