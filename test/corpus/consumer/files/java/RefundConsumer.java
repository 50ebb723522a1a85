package com.example.refunds;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;

public class RefundConsumer implements Runnable {
    private static final String INSERT_REFUND = "INSERT INTO refunds (refund_id, order_id, payload) VALUES (?, ?, ?) ON CONFLICT (refund_id) DO NOTHING";

    private final KafkaConsumer<String, String> consumer;
    private final DataSource dataSource;
    private volatile boolean running = true;

    public RefundConsumer(KafkaConsumer<String, String> consumer, DataSource dataSource) {
        this.consumer = consumer;
        this.dataSource = dataSource;
    }

    @Override
    public void run() {
        consumer.subscribe(List.of("refunds.requested"));
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            while (running) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                if (records.isEmpty()) {
                    continue;
                }
                for (ConsumerRecord<String, String> record : records) {
                    PreparedStatement insert = connection.prepareStatement(INSERT_REFUND);
                    insert.setString(1, record.key());
                    insert.setString(2, record.headers().lastHeader("order-id").toString());
                    insert.setString(3, record.value());
                    insert.executeUpdate();
                }
                // the rows are durable before the offsets say they were handled
                connection.commit();
                consumer.commitSync();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("refund consumer stopped", e);
        } finally {
            consumer.close();
        }
    }
}
