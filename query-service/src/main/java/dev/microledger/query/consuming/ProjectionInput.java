package dev.microledger.query.consuming;

import dev.microledger.events.EventChain;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * One record as the projection sees it: the Kafka key, the encoded event, and where it came
 * from (topic, partition and offset) so that every log line about it can be traced back. The
 * text of that place is made only when a line needs it: a rebuild handles millions of records.
 */
record ProjectionInput(String key, byte[] value, byte[] link, String topic, int partition, long offset, long timestamp) {

    /** The value of the record's last {@link EventChain#HEADER} header, or null when it has none. */
    static byte[] link(Headers headers) {
        Header header = headers.lastHeader(EventChain.HEADER);
        return header == null ? null : header.value();
    }

    /** Where the record came from, as {@code topic-partition@offset}. */
    String origin() {
        return topic + "-" + partition + "@" + offset;
    }
}
