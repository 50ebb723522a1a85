package com.acme.shop.outbox;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

@Component
public class OutboxRelay {
    private static final String SELECT_PENDING =
        "SELECT id, aggregatetype, aggregateid, payload FROM outbox WHERE sent_at IS NULL ORDER BY created_at LIMIT 100";
    private static final String MARK_SENT = "UPDATE outbox SET sent_at = now() WHERE id = ?";

    private final JdbcTemplate jdbc;
    private final KafkaTemplate<String, String> kafka;

    public OutboxRelay(JdbcTemplate jdbc, KafkaTemplate<String, String> kafka) {
        this.jdbc = jdbc;
        this.kafka = kafka;
    }

    @Scheduled(fixedDelayString = "${outbox.poll-ms:500}")
    public void relay() throws Exception {
        List<OutboxRow> rows = jdbc.query(SELECT_PENDING, OutboxRow.MAPPER);
        for (OutboxRow row : rows) {
            jdbc.update(MARK_SENT, row.id());
            kafka.send("outbox.event." + row.aggregateType(), row.aggregateId(), row.payload()).get(10, TimeUnit.SECONDS);
        }
    }
}
