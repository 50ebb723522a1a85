package com.acme.catalog;

import org.springframework.kafka.annotation.DltHandler;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.annotation.RetryableTopic;
import org.springframework.stereotype.Component;

@Component
class ProjectionListener {
    private final ProductProjection projection;

    ProjectionListener(ProductProjection projection) {
        this.projection = projection;
    }

    @RetryableTopic(attempts = "1", autoCreateTopics = "false")
    @KafkaListener(topics = "catalog.products", groupId = "product-projection")
    void onProduct(ProductChanged event) {
        projection.apply(event);
    }

    @DltHandler
    void onDeadLetter(ProductChanged event) {
        projection.markStale(event.sku());
    }
}
