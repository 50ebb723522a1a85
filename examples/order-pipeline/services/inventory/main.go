// Inventory service: reserves stock when an order is placed.
package main

import (
	"context"
	"encoding/json"
	"log"

	"github.com/segmentio/kafka-go"
)

type OrderPlaced struct {
	EventID string `json:"event_id"`
	OrderID string `json:"order_id"`
	SKU     string `json:"sku"`
	Qty     int    `json:"qty"`
}

func main() {
	ctx := context.Background()
	reader := kafka.NewReader(kafka.ReaderConfig{
		Brokers: []string{"kafka:9092"},
		GroupID: "inventory",
		Topic:   "orders.placed",
	})
	defer reader.Close()

	for {
		msg, err := reader.ReadMessage(ctx)
		if err != nil {
			log.Printf("read: %v", err)
			return
		}
		var evt OrderPlaced
		if err := json.Unmarshal(msg.Value, &evt); err != nil {
			log.Printf("bad event at offset %d: %v", msg.Offset, err)
			continue
		}
		if err := reserveStock(ctx, evt.EventID, evt.SKU, evt.Qty); err != nil {
			log.Printf("reserve %s: %v", evt.OrderID, err)
		}
	}
}
