"""Shipping label printer on aiokafka; commits before printing."""
import asyncio

from aiokafka import AIOKafkaConsumer

from labels import print_label


async def consume() -> None:
    consumer = AIOKafkaConsumer("orders.paid", group_id="labels", enable_auto_commit=False)
    await consumer.start()
    try:
        async for msg in consumer:
            order = msg.value
            await consumer.commit()
            await print_label(order)
    finally:
        await consumer.stop()


asyncio.run(consume())
