import asyncio

import asyncpg
from aiokafka import AIOKafkaProducer


async def drain_outbox(pool: asyncpg.Pool, producer: AIOKafkaProducer) -> int:
    async with pool.acquire() as conn:
        rows = await conn.fetch(
            "SELECT id, topic, key, payload FROM event_outbox ORDER BY id LIMIT 100"
        )
        for row in rows:
            await conn.execute("DELETE FROM event_outbox WHERE id = $1", row["id"])
            await producer.send_and_wait(row["topic"], row["payload"], key=row["key"])
        return len(rows)


async def main() -> None:
    pool = await asyncpg.create_pool("postgresql://relay@db/shop")
    producer = AIOKafkaProducer(bootstrap_servers="kafka:9092", enable_idempotence=True)
    await producer.start()
    try:
        while True:
            if await drain_outbox(pool, producer) == 0:
                await asyncio.sleep(1)
    finally:
        await producer.stop()
