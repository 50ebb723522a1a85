// COM001 cases for Java: KafkaConsumer poll loops and Spring Kafka listeners.
import type { RuleTests } from '../../ruleTester';

const src = (s: string) => s.replace(/^\n/, '');

export const javaCases: RuleTests = {
  valid: [
    {
      name: 'KafkaConsumer with auto-commit, records processed synchronously in the poll loop',
      path: 'AuditConsumer.java',
      code: src(`
class AuditConsumer {
    void run() {
        while (running) {
            ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
            for (ConsumerRecord<String, String> record : records) {
                auditLog.append(record.key(), record.value());
            }
        }
    }
}
`),
    },
    {
      name: 'commitSync after the batch is processed',
      path: 'LedgerConsumer.java',
      code: src(`
class LedgerConsumer {
    void run() {
        while (running) {
            ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
            for (ConsumerRecord<String, String> record : records) {
                ledger.post(mapper.readValue(record.value(), Entry.class));
            }
            consumer.commitSync();
        }
    }
}
`),
    },
    {
      name: 'commitAsync at the top of the loop commits the previous, finished batch',
      path: 'PreviousBatch.java',
      code: src(`
class PreviousBatch {
    void run(Duration pollTimeout) {
        while (running) {
            consumer.commitAsync();
            ConsumerRecords<String, String> records = consumer.poll(pollTimeout);
            records.forEach(r -> index(r.value()));
        }
    }
}
`),
    },
    {
      name: 'Spring listener acknowledges after the work',
      path: 'OrderListener.java',
      code: src(`
@Component
class OrderListener {
    @KafkaListener(topics = "orders.placed", groupId = "billing")
    public void onOrder(OrderPlaced event, Acknowledgment ack) {
        billing.charge(event.orderId(), event.amountCents());
        ack.acknowledge();
        log.info("charged {}", event.orderId());
    }
}
`),
    },
    {
      name: 'commitSync in finally after the work',
      path: 'Finally.java',
      code: src(`
class Finally {
    void handle(ConsumerRecord<String, String> record) {
        try {
            shipping.schedule(record.value());
        } finally {
            consumer.commitSync();
        }
    }
}
`),
    },
    {
      name: 'a periodic commitAsync of the offsets recorded for earlier records, before the next record is processed',
      path: 'PeriodicCommit.java',
      code: src(`
class PeriodicCommit {
    private final Map<TopicPartition, OffsetAndMetadata> currentOffsets = new HashMap<>();

    void run() {
        int count = 0;
        while (running) {
            ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(100));
            for (ConsumerRecord<String, String> record : records) {
                if (count % 1000 == 0) {
                    consumer.commitAsync(currentOffsets, null);
                }
                repository.save(record.value());
                currentOffsets.put(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1));
                count++;
            }
        }
    }
}
`),
    },
    {
      name: 'a private method that only commits the offsets recorded for earlier records, called before the next one',
      path: 'LedgerConsumer.java',
      code: src(`
class LedgerConsumer {
    private final Map<TopicPartition, OffsetAndMetadata> currentOffsets = new HashMap<>();

    private void commitProcessed() {
        consumer.commitSync(currentOffsets);
    }

    void run() {
        while (running) {
            ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
            for (ConsumerRecord<String, String> record : records) {
                commitProcessed();
                ledger.post(record.value());
                currentOffsets.put(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1));
            }
        }
    }
}
`),
    },
  ],
  invalid: [
    {
      name: 'no-argument commitSync right after poll commits records not yet processed',
      path: 'LedgerConsumer.java',
      code: src(`
class LedgerConsumer {
    void run() {
        while (running) {
            ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
            consumer.commitSync();
            for (ConsumerRecord<String, String> record : records) {
                ledger.post(mapper.readValue(record.value(), Entry.class));
            }
        }
    }
}
`),
      errors: [{ line: 5, column: 13, message: 'Offset committed before `ledger.post(...)` runs' }],
      output: src(`
class LedgerConsumer {
    void run() {
        while (running) {
            ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
            for (ConsumerRecord<String, String> record : records) {
                ledger.post(mapper.readValue(record.value(), Entry.class));
            }
            consumer.commitSync();
        }
    }
}
`),
    },
    {
      name: 'Spring listener with MANUAL ack acknowledges before charging',
      path: 'OrderListener.java',
      code: src(`
@Component
class OrderListener {
    @KafkaListener(topics = "orders.placed", groupId = "billing")
    public void onOrder(OrderPlaced event, Acknowledgment ack) {
        ack.acknowledge();
        billing.charge(event.orderId(), event.amountCents());
    }
}
`),
      errors: [{ line: 5, column: 9, message: 'Offset committed before `billing.charge(...)` runs' }],
      output: src(`
@Component
class OrderListener {
    @KafkaListener(topics = "orders.placed", groupId = "billing")
    public void onOrder(OrderPlaced event, Acknowledgment ack) {
        billing.charge(event.orderId(), event.amountCents());
        ack.acknowledge();
    }
}
`),
    },
    {
      name: 'per-record commitSync of the next offset before the write',
      path: 'PerRecord.java',
      code: src(`
class PerRecord {
    void drain(ConsumerRecords<String, String> records) {
        for (ConsumerRecord<String, String> record : records) {
            TopicPartition tp = new TopicPartition(record.topic(), record.partition());
            consumer.commitSync(Map.of(tp, new OffsetAndMetadata(record.offset() + 1)));
            inventory.reserve(record.key(), Integer.parseInt(record.value()));
        }
    }
}
`),
      errors: [{ line: 5, column: 13, message: 'Offset committed before `inventory.reserve(...)` runs' }],
      output: src(`
class PerRecord {
    void drain(ConsumerRecords<String, String> records) {
        for (ConsumerRecord<String, String> record : records) {
            TopicPartition tp = new TopicPartition(record.topic(), record.partition());
            inventory.reserve(record.key(), Integer.parseInt(record.value()));
            consumer.commitSync(Map.of(tp, new OffsetAndMetadata(record.offset() + 1)));
        }
    }
}
`),
    },
  ],
};
