package com.acme.billing;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.stereotype.Component;

@Component
public class OrderListener {
    private static final Logger log = LoggerFactory.getLogger(OrderListener.class);

    private final BillingService billing;

    public OrderListener(BillingService billing) {
        this.billing = billing;
    }

    @KafkaListener(topics = "orders.placed", groupId = "billing", containerFactory = "manualAckFactory")
    public void onOrderPlaced(OrderPlaced event, Acknowledgment ack) {
        log.info("order {} received", event.orderId());
        ack.acknowledge();
        billing.charge(event.orderId(), event.customerId(), event.totalCents());
    }
}
