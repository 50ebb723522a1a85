package orders

import (
	"encoding/json"

	"gorm.io/gorm"
)

type Order struct {
	ID         string
	CustomerID string
	TotalCents int64
}

type OutboxEvent struct {
	ID            uint
	AggregateType string
	AggregateID   string
	Type          string
	Payload       []byte
}

type Repo struct {
	db *gorm.DB
}

func (r *Repo) Create(o *Order) error {
	if err := r.db.Create(o).Error; err != nil {
		return err
	}
	payload, _ := json.Marshal(o)
	return r.db.Create(&OutboxEvent{AggregateType: "order", AggregateID: o.ID, Type: "order.created", Payload: payload}).Error
}
