package shipping

import (
	"context"
	"log/slog"

	"github.com/segmentio/kafka-go"
)

type Worker struct {
	reader      *kafka.Reader
	deadLetters *kafka.Writer
	courier     Courier
	log         *slog.Logger
}

func (w *Worker) Run(ctx context.Context) error {
	for {
		m, err := w.reader.FetchMessage(ctx)
		if err != nil {
			return err
		}
		err = w.courier.Book(ctx, m.Key, m.Value)
		if err != nil {
			w.log.Warn("booking failed, dead-lettering", "key", string(m.Key), "err", err)
			if werr := w.deadLetters.WriteMessages(ctx, kafka.Message{Key: m.Key, Value: m.Value}); werr != nil {
				return werr
			}
		}
		if err := w.reader.CommitMessages(ctx, m); err != nil {
			return err
		}
	}
}
