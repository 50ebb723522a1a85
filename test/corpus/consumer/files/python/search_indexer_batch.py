"""Search indexer: consumes in batches and commits the batch before indexing it."""
from confluent_kafka import Consumer

from search import index_document


class Indexer:
    def __init__(self, conf: dict) -> None:
        self.consumer = Consumer(conf)

    def run(self) -> None:
        while True:
            batch = self.consumer.consume(num_messages=200, timeout=1.0)
            if not batch:
                continue
            self.consumer.commit(asynchronous=False)
            for message in batch:
                index_document(message.value())
