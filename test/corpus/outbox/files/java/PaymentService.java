package com.acme.payments;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Service;

@Service
public class PaymentService {
    private final PaymentRepository paymentRepository;
    private final KafkaTemplate<String, PaymentCaptured> kafkaTemplate;

    public PaymentService(PaymentRepository paymentRepository, KafkaTemplate<String, PaymentCaptured> kafkaTemplate) {
        this.paymentRepository = paymentRepository;
        this.kafkaTemplate = kafkaTemplate;
    }

    public Payment capture(CaptureRequest request) {
        Payment payment = paymentRepository.save(Payment.captured(request.orderId(), request.amountCents()));
        kafkaTemplate.send("payments", payment.getOrderId(), new PaymentCaptured(payment.getId(), payment.getOrderId()));
        return payment;
    }
}
