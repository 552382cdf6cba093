package dev.microledger.query.consuming;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ProjectionCommitsTests {

    private final ProjectionCommits commits = new ProjectionCommits();

    @Test
    void aWaitingReaderWakesUpWhenTheProjectionCommits() throws Exception {
        long seen = commits.generation();
        CompletableFuture<Long> waiter = CompletableFuture.supplyAsync(() -> {
            commits.awaitCommitAfter(seen, 30_000);
            return commits.generation();
        });

        commits.committed();

        assertThat(waiter.get(10, TimeUnit.SECONDS)).isGreaterThan(seen);
    }

    @Test
    void aCommitBeforeTheWaitIsNotMissed() {
        long seen = commits.generation();
        commits.committed();

        long startNanos = System.nanoTime();
        commits.awaitCommitAfter(seen, 30_000);

        assertThat(System.nanoTime() - startNanos).isLessThan(TimeUnit.SECONDS.toNanos(10));
    }

    @Test
    void theWaitEndsAtItsTimeoutWithoutACommit() {
        long seen = commits.generation();

        commits.awaitCommitAfter(seen, 20);

        assertThat(commits.generation()).isEqualTo(seen);
    }
}
