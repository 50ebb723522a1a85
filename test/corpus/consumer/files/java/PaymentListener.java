package com.acme.payments;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.stereotype.Component;

@Component
class PaymentListener {
    private final PaymentService payments;
    private final ProcessedEvents processed;

    PaymentListener(PaymentService payments, ProcessedEvents processed) {
        this.payments = payments;
        this.processed = processed;
    }

    @KafkaListener(topics = "payments.requested", groupId = "payments")
    void onPayment(ConsumerRecord<String, PaymentRequested> record, Acknowledgment ack) {
        PaymentRequested request = record.value();
        if (processed.markIfNew(request.eventId())) {
            payments.capture(request.paymentId(), request.amountCents());
        }
        ack.acknowledge();
    }
}
