package dev.microledger.bench.scale;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;

class WorkNumbersTests {

    @Test
    void handsOutEveryNumberOnceAcrossWorkers() throws InterruptedException {
        WorkNumbers work = new WorkNumbers(100_000);
        Set<Long> taken = ConcurrentHashMap.newKeySet();
        List<Long> repeated = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        for (int index = 0; index < 8; index++) {
            Thread worker = new Thread(() -> {
                for (long number = work.take(); number != WorkNumbers.NONE; number = work.take()) {
                    if (!taken.add(number)) {
                        synchronized (repeated) {
                            repeated.add(number);
                        }
                    }
                }
            });
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }

        assertThat(repeated).isEmpty();
        assertThat(taken).hasSize(100_000);
        assertThat(taken).allMatch(number -> number >= 0 && number < 100_000);
        assertThat(work.take()).isEqualTo(WorkNumbers.NONE);
    }

    @Test
    void handsOutNothingOnceStoppedHoweverOftenAsked() {
        // A phase stopped on low disk must end: the workers ask again after their batch, many times over.
        WorkNumbers work = new WorkNumbers(10_000);
        Set<Long> before = new HashSet<>();
        for (int index = 0; index < 3; index++) {
            before.add(work.take());
        }

        work.stop();

        assertThat(before).containsExactlyInAnyOrder(0L, 1L, 2L);
        for (int index = 0; index < 1_000_000; index++) {
            assertThat(work.take()).isEqualTo(WorkNumbers.NONE);
        }
    }

    @Test
    void batchesCoverEveryItemWithTheLastOnePartlyFilled() {
        assertThat(ScaleWorkload.batchesOf(0)).isZero();
        assertThat(ScaleWorkload.batchesOf(1)).isEqualTo(1);
        assertThat(ScaleWorkload.batchesOf(ScaleWorkload.BATCH_SIZE)).isEqualTo(1);
        assertThat(ScaleWorkload.batchesOf(ScaleWorkload.BATCH_SIZE + 1)).isEqualTo(2);
        assertThat(ScaleWorkload.batchesOf(10_000_000)).isEqualTo(10_000);
        assertThat(ScaleWorkload.batchesOf(999_998)).isEqualTo(1_000);
    }
}
