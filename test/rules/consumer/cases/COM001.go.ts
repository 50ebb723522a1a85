// COM001 cases for Go: sarama, segmentio/kafka-go, confluent-kafka-go.
import type { RuleTests } from '../../ruleTester';

const src = (s: string) => s.replace(/^\n/, '');

export const goCases: RuleTests = {
  valid: [
    {
      name: 'sarama: a periodic session Commit() sends only the marks of finished messages',
      path: 'periodic_commit.go',
      code: src(`
package consumer

func (h *handler) ConsumeClaim(sess sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error {
	var last *sarama.ConsumerMessage
	for msg := range claim.Messages() {
		if last != nil && last.Offset%100 == 0 {
			sess.Commit()
		}
		if err := h.store.Save(sess.Context(), msg.Value); err != nil {
			return err
		}
		sess.MarkMessage(msg, "")
		last = msg
	}
	return nil
}
`),
    },
    {
      name: 'kafka-go: FetchMessage, process, then CommitMessages',
      path: 'reader.go',
      code: src(`
package consumer

func (c *Consumer) Run(ctx context.Context) error {
	for {
		m, err := c.reader.FetchMessage(ctx)
		if err != nil {
			return err
		}
		if err := c.store.Save(ctx, m.Key, m.Value); err != nil {
			return err
		}
		if err := c.reader.CommitMessages(ctx, m); err != nil {
			return err
		}
	}
}
`),
    },
    {
      name: 'sarama: mark after the work',
      path: 'claim.go',
      code: src(`
package consumer

func (h *handler) ConsumeClaim(sess sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error {
	for msg := range claim.Messages() {
		if err := h.store.Save(sess.Context(), msg.Value); err != nil {
			return err
		}
		sess.MarkMessage(msg, "")
	}
	return nil
}
`),
    },
    {
      name: 'sarama: a skipped message is marked, then the loop continues',
      path: 'skip.go',
      code: src(`
package consumer

func (h *handler) ConsumeClaim(sess sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error {
	for {
		select {
		case msg, ok := <-claim.Messages():
			if !ok {
				return nil
			}
			var evt Event
			if err := json.Unmarshal(msg.Value, &evt); err != nil {
				sess.MarkMessage(msg, "")
				continue
			}
			if err := h.apply(sess.Context(), &evt); err != nil {
				continue
			}
			sess.MarkMessage(msg, "")
		case <-sess.Context().Done():
			return nil
		}
	}
}
`),
    },
    {
      name: 'a database transaction commit is not an offset commit',
      path: 'tx.go',
      code: src(`
package consumer

func (w *Worker) handle(ctx context.Context, msg *sarama.ConsumerMessage) error {
	tx, err := w.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := insertOrder(ctx, tx, msg.Value); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	return w.notify(ctx, msg.Key)
}
`),
    },
    {
      name: 'sarama: a method that only marks, called after the work',
      path: 'ack.go',
      code: src(`
package consumer

type handler struct{ store Store }

func (h *handler) ack(sess sarama.ConsumerGroupSession, msg *sarama.ConsumerMessage) {
	sess.MarkMessage(msg, "")
}

func (h *handler) ConsumeClaim(sess sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error {
	for msg := range claim.Messages() {
		h.store.Save(sess.Context(), msg.Value)
		h.ack(sess, msg)
	}
	return nil
}
`),
    },
    {
      name: 'sarama: a database tx.Commit() is not a call of a marking method named Commit of another type',
      path: 'audit.go',
      code: src(`
package consumer

type tracker struct{}

func (t *tracker) Commit(sess sarama.ConsumerGroupSession, msg *sarama.ConsumerMessage) {
	sess.MarkMessage(msg, "")
}

type handler struct {
	db      *sql.DB
	tracker *tracker
}

func (h *handler) ConsumeClaim(sess sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error {
	for msg := range claim.Messages() {
		tx, err := h.db.Begin()
		if err != nil {
			return err
		}
		if _, err := tx.Exec("INSERT INTO audit_log (payload) VALUES ($1)", msg.Value); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
		h.notify(msg.Value)
		h.tracker.Commit(sess, msg)
	}
	return nil
}
`),
    },
  ],
  invalid: [
    {
      name: 'confluent-kafka-go: Commit() on the consumer commits the message just polled, before the work',
      path: 'ckg_commit.go',
      code: src(`
package consumer

func run(c *kafka.Consumer, store *Store) error {
	for {
		msg, err := c.ReadMessage(time.Second)
		if err != nil {
			continue
		}
		if _, err := c.Commit(); err != nil {
			return err
		}
		if err := store.Save(msg.Value); err != nil {
			return err
		}
	}
}
`),
      errors: [{ line: 9, column: 16, message: 'Offset committed before \`store.Save(...)\` runs' }],
      output: null,
      unsafeOutput: src(`
package consumer

func run(c *kafka.Consumer, store *Store) error {
	for {
		msg, err := c.ReadMessage(time.Second)
		if err != nil {
			continue
		}
		if err := store.Save(msg.Value); err != nil {
			return err
		}
		if _, err := c.Commit(); err != nil {
			return err
		}
	}
}
`),
    },
    {
      name: 'sarama marks the message before saving it',
      path: 'claim.go',
      code: src(`
package consumer

func (h *handler) ConsumeClaim(sess sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error {
	for msg := range claim.Messages() {
		sess.MarkMessage(msg, "")
		h.audit.Record(sess.Context(), msg.Topic, msg.Value)
	}
	return nil
}
`),
      errors: [{ line: 5, column: 3, message: 'Offset committed before `h.audit.Record(...)` runs' }],
      output: src(`
package consumer

func (h *handler) ConsumeClaim(sess sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error {
	for msg := range claim.Messages() {
		h.audit.Record(sess.Context(), msg.Topic, msg.Value)
		sess.MarkMessage(msg, "")
	}
	return nil
}
`),
    },
    {
      name: 'sarama: an early return between mark and work makes the move unsafe',
      path: 'claim_decode.go',
      code: src(`
package consumer

func (h *handler) ConsumeClaim(sess sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error {
	for msg := range claim.Messages() {
		sess.MarkMessage(msg, "")
		var evt OrderPlaced
		if err := json.Unmarshal(msg.Value, &evt); err != nil {
			continue
		}
		if err := h.billing.Charge(sess.Context(), evt.OrderID, evt.AmountCents); err != nil {
			return err
		}
	}
	return nil
}
`),
      errors: [{ line: 5, column: 3, message: 'Offset committed before `h.billing.Charge(...)` runs' }],
      output: null,
      unsafeOutput: src(`
package consumer

func (h *handler) ConsumeClaim(sess sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error {
	for msg := range claim.Messages() {
		var evt OrderPlaced
		if err := json.Unmarshal(msg.Value, &evt); err != nil {
			continue
		}
		if err := h.billing.Charge(sess.Context(), evt.OrderID, evt.AmountCents); err != nil {
			return err
		}
		sess.MarkMessage(msg, "")
	}
	return nil
}
`),
    },
    {
      name: 'kafka-go: CommitMessages before processing the fetched message',
      path: 'reader.go',
      code: src(`
package consumer

func consume(ctx context.Context, r *kafka.Reader) {
	for {
		m, err := r.FetchMessage(ctx)
		if err != nil {
			break
		}
		if err := r.CommitMessages(ctx, m); err != nil {
			log.Fatal("commit failed: ", err)
		}
		indexDocument(ctx, m.Value)
	}
}
`),
      errors: [{ line: 9, column: 13, message: 'Offset committed before `indexDocument(...)` runs' }],
      output: src(`
package consumer

func consume(ctx context.Context, r *kafka.Reader) {
	for {
		m, err := r.FetchMessage(ctx)
		if err != nil {
			break
		}
		indexDocument(ctx, m.Value)
		if err := r.CommitMessages(ctx, m); err != nil {
			log.Fatal("commit failed: ", err)
		}
	}
}
`),
    },
    {
      name: 'confluent-kafka-go: CommitMessage inside the type switch before handling',
      path: 'poll.go',
      code: src(`
package consumer

func run(c *kafka.Consumer) {
	for running {
		ev := c.Poll(100)
		switch e := ev.(type) {
		case *kafka.Message:
			if _, err := c.CommitMessage(e); err != nil {
				log.Printf("commit: %v", err)
			}
			handleShipment(e.Value)
		case kafka.Error:
			log.Printf("consumer error: %v", e)
		}
	}
}
`),
      errors: [{ line: 8, column: 17, message: 'Offset committed before `handleShipment(...)` runs' }],
      output: src(`
package consumer

func run(c *kafka.Consumer) {
	for running {
		ev := c.Poll(100)
		switch e := ev.(type) {
		case *kafka.Message:
			handleShipment(e.Value)
			if _, err := c.CommitMessage(e); err != nil {
				log.Printf("commit: %v", err)
			}
		case kafka.Error:
			log.Printf("consumer error: %v", e)
		}
	}
}
`),
    },
    {
      name: 'sarama: a method that only marks, called before the work',
      path: 'ack.go',
      code: src(`
package consumer

type handler struct{ store Store }

func (h *handler) ack(sess sarama.ConsumerGroupSession, msg *sarama.ConsumerMessage) {
	sess.MarkMessage(msg, "")
}

func (h *handler) ConsumeClaim(sess sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error {
	for msg := range claim.Messages() {
		h.ack(sess, msg)
		h.store.Save(sess.Context(), msg.Value)
	}
	return nil
}
`),
      errors: [{ line: 11, column: 3, message: 'Offset committed before `h.store.Save(...)` runs' }],
      output: src(`
package consumer

type handler struct{ store Store }

func (h *handler) ack(sess sarama.ConsumerGroupSession, msg *sarama.ConsumerMessage) {
	sess.MarkMessage(msg, "")
}

func (h *handler) ConsumeClaim(sess sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error {
	for msg := range claim.Messages() {
		h.store.Save(sess.Context(), msg.Value)
		h.ack(sess, msg)
	}
	return nil
}
`),
    },
  ],
};
