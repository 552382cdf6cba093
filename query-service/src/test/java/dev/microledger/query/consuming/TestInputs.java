package dev.microledger.query.consuming;

import dev.microledger.events.LedgerEvent;
import dev.microledger.events.LedgerEventCodec;
import dev.microledger.query.support.TestChain;

/** Records as the consumer hands them to the projector, linked as the ledger links them. */
final class TestInputs {

    private static final LedgerEventCodec codec = new LedgerEventCodec();

    private TestInputs() {
    }

    /** The event encoded, keyed by its account and linked in the chain of the stream named {@code topic}. */
    static ProjectionInput of(LedgerEvent event, String topic, int partition, long offset) {
        byte[] value = codec.encode(event);
        return new ProjectionInput(event.subject(), value, TestChain.link(topic, event, value), topic, partition, offset,
                event.time().toEpochMilli());
    }
}
