package dev.microledger.bench.raw;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;

import dev.microledger.events.AccountEntry;
import dev.microledger.events.LedgerEvent;
import dev.microledger.events.LedgerEventCodec;
import org.junit.jupiter.api.Test;

class EventSamplesTests {

    @Test
    void samplesAreDistinctLedgerEventsTheLedgersCodecReadsBack() {
        EventSamples samples = EventSamples.create();
        LedgerEventCodec codec = new LedgerEventCodec();

        Set<String> ids = new HashSet<>();
        for (int index = 0; index < EventSamples.SAMPLE_COUNT; index++) {
            LedgerEvent event = codec.decode(samples.get(index));
            ids.add(event.id());
            assertThat(event.data()).isInstanceOf(AccountEntry.class);
        }

        assertThat(ids).hasSize(EventSamples.SAMPLE_COUNT);
        assertThat(samples.get(EventSamples.SAMPLE_COUNT)).isSameAs(samples.get(0));
        assertThat(samples.averageBytes()).isBetween(300, 700);
    }
}
