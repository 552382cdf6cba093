package dev.microledger.query.consuming;

/**
 * One record as the projection sees it: the Kafka key, the encoded event, and where it came
 * from (topic, partition and offset) so that every log line about it can be traced back.
 */
record ProjectionInput(String key, byte[] value, String origin) {
}
