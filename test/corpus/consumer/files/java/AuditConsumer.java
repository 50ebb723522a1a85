package com.acme.audit;

import java.time.Duration;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Appends every event to the audit store. Auto-commit stays on: records are written before the
 * next poll, and that poll is where their offsets get committed.
 */
public class AuditConsumer {
    private final AuditStore store;

    public AuditConsumer(AuditStore store) {
        this.store = store;
    }

    public void run(Properties base) {
        Properties props = new Properties();
        props.putAll(base);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "audit");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of("orders.events", "payments.events"));
            while (!Thread.currentThread().isInterrupted()) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofSeconds(1));
                for (ConsumerRecord<String, byte[]> record : records) {
                    store.append(record.topic(), record.key(), record.value());
                }
            }
        }
    }
}
