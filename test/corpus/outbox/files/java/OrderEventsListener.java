package com.acme.shop.orders;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
public class OrderEventsListener {
    private final OrderRepository orders;
    private final ApplicationEventPublisher events;

    public OrderEventsListener(OrderRepository orders, ApplicationEventPublisher events) {
        this.orders = orders;
        this.events = events;
    }

    @Transactional
    public void markPaid(String orderId) {
        Order order = orders.findById(orderId).orElseThrow();
        order.markPaid();
        orders.save(order);
        events.publishEvent(new OrderPaid(orderId));
    }
}
