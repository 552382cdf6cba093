package dev.microledger.bench.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class HeapStatsTests {

    @Test
    void keepsTheMostHeapUsedTheMostLiveDataAndThePauses() {
        HeapStats stats = new HeapStats();
        stats.add(300e6, 1073741824.0, null, 10.0, 0.5, 0.02);
        stats.add(700e6, 1073741824.0, 250e6, 14.0, 0.7, 0.09);
        stats.add(400e6, 1073741824.0, 200e6, 15.0, 0.75, 0.01);

        assertThat(stats.samples()).isEqualTo(3);
        assertThat(stats.heapUsedMaxBytes()).isEqualTo(700e6);
        assertThat(stats.heapMaxBytes()).isEqualTo(1073741824.0);
        assertThat(stats.liveDataMaxBytes()).isEqualTo(250e6);
        assertThat(stats.gcPauseCount()).isEqualTo(15);
        assertThat(stats.gcPauseTotalSeconds()).isEqualTo(0.75);
        assertThat(stats.gcPauseMaxMillis()).isCloseTo(90.0, within(1e-9));
    }

    @Test
    void aSampleWithoutHeapUsedIsNoSampleAndNoFullCollectionMeansNoLiveData() {
        HeapStats stats = new HeapStats();
        stats.add(null, 1073741824.0, 5e6, 1.0, 0.1, 0.1);
        stats.add(100e6, null, 0.0, null, null, null);

        assertThat(stats.samples()).isEqualTo(1);
        assertThat(stats.liveDataMaxBytes()).isNull();
        assertThat(stats.heapMaxBytes()).isZero();
    }
}
