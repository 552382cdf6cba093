package dev.microledger.query.consuming;

import org.springframework.stereotype.Component;

/**
 * Tells readers that the projection committed a database transaction, so that a request
 * waiting for an account's version re-reads it right away instead of polling the database in
 * a tight loop. It carries no data: the database stays the only truth, and a missed signal
 * costs at most one re-check interval.
 */
@Component
public class ProjectionCommits {

    private long generation;

    /** A number that changes with every commit; read it before checking the database. */
    public synchronized long generation() {
        return generation;
    }

    /** Called by the consumer thread after each committed database transaction. */
    synchronized void committed() {
        generation++;
        notifyAll();
    }

    /**
     * Waits until a commit after {@code seenGeneration} happened or the timeout passed,
     * whichever is first. Returns early, with the interrupt flag set, if the thread is interrupted.
     */
    public synchronized void awaitCommitAfter(long seenGeneration, long timeoutMillis) {
        long deadlineNanos = System.nanoTime() + timeoutMillis * 1_000_000;
        while (generation == seenGeneration) {
            long remainingMillis = (deadlineNanos - System.nanoTime()) / 1_000_000;
            if (remainingMillis <= 0) {
                return;
            }
            try {
                wait(remainingMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
