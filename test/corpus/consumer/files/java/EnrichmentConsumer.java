package com.acme.enrichment;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;

public class EnrichmentConsumer {
    private final KafkaConsumer<String, String> consumer;
    private final GeoEnricher enricher;
    private final ExecutorService workers = Executors.newFixedThreadPool(8);

    public EnrichmentConsumer(KafkaConsumer<String, String> consumer, GeoEnricher enricher) {
        this.consumer = consumer;
        this.enricher = enricher;
    }

    public void run() {
        consumer.subscribe(List.of("clicks.raw"));
        while (true) {
            ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(200));
            for (ConsumerRecord<String, String> record : records) {
                workers.submit(() -> enricher.enrichAndStore(record.key(), record.value()));
            }
            consumer.commitAsync();
        }
    }
}
