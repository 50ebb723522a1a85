package com.acme.fraud;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/** Scores every transaction of a poll in parallel, then commits once all scores are stored. */
public class ParallelConsumer {
    private final KafkaConsumer<String, Transaction> consumer;
    private final FraudScorer scorer;
    private final ExecutorService executor;

    public ParallelConsumer(KafkaConsumer<String, Transaction> consumer, FraudScorer scorer, ExecutorService executor) {
        this.consumer = consumer;
        this.scorer = scorer;
        this.executor = executor;
    }

    public void pollOnce() {
        ConsumerRecords<String, Transaction> records = consumer.poll(Duration.ofMillis(250));
        List<CompletableFuture<Void>> scoring = new ArrayList<>();
        for (ConsumerRecord<String, Transaction> record : records) {
            scoring.add(CompletableFuture.runAsync(() -> scorer.scoreAndStore(record.value()), executor));
        }
        CompletableFuture.allOf(scoring.toArray(new CompletableFuture[0])).join();
        consumer.commitSync();
    }
}
