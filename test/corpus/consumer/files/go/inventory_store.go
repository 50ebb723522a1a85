package inventory

import (
	"log"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
)

// NewConsumer disables the automatic offset store: offsets are stored by hand once a
// reservation is written, and the background auto-commit only ever commits those.
func NewConsumer(brokers string) (*kafka.Consumer, error) {
	return kafka.NewConsumer(&kafka.ConfigMap{
		"bootstrap.servers":        brokers,
		"group.id":                 "inventory",
		"enable.auto.offset.store": false,
	})
}

func Run(c *kafka.Consumer, reservations Reservations) error {
	if err := c.Subscribe("orders.placed", nil); err != nil {
		return err
	}
	for {
		msg, err := c.ReadMessage(-1)
		if err != nil {
			log.Printf("read: %v", err)
			continue
		}
		if err := reservations.Reserve(string(msg.Key), msg.Value); err != nil {
			return err
		}
		if _, err := c.StoreMessage(msg); err != nil {
			log.Printf("store offset: %v", err)
		}
	}
}
