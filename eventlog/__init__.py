"""The machinery around the event store: decoding its log, the relay to Kafka, the batching writer."""
