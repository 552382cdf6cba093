package dev.microledger.bench.fault;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Which kind each kill is and how long the run waits before it, drawn from one seed, so that a
 * run's schedule can be repeated. Kinds are dealt like cards: every kind once per round, in a
 * random order each round, so that any run of as many kills as there are kinds kills each one
 * and a long run kills each about as often.
 */
final class KillSchedule {

    private final List<KillKind> kinds;
    private final SplittableRandom random;
    private final Deque<KillKind> round = new ArrayDeque<>();
    private final long pauseMinMillis;
    private final long pauseMaxMillis;

    KillSchedule(List<KillKind> kinds, long seed, int pauseMinSeconds, int pauseMaxSeconds) {
        if (kinds.isEmpty()) {
            throw new IllegalArgumentException("a schedule needs at least one kind of kill");
        }
        if (pauseMinSeconds < 0 || pauseMaxSeconds < pauseMinSeconds) {
            throw new IllegalArgumentException("pauses must satisfy 0 <= min <= max, got " + pauseMinSeconds + " and "
                    + pauseMaxSeconds);
        }
        this.kinds = List.copyOf(kinds);
        this.random = new SplittableRandom(seed);
        this.pauseMinMillis = pauseMinSeconds * 1000L;
        this.pauseMaxMillis = pauseMaxSeconds * 1000L;
    }

    /** @return the kind of the next kill */
    KillKind nextKind() {
        if (round.isEmpty()) {
            List<KillKind> shuffled = new ArrayList<>(kinds);
            // Fisher-Yates with the schedule's own random, so the seed decides the order.
            for (int index = shuffled.size() - 1; index > 0; index--) {
                int other = random.nextInt(index + 1);
                KillKind held = shuffled.get(index);
                shuffled.set(index, shuffled.get(other));
                shuffled.set(other, held);
            }
            round.addAll(shuffled);
        }
        return round.removeFirst();
    }

    /** @return how long the load runs undisturbed after a recovery before the next kill */
    Duration nextPause() {
        return Duration.ofMillis(pauseMinMillis + random.nextLong(pauseMaxMillis - pauseMinMillis + 1));
    }
}
