package com.acme.invoicing;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

@Component
public class InvoiceListener {
    private static final Logger log = LoggerFactory.getLogger(InvoiceListener.class);
    private static final String DEAD_LETTER_TOPIC = "orders.paid.DLT";

    private final InvoiceService invoices;
    private final KafkaTemplate<String, String> kafkaTemplate;

    public InvoiceListener(InvoiceService invoices, KafkaTemplate<String, String> kafkaTemplate) {
        this.invoices = invoices;
        this.kafkaTemplate = kafkaTemplate;
    }

    @KafkaListener(topics = "orders.paid", groupId = "invoicing")
    public void onOrderPaid(ConsumerRecord<String, String> record) {
        try {
            invoices.issueFor(record.key(), record.value());
        } catch (Exception e) {
            log.error("could not issue invoice for {}", record.key(), e);
            kafkaTemplate.send(DEAD_LETTER_TOPIC, record.key(), record.value());
        }
    }
}
