package com.acme.shop.orders;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
public class OrderService {
    private final OrderRepository orders;
    private final OutboxEventRepository outboxEvents;

    public OrderService(OrderRepository orders, OutboxEventRepository outboxEvents) {
        this.orders = orders;
        this.outboxEvents = outboxEvents;
    }

    @Transactional
    public Order place(PlaceOrderCommand command) {
        Order order = orders.save(Order.placed(command));
        outboxEvents.save(OutboxEvent.of("order", order.getId(), "order.placed", order.toJson()));
        return order;
    }
}
