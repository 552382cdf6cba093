package dev.microledger.ledger.clock;

import dev.microledger.ledger.rejection.LedgerRejection;
import dev.microledger.ledger.rejection.RejectionCode;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The ledger's clock in a demo: the system clock, until a seeder pins it to a moment of the past
 * so that a month of history can be recorded in a minute, each event with the time it is meant
 * to have. Off by default and refused on a database that is not on this machine's loopback (see
 * {@link DemoClockConfiguration}).
 *
 * <p>The rules keep the ledger's own assumptions true: times never run ahead of the real time,
 * and they never go back past anything the ledger has recorded. On a ledger with no events yet
 * the clock may be pinned anywhere in the last {@value #PAST_DAYS_MAX} days; once it holds events,
 * only forward. Released, it follows the system clock again, which is never behind a pin.
 */
final class DemoClock extends Clock {

    /** How far back a pin may go: a little more than the two calendar months a demo shows. */
    static final int PAST_DAYS_MAX = 92;

    private final Clock system;
    private final BooleanSupplier ledgerHasNoEvents;
    /** The pinned moment, or null while the clock follows the system clock. */
    private volatile Instant pinned;

    /**
     * @param system the real clock, to the millisecond
     * @param ledgerHasNoEvents whether the event store is still empty, asked only when a pin would go back
     */
    DemoClock(Clock system, BooleanSupplier ledgerHasNoEvents) {
        this.system = system;
        this.ledgerHasNoEvents = ledgerHasNoEvents;
    }

    @Override
    public Instant instant() {
        Instant at = pinned;
        return at != null ? at : system.instant();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        if (zone.equals(ZoneOffset.UTC)) {
            return this;
        }
        throw new UnsupportedOperationException("the ledger's clock is in UTC; convert its instants instead");
    }

    boolean isPinned() {
        return pinned != null;
    }

    /**
     * Pins the clock: every command from now on gets this time, until the next pin or {@link #release()}.
     *
     * @param at the moment, kept to the millisecond
     * @throws LedgerRejection {@code clock_ahead_of_time} for a moment after the real time,
     *     {@code clock_backwards} for one before the clock's reading once the ledger holds events,
     *     {@code validation_failed} for one more than {@value #PAST_DAYS_MAX} days back
     */
    synchronized Instant pin(Instant at) {
        Instant moment = at.truncatedTo(ChronoUnit.MILLIS);
        Instant now = system.instant();
        if (moment.isAfter(now)) {
            throw new LedgerRejection(RejectionCode.CLOCK_AHEAD_OF_TIME, "the demo clock cannot run ahead of the real time "
                    + now + ", asked for " + moment, Map.of("clock", instant().toString()));
        }
        if (moment.isBefore(now.minus(Duration.ofDays(PAST_DAYS_MAX)))) {
            throw LedgerRejection.invalid("the demo clock goes back at most " + PAST_DAYS_MAX + " days, asked for " + moment);
        }
        Instant reading = instant();
        if (moment.isBefore(reading) && !ledgerHasNoEvents.getAsBoolean()) {
            throw new LedgerRejection(RejectionCode.CLOCK_BACKWARDS, "the ledger already holds events, so its clock only"
                    + " moves forward: it reads " + reading + ", asked for " + moment, Map.of("clock", reading.toString()));
        }
        pinned = moment;
        return moment;
    }

    /** Lets the clock follow the system clock again; the time jumps forward to now. */
    synchronized Instant release() {
        pinned = null;
        return system.instant();
    }
}
