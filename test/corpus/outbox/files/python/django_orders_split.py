from django.http import JsonResponse

from shop.models import Order, OutboxEvent


def place_order(customer, cart):
    order = Order.objects.create(customer=customer, total_cents=cart.total_cents, status="placed")
    for item in cart.items.all():
        order.lines.create(sku=item.sku, qty=item.qty, unit_cents=item.unit_cents)
    OutboxEvent.objects.create(
        aggregate_type="order",
        aggregate_id=str(order.pk),
        event_type="order.placed",
        payload={"order_id": order.pk, "total_cents": order.total_cents},
    )
    return order


def checkout(request):
    order = Order.objects.create(customer=request.user.customer, total_cents=int(request.POST["total"]))
    OutboxEvent.objects.create(aggregate_type="order", aggregate_id=str(order.pk), event_type="order.placed", payload={})
    return JsonResponse({"id": order.pk})
