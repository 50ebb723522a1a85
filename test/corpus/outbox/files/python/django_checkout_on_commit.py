"""Checkout: turns a cart into an order and tells the rest of the platform."""
import json
import logging
from functools import partial

from django.core.cache import cache
from django.db import transaction
from kafka import KafkaProducer

from shop.models import Cart, Order, OrderLine

log = logging.getLogger(__name__)

producer = KafkaProducer(bootstrap_servers="kafka:9092", acks="all")


def publish_order_placed(order_id: int) -> None:
    order = Order.objects.get(pk=order_id)
    producer.send(
        "shop.orders",
        key=str(order.id).encode(),
        value=json.dumps({"type": "order.placed", "order_id": order.id, "total_cents": order.total_cents}).encode(),
    ).get(timeout=10)


def checkout(cart: Cart) -> Order:
    with transaction.atomic():
        order = Order.objects.create(customer_id=cart.customer_id, total_cents=cart.total_cents)
        OrderLine.objects.bulk_create([OrderLine(order=order, sku=line.sku, qty=line.qty) for line in cart.lines.all()])
        transaction.on_commit(lambda: cache.delete(f"cart:{cart.customer_id}"))
        transaction.on_commit(partial(publish_order_placed, order.id))
    log.info("order %s placed", order.id)
    return order
