package warehouse

import (
	"log"

	"github.com/confluentinc/confluent-kafka-go/v2/kafka"
)

func Consume(c *kafka.Consumer, stock StockService) {
	if err := c.SubscribeTopics([]string{"orders.placed"}, nil); err != nil {
		log.Fatalf("subscribe: %v", err)
	}
	for {
		switch e := c.Poll(200).(type) {
		case *kafka.Message:
			if _, err := c.CommitMessage(e); err != nil {
				log.Printf("commit %v: %v", e.TopicPartition, err)
			}
			if err := stock.Reserve(string(e.Key), e.Value); err != nil {
				log.Printf("reserve %s: %v", e.Key, err)
			}
		case kafka.Error:
			log.Printf("kafka error: %v", e)
			if e.IsFatal() {
				return
			}
		}
	}
}
