package dev.microledger.events;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InstantTextTests {

    /** The event store writes milliseconds, always three digits. */
    private static final DateTimeFormatter MILLISECONDS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    @Test
    void readsEveryInstantAsInstantParseDoesInEveryFormTheServicesWrite() {
        Random random = new Random(20261122L);
        for (int i = 0; i < 200_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(253_402_300_800L), randomNanos(random));
            String written = instant.toString();
            assertThat(InstantText.parse(written)).as(written).isEqualTo(Instant.parse(written));
            String milliseconds = MILLISECONDS.format(instant);
            assertThat(InstantText.parse(milliseconds)).as(milliseconds).isEqualTo(Instant.parse(milliseconds));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "1970-01-01T00:00:00Z", "2026-11-22T06:01:02.1Z", "2026-11-22T06:01:02.123456789Z",
            "2024-02-29T23:59:59.999Z", "9999-12-31T23:59:59.999999999Z", "0000-01-01T00:00:00Z",
            // Not the canonical form, but valid: these take Instant.parse's own path.
            "2026-11-22T06:01:02+09:00", "2026-11-22T23:59:60Z", "2026-11-22t06:01:02z", "+12026-11-22T06:01:02Z",
            "2026-11-22T24:00:00Z", "2026-11-22T06:01:02.Z"})
    void agreesWithInstantParseOnValidText(String text) {
        assertThat(InstantText.parse(text)).isEqualTo(Instant.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", "2026-11-22", "2026-11-22T06:01:02", "2026-02-30T00:00:00Z", "2025-02-29T00:00:00Z",
            "2026-13-01T00:00:00Z", "2026-11-22T06:60:00Z",
            "2026-11-22T06:01:02.1234567890Z", "2026-11-22 06:01:02Z", "2026-1a-22T06:01:02Z",
            "2026-11-22T06:01:02.12a4Z", "2026-11-22T06:01:02,5Z", "２０２６-11-22T06:01:02Z"})
    void refusesWhatInstantParseRefuses(String text) {
        assertThatThrownBy(() -> Instant.parse(text)).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> InstantText.parse(text)).isInstanceOf(DateTimeParseException.class);
    }

    private static int randomNanos(Random random) {
        // Whole seconds, milliseconds, microseconds and nanoseconds, as clocks give them.
        return switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> random.nextInt(1000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000) * 1000;
            default -> random.nextInt(1_000_000_000);
        };
    }
}
