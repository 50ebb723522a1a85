package com.acme.orders;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

@ApplicationScoped
public class QuarkusOrderResource {
    @Inject OrderRepository orderRepository;
    @Inject OutboxEventRepository outboxEventRepository;

    @Transactional
    public Order create(NewOrder request) {
        Order order = Order.from(request);
        orderRepository.persist(order);
        OutboxEvent event = OutboxEvent.orderCreated(order);
        // CDC captures the INSERT; deleting right away keeps the table empty
        outboxEventRepository.persist(event);
        outboxEventRepository.delete(event);
        return order;
    }
}
