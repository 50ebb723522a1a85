from confluent_kafka import Producer
from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from events.models import OutboxMessage


class Command(BaseCommand):
    help = "Publish pending outbox messages"

    def handle(self, *args, **options):
        producer = Producer({"bootstrap.servers": settings.KAFKA_BOOTSTRAP})
        pending = OutboxMessage.objects.filter(published_at__isnull=True).order_by("created_at")[:500]
        for message in pending:
            producer.produce(message.topic, key=message.key, value=message.payload)
            message.published_at = timezone.now()
            message.save(update_fields=["published_at"])
        producer.flush()
        self.stdout.write(f"published {len(pending)} messages")
