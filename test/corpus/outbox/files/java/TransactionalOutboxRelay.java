package com.acme.billing.outbox;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

@Component
public class TransactionalOutboxRelay {
    private final JdbcTemplate jdbc;
    private final KafkaTemplate<String, String> kafka;

    public TransactionalOutboxRelay(JdbcTemplate jdbc, KafkaTemplate<String, String> kafka) {
        this.jdbc = jdbc;
        this.kafka = kafka;
    }

    @Scheduled(fixedDelay = 1000)
    @Transactional
    public void relay() throws Exception {
        List<OutboxRow> rows = jdbc.query(
            "SELECT id, aggregateid, payload FROM outbox WHERE sent_at IS NULL ORDER BY created_at LIMIT 100 FOR UPDATE SKIP LOCKED",
            OutboxRow.MAPPER);
        for (OutboxRow row : rows) {
            jdbc.update("UPDATE outbox SET sent_at = now() WHERE id = ?", row.id());
            kafka.send("invoices", row.aggregateId(), row.payload()).get(10, TimeUnit.SECONDS);
        }
    }
}
