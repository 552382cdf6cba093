package dev.microledger.query.account;

import dev.microledger.postgres.SharedTestPostgres;
import dev.microledger.query.consuming.ProjectionCommits;
import dev.microledger.query.web.ProblemCode;
import dev.microledger.query.web.QueryProblem;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Read-your-writes against a real PostgreSQL database: waiting, its bound, and its limit on waiters. */
class AccountLookupTests {

    private JdbcTemplate jdbc;
    private final ProjectionCommits commits = new ProjectionCommits();

    @BeforeEach
    void createDatabase() {
        DataSource dataSource = SharedTestPostgres.freshDatabase("lookup").dataSource();
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        jdbc = new JdbcTemplate(dataSource);
        OffsetDateTime time = OffsetDateTime.of(2026, 11, 21, 10, 0, 0, 0, ZoneOffset.UTC);
        jdbc.update("INSERT INTO account_view VALUES ('alice', 'USD', 6, 'USER', 'OPEN', 0, 0, 0, 0, ?, ?)", time, time);
    }

    @Test
    void withoutMinVersionAMissingAccountIsNotFound() {
        AccountLookup lookup = lookup(2_000, 10);

        assertProblem(() -> lookup.require("bob", OptionalLong.empty()), ProblemCode.ACCOUNT_NOT_FOUND);
        assertThat(lookup.require("alice", OptionalLong.empty()).version()).isZero();
    }

    @Test
    void aReadWaitsUntilTheProjectionReachesTheVersion() throws Exception {
        AccountLookup lookup = lookup(30_000, 10);
        CompletableFuture<AccountRow> read = CompletableFuture.supplyAsync(() -> lookup.require("alice", OptionalLong.of(1)));

        jdbc.update("UPDATE account_view SET version = 1, balance_minor = 5 WHERE account_id = 'alice'");

        AccountRow row = read.get(10, TimeUnit.SECONDS);
        assertThat(row.version()).isEqualTo(1);
        assertThat(row.balanceMinor()).isEqualTo(5);
    }

    @Test
    void aReadAheadOfTheProjectionEndsProjectionBehindWithTheVersionReached() {
        AccountLookup lookup = lookup(50, 10);

        assertThatThrownBy(() -> lookup.require("alice", OptionalLong.of(3)))
                .isInstanceOfSatisfying(QueryProblem.class, problem -> {
                    assertThat(problem.code()).isEqualTo(ProblemCode.PROJECTION_BEHIND);
                    assertThat(problem.getMessage()).contains("reached version 0").contains("not version 3");
                });
        assertProblem(() -> lookup.require("bob", OptionalLong.of(0)), ProblemCode.PROJECTION_BEHIND);
    }

    @Test
    void aReadBeyondTheLimitOfWaitersIsAnsweredAtOnce() throws Exception {
        AccountLookup lookup = new AccountLookup(jdbc, commits, new MinVersionSettings(30_000, 10, 1), new SimpleMeterRegistry());
        CountDownLatch waiting = new CountDownLatch(1);
        CompletableFuture<AccountRow> first = CompletableFuture.supplyAsync(() -> {
            waiting.countDown();
            return lookup.require("alice", OptionalLong.of(1));
        });
        waiting.await(10, TimeUnit.SECONDS);
        awaitOneWaiter(lookup);

        assertThatThrownBy(() -> lookup.require("alice", OptionalLong.of(1)))
                .isInstanceOfSatisfying(QueryProblem.class,
                        problem -> assertThat(problem.getMessage()).contains("too many requests"));

        jdbc.update("UPDATE account_view SET version = 1 WHERE account_id = 'alice'");
        assertThat(first.get(10, TimeUnit.SECONDS).version()).isEqualTo(1);
    }

    /** The first reader holds the only permit once its first look found the version missing. */
    private void awaitOneWaiter(AccountLookup lookup) throws InterruptedException {
        long deadlineNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (lookup.waitersNow() == 0 && System.nanoTime() < deadlineNanos) {
            Thread.sleep(5);
        }
        assertThat(lookup.waitersNow()).isEqualTo(1);
    }

    private AccountLookup lookup(long waitMillis, long recheckMillis) {
        return new AccountLookup(jdbc, commits, new MinVersionSettings(waitMillis, recheckMillis, 10), new SimpleMeterRegistry());
    }

    private static void assertProblem(Runnable read, ProblemCode code) {
        assertThatThrownBy(read::run)
                .isInstanceOfSatisfying(QueryProblem.class, problem -> assertThat(problem.code()).isEqualTo(code));
    }
}
