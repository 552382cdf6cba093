package dev.microledger.bench.fault;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Which kind each kill is and how long the run waits before it, drawn from one seed, so that a
 * run's schedule can be repeated. Kills are dealt like cards, one card per process the issue
 * names: the broker, ledger-service, query-service, and the whole system. Every card comes once
 * per round, in a random order each round, so that any run of a round's length kills each once
 * and a long run kills each about as often. The whole system's card is the launcher alone and
 * the launcher with every process at once in turn, so that both ways of losing everything come
 * up as often.
 */
final class KillSchedule {

    private static final long PAUSE_SEED_MASK = 0x5DEECE66DL;

    private final List<KillKind> children;
    private final List<KillKind> wholeSystem;
    /** The order of the cards; the pauses have their own, so that the kinds do not depend on how many pauses were drawn. */
    private final SplittableRandom random;
    private final SplittableRandom pauses;
    /** Card numbers: a child's index in {@link #children}, or {@code children.size()} for the whole system. */
    private final Deque<Integer> round = new ArrayDeque<>();
    private final long pauseMinMillis;
    private final long pauseMaxMillis;
    private int wholeSystemTurn;

    KillSchedule(List<KillKind> kinds, long seed, int pauseMinSeconds, int pauseMaxSeconds) {
        if (kinds.isEmpty()) {
            throw new IllegalArgumentException("a schedule needs at least one kind of kill");
        }
        if (pauseMinSeconds < 0 || pauseMaxSeconds < pauseMinSeconds) {
            throw new IllegalArgumentException("pauses must satisfy 0 <= min <= max, got " + pauseMinSeconds + " and "
                    + pauseMaxSeconds);
        }
        this.children = kinds.stream().filter(kind -> !kind.wholeSystem()).toList();
        this.wholeSystem = kinds.stream().filter(KillKind::wholeSystem).toList();
        this.random = new SplittableRandom(seed);
        this.pauses = new SplittableRandom(seed ^ PAUSE_SEED_MASK);
        this.pauseMinMillis = pauseMinSeconds * 1000L;
        this.pauseMaxMillis = pauseMaxSeconds * 1000L;
        this.wholeSystemTurn = wholeSystem.isEmpty() ? 0 : random.nextInt(wholeSystem.size());
    }

    /** @return how many kills make one round: one per child of the launcher, and one of the whole system */
    int roundLength() {
        return children.size() + (wholeSystem.isEmpty() ? 0 : 1);
    }

    /** @return the kind of the next kill */
    KillKind nextKind() {
        if (round.isEmpty()) {
            List<Integer> shuffled = new ArrayList<>();
            for (int card = 0; card < roundLength(); card++) {
                shuffled.add(card);
            }
            // Fisher-Yates with the schedule's own random, so the seed decides the order.
            for (int index = shuffled.size() - 1; index > 0; index--) {
                int other = random.nextInt(index + 1);
                Integer held = shuffled.get(index);
                shuffled.set(index, shuffled.get(other));
                shuffled.set(other, held);
            }
            round.addAll(shuffled);
        }
        int card = round.removeFirst();
        if (card < children.size()) {
            return children.get(card);
        }
        KillKind kind = wholeSystem.get(wholeSystemTurn % wholeSystem.size());
        wholeSystemTurn++;
        return kind;
    }

    /** @return how long the load runs undisturbed after a recovery before the next kill */
    Duration nextPause() {
        return Duration.ofMillis(pauseMinMillis + pauses.nextLong(pauseMaxMillis - pauseMinMillis + 1));
    }
}
