package dev.microledger.query.consuming;

import java.util.Map;

/**
 * A rebuild's request that the live consumer stop between two batches while the rebuilt generation
 * catches up with it and becomes live. The consumer answers with the offset it will read next on
 * every partition; everything before those offsets is in the live generation, so once the rebuild has
 * read up to them the new generation holds at least as much, and the consumer goes on from there in
 * the new generation. Redelivered records are duplicates there, which the per-account versions skip.
 *
 * <p>The pause is bounded on both sides: the rebuild waits a limited time for the consumer to stop,
 * and the consumer resumes by itself after {@code holdMillisMax} unless the switch has begun, so a
 * rebuild that dies mid-switch cannot stall the live projection.
 */
final class LivePause {

    enum State {
        /** Asked for; the consumer has not stopped yet. */
        REQUESTED,
        /** The consumer has stopped and reported its offsets. */
        HELD,
        /** The generations are being switched: the consumer waits, however long that takes. */
        SWITCHING,
        /** The consumer goes on: switched or not. */
        RELEASED,
        /** The rebuild gave up before the consumer stopped. */
        ABANDONED,
        /** The consumer waited {@code holdMillisMax} and went on without the switch. */
        EXPIRED
    }

    private final long holdMillisMax;
    private State state = State.REQUESTED;
    private Map<Integer, Long> nextOffsets;
    private String failure;

    LivePause(long holdMillisMax) {
        this.holdMillisMax = holdMillisMax;
    }

    synchronized State state() {
        return state;
    }

    /** Whether the pause is over or was never taken: nothing will wait on it any more. */
    synchronized boolean ended() {
        return state == State.RELEASED || state == State.ABANDONED || state == State.EXPIRED;
    }

    // The consumer's side.

    /** Whether the consumer should stop for this request at all. */
    synchronized boolean wanted() {
        return state == State.REQUESTED;
    }

    /** The consumer could not say where it stands; the rebuild tries again later. */
    synchronized void failed(String reason) {
        if (state == State.REQUESTED) {
            failure = reason;
            state = State.ABANDONED;
            notifyAll();
        }
    }

    /**
     * Reports the consumer's next offsets and blocks until the rebuild releases it, or until
     * {@code holdMillisMax} has passed without a switch beginning. A switch once begun is waited for
     * to its end: it is one short database transaction.
     *
     * @return the state the pause ended in: {@link State#RELEASED} or {@link State#EXPIRED}
     */
    synchronized State hold(Map<Integer, Long> offsets) {
        if (state != State.REQUESTED) {
            return state;
        }
        nextOffsets = Map.copyOf(offsets);
        state = State.HELD;
        notifyAll();
        long deadlineNanos = System.nanoTime() + holdMillisMax * 1_000_000;
        boolean interrupted = false;
        while (state == State.HELD || state == State.SWITCHING) {
            long remainingMillis = (deadlineNanos - System.nanoTime()) / 1_000_000;
            if (state == State.HELD && (remainingMillis <= 0 || interrupted)) {
                state = State.EXPIRED;
                notifyAll();
                break;
            }
            try {
                wait(state == State.HELD ? Math.max(1, remainingMillis) : 1_000);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return state;
    }

    // The rebuild's side.

    /**
     * Waits until the consumer has stopped and returns its next offsets per partition, or null when it
     * did not stop within {@code waitMillis} (the request is then withdrawn) or could not report them.
     */
    synchronized Map<Integer, Long> awaitHeld(long waitMillis) throws InterruptedException {
        long deadlineNanos = System.nanoTime() + waitMillis * 1_000_000;
        while (state == State.REQUESTED) {
            long remainingMillis = (deadlineNanos - System.nanoTime()) / 1_000_000;
            if (remainingMillis <= 0) {
                state = State.ABANDONED;
                failure = "the live consumer did not stop between two batches within " + waitMillis + " ms";
                notifyAll();
                return null;
            }
            wait(remainingMillis);
        }
        return state == State.HELD ? nextOffsets : null;
    }

    /** Why the consumer did not stop, when {@link #awaitHeld} returned null. */
    synchronized String failure() {
        return failure != null ? failure : "the live consumer went on after " + holdMillisMax + " ms (" + state + ")";
    }

    /** Claims the held consumer for the switch; false if it has gone on already. */
    synchronized boolean beginSwitch() {
        if (state != State.HELD) {
            return false;
        }
        state = State.SWITCHING;
        return true;
    }

    /** Lets the consumer go on, switched or not; withdraws the request if the consumer has not stopped yet. */
    synchronized void release() {
        if (state == State.REQUESTED) {
            state = State.ABANDONED;
        } else if (state == State.HELD || state == State.SWITCHING) {
            state = State.RELEASED;
        }
        notifyAll();
    }
}
