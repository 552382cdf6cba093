package dev.microledger.query.consuming;

/**
 * One record as the projection sees it: the Kafka key, the encoded event, and where it came
 * from (topic, partition and offset) so that every log line about it can be traced back. The
 * text of that place is made only when a line needs it: a rebuild handles millions of records.
 */
record ProjectionInput(String key, byte[] value, String topic, int partition, long offset) {

    /** Where the record came from, as {@code topic-partition@offset}. */
    String origin() {
        return topic + "-" + partition + "@" + offset;
    }
}
