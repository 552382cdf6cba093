package dev.microledger.ledger.account;

import org.axonframework.common.lock.Lock;
import org.axonframework.common.lock.LockAcquisitionFailedException;
import org.axonframework.common.lock.LockFactory;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AccountLockFactoryTests {

    @Test
    void aCommandGivesUpOnAnAccountAnotherHoldsAfterTheWaitLimit() throws Exception {
        LockFactory locks = new AccountRepositoryConfiguration()
                .accountLockFactory(new AccountLoadingProperties(16, 1000, 1, 200));
        Lock held = locks.obtainLock("alice");
        try {
            long started = System.nanoTime();
            CompletableFuture<Lock> waiting = CompletableFuture.supplyAsync(() -> locks.obtainLock("alice"));
            assertThatThrownBy(() -> waiting.get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(LockAcquisitionFailedException.class);
            long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertThat(waitedMillis).isBetween(900L, 5000L);
        } finally {
            held.release();
        }
    }

    @Test
    void aWaitingCommandGetsTheAccountAsSoonAsItIsReleasedNotAtTheNextCheck() throws Exception {
        LockFactory locks = new AccountRepositoryConfiguration()
                .accountLockFactory(new AccountLoadingProperties(16, 1000, 60, 1000));
        Lock held = locks.obtainLock("alice");
        CompletableFuture<Long> waited = CompletableFuture.supplyAsync(() -> {
            long started = System.nanoTime();
            Lock lock = locks.obtainLock("alice");
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            lock.release();
            return millis;
        });
        Thread.sleep(1500);
        long releasedAfterMillis = 1500;
        held.release();
        // Released 1.5 s in, halfway between two checks a second apart: the waiter must not wait for the 2 s check.
        assertThat(waited.get(10, TimeUnit.SECONDS)).isLessThan(releasedAfterMillis + 400);
    }

    @Test
    void refusesWaitLimitsAndCheckIntervalsOutOfRange() {
        assertThatThrownBy(() -> new AccountLoadingProperties(16, 1000, 0, 200))
                .hasMessageContaining("lock-wait-seconds");
        assertThatThrownBy(() -> new AccountLoadingProperties(16, 1000, 601, 200))
                .hasMessageContaining("lock-wait-seconds");
        assertThatThrownBy(() -> new AccountLoadingProperties(16, 1000, 1, 0))
                .hasMessageContaining("lock-check-interval-millis");
        assertThatThrownBy(() -> new AccountLoadingProperties(16, 1000, 1, 1001))
                .hasMessageContaining("lock-check-interval-millis");
    }
}
