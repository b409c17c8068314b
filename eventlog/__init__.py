"""The event-log package: the machinery around the event store (the batching writer, decoding of stored events, the relay to Kafka)."""
