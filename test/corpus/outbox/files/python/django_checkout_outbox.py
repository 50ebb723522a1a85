"""Checkout with an outbox: the order and its event commit together; Debezium publishes the event."""
import logging

from django.core.cache import cache
from django.db import transaction

from shop.models import Cart, Order, OrderLine, OutboxEvent

log = logging.getLogger(__name__)


def checkout(cart: Cart) -> Order:
    with transaction.atomic():
        order = Order.objects.create(customer_id=cart.customer_id, total_cents=cart.total_cents)
        OrderLine.objects.bulk_create([OrderLine(order=order, sku=line.sku, qty=line.qty) for line in cart.lines.all()])
        OutboxEvent.objects.create(
            aggregatetype="order",
            aggregateid=str(order.id),
            type="order.placed",
            payload={"order_id": order.id, "total_cents": order.total_cents},
        )
        transaction.on_commit(lambda: cache.delete(f"cart:{cart.customer_id}"))
    log.info("order %s placed", order.id)
    return order
