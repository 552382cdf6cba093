package dev.microledger.ledger.account;

import com.fasterxml.jackson.annotation.JsonAutoDetect;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** What a postpaid account spent in one billing period so far, by merchant and category. */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
final class BillingTally {

    /** Separates merchant and category in a line's key: neither can hold a control character. */
    private static final char SEPARATOR = '\n';

    private Instant start;
    private Instant end;
    private long firstSequence = -1;
    private long lastSequence = -1;
    /** {count, total} by merchant and category. */
    private TreeMap<String, long[]> lines = new TreeMap<>();

    BillingTally() {
        // For Jackson (snapshots).
    }

    BillingTally(Instant start, Instant end) {
        this.start = start;
        this.end = end;
    }

    Instant start() {
        return start;
    }

    Instant end() {
        return end;
    }

    void add(String merchantAccountId, String category, long count, long amountMinor, long sequence) {
        String key = merchantAccountId + SEPARATOR + (category == null ? "" : category);
        long[] line = lines.computeIfAbsent(key, ignored -> new long[2]);
        line[0] += count;
        line[1] = Math.addExact(line[1], amountMinor);
        if (firstSequence < 0) {
            firstSequence = sequence;
        }
        lastSequence = sequence;
    }

    long firstSequence() {
        return firstSequence;
    }

    long lastSequence() {
        return lastSequence;
    }

    List<BillLine> lines() {
        List<BillLine> result = new ArrayList<>(lines.size());
        lines.forEach((key, line) -> {
            int cut = key.indexOf(SEPARATOR);
            String category = key.substring(cut + 1);
            result.add(new BillLine(key.substring(0, cut), category.isEmpty() ? null : category, line[0], line[1]));
        });
        return result;
    }

    /** What the bill asks for: the lines' total, or nothing when refunds outweigh the payments. */
    long amountDueMinor() {
        long total = 0;
        for (long[] line : lines.values()) {
            total = Math.addExact(total, line[1]);
        }
        return Math.max(0, total);
    }
}
