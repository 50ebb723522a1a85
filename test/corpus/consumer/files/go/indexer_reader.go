package indexer

import (
	"context"
	"errors"
	"log"
	"time"

	"github.com/segmentio/kafka-go"
)

type Indexer struct {
	reader *kafka.Reader
	search SearchClient
}

func New(brokers []string, search SearchClient) *Indexer {
	return &Indexer{
		reader: kafka.NewReader(kafka.ReaderConfig{
			Brokers:        brokers,
			GroupID:        "product-indexer",
			Topic:          "catalog.products",
			MinBytes:       1 << 10,
			MaxBytes:       10 << 20,
			CommitInterval: time.Second,
		}),
		search: search,
	}
}

func (i *Indexer) Run(ctx context.Context) error {
	defer i.reader.Close()
	for {
		m, err := i.reader.ReadMessage(ctx)
		if err != nil {
			if errors.Is(err, context.Canceled) {
				return nil
			}
			return err
		}
		if err := i.search.Index(ctx, string(m.Key), m.Value); err != nil {
			log.Printf("index %s: %v", m.Key, err)
		}
	}
}
