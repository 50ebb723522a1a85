package com.acme.notifications.outbox;

import java.util.List;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

@Component
public class AsyncRelay {
    private final OutboxMessageRepository outboxMessageRepository;
    private final KafkaTemplate<String, String> kafkaTemplate;

    public AsyncRelay(OutboxMessageRepository outboxMessageRepository, KafkaTemplate<String, String> kafkaTemplate) {
        this.outboxMessageRepository = outboxMessageRepository;
        this.kafkaTemplate = kafkaTemplate;
    }

    @Scheduled(fixedDelay = 250)
    public void drain() {
        List<OutboxMessage> batch = outboxMessageRepository.findTop50ByOrderByCreatedAtAsc();
        for (OutboxMessage message : batch) {
            kafkaTemplate.send(message.getTopic(), message.getKey(), message.getBody());
            outboxMessageRepository.deleteById(message.getId());
        }
    }
}
