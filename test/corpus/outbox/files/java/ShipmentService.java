package com.acme.shipping;

import org.springframework.stereotype.Service;

@Service
public class ShipmentService {
    private final ShipmentRepository shipmentRepository;
    private final OutboxRepository outboxRepository;

    public ShipmentService(ShipmentRepository shipmentRepository, OutboxRepository outboxRepository) {
        this.shipmentRepository = shipmentRepository;
        this.outboxRepository = outboxRepository;
    }

    public Shipment dispatch(String orderId, String carrier) {
        Shipment shipment = shipmentRepository.save(Shipment.dispatched(orderId, carrier));
        outboxRepository.save(OutboxMessage.of("shipment", shipment.getId(), "shipment.dispatched", shipment.toJson()));
        return shipment;
    }
}
