package outbox

import (
	"context"

	"github.com/segmentio/kafka-go"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

type OutboxEvent struct {
	ID      uint
	Topic   string
	Key     string
	Payload []byte
	Sent    bool
}

type GormRelay struct {
	db     *gorm.DB
	writer *kafka.Writer
}

func (r *GormRelay) Tick(ctx context.Context) error {
	return r.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var events []OutboxEvent
		if err := tx.Clauses(clause.Locking{Strength: "UPDATE", Options: "SKIP LOCKED"}).Where("sent = ?", false).Limit(100).Find(&events).Error; err != nil {
			return err
		}
		for _, e := range events {
			if err := r.writer.WriteMessages(ctx, kafka.Message{Topic: e.Topic, Key: []byte(e.Key), Value: e.Payload}); err != nil {
				return err
			}
		}
		ids := make([]uint, 0, len(events))
		for _, e := range events {
			ids = append(ids, e.ID)
		}
		return tx.Model(&OutboxEvent{}).Where("id IN ?", ids).Update("sent", true).Error
	})
}
