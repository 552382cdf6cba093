package dev.microledger.bench.scale;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands out the numbers 0 to count - 1, each once, to the workers of a phase (an account's index,
 * a batch's number), until they run out or the phase is stopped. Once stopped it hands out none,
 * however many workers ask and however often.
 */
final class WorkNumbers {

    /** What {@link #take()} answers when there is no more work. */
    static final long NONE = -1;

    private final long count;
    private final AtomicLong next = new AtomicLong();
    private volatile boolean stopped;

    WorkNumbers(long count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative: " + count);
        }
        this.count = count;
    }

    /** The next number, or {@link #NONE} when all have been handed out or the phase was stopped. */
    long take() {
        if (stopped) {
            return NONE;
        }
        long number = next.getAndIncrement();
        return number < count ? number : NONE;
    }

    /** Hands out no more numbers; work already taken goes on. */
    void stop() {
        stopped = true;
    }
}
