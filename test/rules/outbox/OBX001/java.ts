import type { ValidCase } from '../../ruleTester';
import { src, type OutboxInvalidCase } from '../fixInvariants';

export const valid: ValidCase[] = [
  {
    name: 'Spring: send().get(), then mark',
    path: 'OutboxRelay.java',
    code: src(`
@Component
class OutboxRelay {
    @Scheduled(fixedDelay = 500)
    void relay() throws Exception {
        List<OutboxRow> rows = jdbc.query("SELECT id, topic, key, payload FROM outbox WHERE sent_at IS NULL ORDER BY id LIMIT 100", MAPPER);
        for (OutboxRow row : rows) {
            kafkaTemplate.send(row.topic(), row.key(), row.payload()).get(10, TimeUnit.SECONDS);
            jdbc.update("UPDATE outbox SET sent_at = now() WHERE id = ?", row.id());
        }
    }
}
`),
  },
  {
    name: '@Transactional relay: the mark commits when the method returns, after every .get()',
    path: 'LockingRelay.java',
    code: src(`
@Component
class LockingRelay {
    @Scheduled(fixedDelay = 500)
    @Transactional
    public void relay() throws Exception {
        List<OutboxRow> rows = jdbc.query("SELECT id, topic, key, payload FROM outbox WHERE sent_at IS NULL ORDER BY id LIMIT 100 FOR UPDATE SKIP LOCKED", MAPPER);
        for (OutboxRow row : rows) {
            jdbc.update("UPDATE outbox SET sent_at = now() WHERE id = ?", row.id());
            kafkaTemplate.send(row.topic(), row.key(), row.payload()).get(10, TimeUnit.SECONDS);
        }
    }
}
`),
  },
  {
    name: 'Quarkus-style outbox: insert and delete in one transaction, CDC reads the log',
    path: 'OrderService.java',
    code: src(`
@ApplicationScoped
public class OrderService {
    @Inject OutboxEventRepository outboxRepository;

    @Transactional
    public Order place(Order order) {
        orderRepository.persist(order);
        OutboxEvent event = OutboxEvent.orderPlaced(order);
        outboxRepository.persist(event);
        outboxRepository.delete(event);
        return order;
    }
}
`),
  },
  {
    name: 'plain KafkaProducer: futures collected, flushed, then the batch is deleted',
    path: 'BatchRelay.java',
    code: src(`
class BatchRelay {
    void relay(List<OutboxEvent> events) {
        for (OutboxEvent e : events) {
            producer.send(new ProducerRecord<>(e.getTopic(), e.getAggregateId(), e.getPayload()));
        }
        producer.flush();
        outboxRepository.deleteAllInBatch(events);
    }
}
`),
  },
  {
    name: 'TransactionTemplate: mark and awaited send in one callback',
    path: 'TemplateRelay.java',
    code: src(`
class TemplateRelay {
    void relay() {
        transactionTemplate.executeWithoutResult(status -> {
            for (OutboxRow row : jdbc.query("SELECT id, topic, payload FROM outbox WHERE sent = false FOR UPDATE SKIP LOCKED", MAPPER)) {
                jdbc.update("UPDATE outbox SET sent = true WHERE id = ?", row.id());
                kafkaTemplate.send(row.topic(), row.payload()).join();
            }
        });
    }
}
`),
  },
  {
    name: 'JDBC: autocommit off, commit after the acknowledged send',
    path: 'JdbcRelay.java',
    code: src(`
class JdbcRelay {
    void relay() throws Exception {
        try (Connection conn = dataSource.getConnection()) {
            conn.setAutoCommit(false);
            try (PreparedStatement ps = conn.prepareStatement("DELETE FROM outbox WHERE id = ?")) {
                for (OutboxEvent e : fetch(conn)) {
                    ps.setObject(1, e.getId());
                    ps.executeUpdate();
                    producer.send(new ProducerRecord<>(e.getTopic(), e.getPayload())).get();
                }
            }
            conn.commit();
        }
    }
}
`),
  },
  {
    name: 'transactional KafkaProducer: commitTransaction() flushes every send before it returns, then mark',
    path: 'TransactionalRelay.java',
    code: src(`
class TransactionalRelay {
    void relay() {
        List<OutboxEvent> events = repository.findUnsent();
        producer.beginTransaction();
        for (OutboxEvent e : events) {
            producer.send(new ProducerRecord<>(e.topic(), e.key(), e.payload()));
        }
        producer.commitTransaction();
        jdbc.update("UPDATE outbox SET sent = true WHERE id = ANY(?)", ids(events));
    }
}
`),
  },
];

export const invalid: OutboxInvalidCase[] = [
  {
    name: 'JPQL bulk update (autocommit) before the send',
    path: 'JpqlRelay.java',
    code: src(`
class JpqlRelay {
    void relay() throws Exception {
        for (OutboxEvent e : pending()) {
            em.createQuery("UPDATE OutboxEvent e SET e.published = true WHERE e.id = :id").setParameter("id", e.getId()).executeUpdate();
            producer.send(new ProducerRecord<>(e.getTopic(), e.getPayload())).get();
        }
    }
}
`),
    errors: [{ line: 4, column: 13, message: 'Outbox row marked sent by `UPDATE OutboxEvent` before `producer.send(...)` is acknowledged' }],
    output: src(`
class JpqlRelay {
    void relay() throws Exception {
        for (OutboxEvent e : pending()) {
            producer.send(new ProducerRecord<>(e.getTopic(), e.getPayload())).get();
            em.createQuery("UPDATE OutboxEvent e SET e.published = true WHERE e.id = :id").setParameter("id", e.getId()).executeUpdate();
        }
    }
}
`),
  },
  {
    name: 'JdbcTemplate autocommit: mark, then send().join()',
    path: 'OutboxRelay.java',
    code: src(`
@Component
class OutboxRelay {
    private static final String MARK_SENT = "UPDATE outbox SET sent_at = now() WHERE id = ?";

    @Scheduled(fixedDelay = 500)
    void relay() {
        List<OutboxRow> rows = jdbc.query("SELECT id, topic, key, payload FROM outbox WHERE sent_at IS NULL ORDER BY id LIMIT 100", MAPPER);
        for (OutboxRow row : rows) {
            jdbc.update(MARK_SENT, row.id());
            kafkaTemplate.send(row.topic(), row.key(), row.payload()).join();
        }
    }
}
`),
    errors: [{ line: 9, column: 13, message: 'Outbox row marked sent by `UPDATE outbox` before `kafkaTemplate.send(...)` is acknowledged' }],
    output: src(`
@Component
class OutboxRelay {
    private static final String MARK_SENT = "UPDATE outbox SET sent_at = now() WHERE id = ?";

    @Scheduled(fixedDelay = 500)
    void relay() {
        List<OutboxRow> rows = jdbc.query("SELECT id, topic, key, payload FROM outbox WHERE sent_at IS NULL ORDER BY id LIMIT 100", MAPPER);
        for (OutboxRow row : rows) {
            kafkaTemplate.send(row.topic(), row.key(), row.payload()).join();
            jdbc.update(MARK_SENT, row.id());
        }
    }
}
`),
  },
  {
    name: 'KafkaTemplate.send() without get(): the repository delete commits first',
    path: 'AsyncRelay.java',
    code: src(`
class AsyncRelay {
    void relay() {
        for (OutboxEvent event : outboxRepository.findTop100BySentAtIsNullOrderByIdAsc()) {
            kafkaTemplate.send(event.getTopic(), event.getAggregateId(), event.getPayload());
            outboxRepository.delete(event);
        }
    }
}
`),
    errors: [{ line: 5, column: 13, message: 'Outbox row deleted by `outboxRepository.delete(event)` before `kafkaTemplate.send(...)` is acknowledged' }],
    output: null,
    unsafeOutput: src(`
class AsyncRelay {
    void relay() {
        for (OutboxEvent event : outboxRepository.findTop100BySentAtIsNullOrderByIdAsc()) {
            kafkaTemplate.send(event.getTopic(), event.getAggregateId(), event.getPayload());
            kafkaTemplate.flush();
            outboxRepository.delete(event);
        }
    }
}
`),
  },
  {
    name: 'entity marked and saved before the send',
    path: 'EntityRelay.java',
    code: src(`
class EntityRelay {
    void relay() throws Exception {
        for (OutboxEvent e : outboxRepository.findUnsent()) {
            e.setSentAt(Instant.now());
            outboxRepository.save(e);
            kafkaTemplate.send(e.getTopic(), e.getPayload()).get();
        }
    }
}
`),
    errors: [{ line: 4, column: 13, message: 'Outbox row marked sent by `e.setSentAt(...)` before `kafkaTemplate.send(...)` is acknowledged' }],
    output: src(`
class EntityRelay {
    void relay() throws Exception {
        for (OutboxEvent e : outboxRepository.findUnsent()) {
            kafkaTemplate.send(e.getTopic(), e.getPayload()).get();
            e.setSentAt(Instant.now());
            outboxRepository.save(e);
        }
    }
}
`),
  },
  {
    name: 'JDBC: explicit commit of the delete before the send',
    path: 'JdbcRelay.java',
    code: src(`
class JdbcRelay {
    void relay() throws Exception {
        try (Connection conn = dataSource.getConnection()) {
            conn.setAutoCommit(false);
            for (OutboxEvent e : fetch(conn)) {
                try (PreparedStatement ps = conn.prepareStatement("DELETE FROM outbox WHERE id = ?")) {
                    ps.setObject(1, e.getId());
                    ps.executeUpdate();
                }
                conn.commit();
                producer.send(new ProducerRecord<>(e.getTopic(), e.getPayload())).get();
            }
        }
    }
}
`),
    errors: [{ line: 6, column: 45, message: 'Outbox row deleted by `DELETE FROM outbox` before `producer.send(...)` is acknowledged' }],
    output: src(`
class JdbcRelay {
    void relay() throws Exception {
        try (Connection conn = dataSource.getConnection()) {
            conn.setAutoCommit(false);
            for (OutboxEvent e : fetch(conn)) {
                producer.send(new ProducerRecord<>(e.getTopic(), e.getPayload())).get();
                try (PreparedStatement ps = conn.prepareStatement("DELETE FROM outbox WHERE id = ?")) {
                    ps.setObject(1, e.getId());
                    ps.executeUpdate();
                }
                conn.commit();
            }
        }
    }
}
`),
  },
  {
    name: 'repository markAsSent before the publish',
    path: 'MarkingRelay.java',
    code: src(`
class MarkingRelay {
    void relay() {
        List<OutboxEvent> batch = outboxRepository.lockNextBatch(100);
        outboxRepository.markAsSent(batch.stream().map(OutboxEvent::getId).toList());
        for (OutboxEvent e : batch) {
            producer.send(new ProducerRecord<>(e.getTopic(), e.getAggregateId(), e.getPayload()));
        }
        producer.flush();
    }
}
`),
    errors: [{ line: 4, column: 9, message: 'Outbox row marked sent by `outboxRepository.markAsSent(...)` before `producer.send(...)` is acknowledged' }],
    output: src(`
class MarkingRelay {
    void relay() {
        List<OutboxEvent> batch = outboxRepository.lockNextBatch(100);
        for (OutboxEvent e : batch) {
            producer.send(new ProducerRecord<>(e.getTopic(), e.getAggregateId(), e.getPayload()));
        }
        producer.flush();
        outboxRepository.markAsSent(batch.stream().map(OutboxEvent::getId).toList());
    }
}
`),
  },
];
