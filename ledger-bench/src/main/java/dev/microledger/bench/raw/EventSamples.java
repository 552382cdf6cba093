package dev.microledger.bench.raw;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import dev.microledger.events.AccountEntry;
import dev.microledger.events.LedgerEvent;
import dev.microledger.events.LedgerEventCodec;
import dev.microledger.events.LedgerEventTypes;

/**
 * Real ledger events, encoded by the ledger's own codec, as the bytes the raw limits append. They
 * are made once and reused, so the raw limits measure the database and the broker rather than
 * the encoder.
 */
final class EventSamples {

    /**
     * More than a producer batch holds (256 KiB of about 480-byte events is about 550 per
     * partition, and the batches of all 12 partitions fill from consecutive samples), so no batch
     * holds the same event twice and compression sees no more repetition than live traffic gives.
     */
    static final int SAMPLE_COUNT = 16_384;

    private final List<byte[]> samples;

    private EventSamples(List<byte[]> samples) {
        this.samples = samples;
    }

    static EventSamples create() {
        LedgerEventCodec codec = new LedgerEventCodec();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        List<byte[]> samples = new ArrayList<>(SAMPLE_COUNT);
        for (int index = 0; index < SAMPLE_COUNT; index++) {
            AccountEntry.Direction direction = index % 2 == 0 ? AccountEntry.Direction.DEBIT : AccountEntry.Direction.CREDIT;
            String accountId = "bench-u-p" + random.nextInt(10_000);
            AccountEntry entry = new AccountEntry(accountId, random.nextInt(1, 5_000), direction,
                    "bench-us-" + Long.toString(random.nextLong(1L << 40), Character.MAX_RADIX),
                    "bench-u-m" + random.nextInt(100), "0." + String.format(Locale.ROOT, "%04d", random.nextInt(1, 10_000)), "USD", 6,
                    "bench", null, random.nextInt(1, 10_000) + "." + String.format(Locale.ROOT, "%06d", random.nextInt(1_000_000)));
            LedgerEvent event = new LedgerEvent(UUID.randomUUID().toString(), "/micro-ledger/ledger-service",
                    LedgerEventTypes.ofEntry(direction), Instant.now(), entry);
            samples.add(codec.encode(event));
        }
        return new EventSamples(List.copyOf(samples));
    }

    /** The sample for the n-th append. */
    byte[] get(long number) {
        return samples.get((int) (number % SAMPLE_COUNT));
    }

    /** The samples' average size, for the report. */
    int averageBytes() {
        long total = 0;
        for (byte[] sample : samples) {
            total += sample.length;
        }
        return (int) (total / samples.size());
    }
}
