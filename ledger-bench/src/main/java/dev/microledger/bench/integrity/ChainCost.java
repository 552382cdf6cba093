package dev.microledger.bench.integrity;

import dev.microledger.bench.report.RawLimit;
import dev.microledger.events.AccountEntry;
import dev.microledger.events.EventChain;
import dev.microledger.events.LedgerEvent;
import dev.microledger.events.LedgerEventCodec;
import dev.microledger.events.LedgerEventTypes;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * What the event chain costs per event on one core, measured on the ledger's own code: linking
 * (the ledger encodes the event to its wire form once more and hashes it, when it stores it) and
 * verifying (a consumer hashes the bytes it received). The samples are payment entries as the
 * ledger writes them, about 480 bytes each.
 */
public final class ChainCost {

    private static final int SAMPLE_COUNT = 4_096;
    private static final long WARMUP_NANOS = 1_000_000_000L;
    private static final long MEASURE_NANOS = 2_000_000_000L;

    private ChainCost() {
    }

    /** @return linking and verifying, each as events per second on one thread */
    public static List<RawLimit> measure() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        EventChain chain = new EventChain(key);
        LedgerEventCodec codec = new LedgerEventCodec();
        List<LedgerEvent> events = samples();
        List<byte[]> values = new ArrayList<>(events.size());
        for (LedgerEvent event : events) {
            values.add(codec.encode(event));
        }
        byte[][] links = new byte[values.size()][];
        byte[] previous = EventChain.start();
        for (int index = 0; index < values.size(); index++) {
            links[index] = chain.link(previous, values.get(index));
            previous = links[index];
        }

        Rate link = run(index -> {
            byte[] value = codec.encode(events.get(index));
            return chain.link(EventChain.start(), value)[0];
        });
        Rate verify = run(index -> chain.verifies(index == 0 ? EventChain.start() : links[index - 1], values.get(index),
                links[index]) ? 1 : 0);
        return List.of(
                limit("Event chain: link one event (wire encoding + HMAC-SHA256), one thread", link,
                        "what the ledger adds to storing each event"),
                limit("Event chain: verify one record (HMAC-SHA256), one thread", verify,
                        "what a consumer adds to projecting each record"));
    }

    private interface Step {
        int apply(int index);
    }

    private record Rate(long count, double seconds) {
    }

    private static Rate run(Step step) {
        int sink = 0;
        long warmupEnd = System.nanoTime() + WARMUP_NANOS;
        int index = 0;
        while (System.nanoTime() < warmupEnd) {
            sink += step.apply(index);
            index = (index + 1) % SAMPLE_COUNT;
        }
        long count = 0;
        long start = System.nanoTime();
        long end = start + MEASURE_NANOS;
        long now;
        do {
            for (int batch = 0; batch < 256; batch++) {
                sink += step.apply(index);
                index = (index + 1) % SAMPLE_COUNT;
            }
            count += 256;
            now = System.nanoTime();
        } while (now < end);
        if (sink == Integer.MIN_VALUE) {
            // Keeps the results alive for the compiler; it never happens.
            System.out.print("");
        }
        return new Rate(count, (now - start) / 1e9);
    }

    private static RawLimit limit(String name, Rate rate, String what) {
        double perSecond = rate.count() / rate.seconds();
        return new RawLimit(name, "events", perSecond, rate.count(), rate.seconds(),
                String.format(Locale.ROOT, "%.2f µs per event; %s", 1e6 / perSecond, what), null);
    }

    private static List<LedgerEvent> samples() {
        List<LedgerEvent> events = new ArrayList<>(SAMPLE_COUNT);
        for (int index = 0; index < SAMPLE_COUNT; index++) {
            AccountEntry.Direction direction = index % 2 == 0 ? AccountEntry.Direction.DEBIT : AccountEntry.Direction.CREDIT;
            AccountEntry entry = new AccountEntry("bench-u-p" + index, 1 + index, direction,
                    "bench-us-" + UUID.randomUUID().toString().substring(0, 13), "bench-u-m" + (index % 100),
                    "0." + String.format(Locale.ROOT, "%04d", 1 + index % 9_999), "USD", 6, "bench", null,
                    (1 + index) + ".250000");
            events.add(new LedgerEvent(UUID.randomUUID().toString(), "/micro-ledger/ledger-service",
                    LedgerEventTypes.ofEntry(direction), Instant.now(), entry, "k_benchmark00000", UUID.randomUUID().toString()));
        }
        return events;
    }
}
