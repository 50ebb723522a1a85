package com.acme.ledger;

import java.time.Duration;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

public final class LedgerConsumer implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(LedgerConsumer.class);

    private final KafkaConsumer<String, String> consumer;
    private final LedgerRepository ledger;
    private volatile boolean running = true;

    public LedgerConsumer(String bootstrap, LedgerRepository ledger) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "ledger-writer");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        this.consumer = new KafkaConsumer<>(props);
        this.ledger = ledger;
    }

    @Override
    public void run() {
        consumer.subscribe(List.of("payments.settled"));
        try {
            while (running) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                if (records.isEmpty()) {
                    continue;
                }
                consumer.commitSync();
                for (ConsumerRecord<String, String> record : records) {
                    ledger.post(LedgerEntry.fromJson(record.value()));
                }
                log.debug("posted {} entries", records.count());
            }
        } finally {
            consumer.close();
        }
    }

    public void shutdown() {
        running = false;
        consumer.wakeup();
    }
}
