package dev.microledger.bench.report;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.data.Offset.offset;

import static org.assertj.core.api.Assertions.assertThat;

class RebuildResultTests {

    @Test
    void cpuPerThousandRecordsIsQueryServiceCoresTimesTheRebuildsTimePerRecord() {
        // 1.5 cores for 20 s is 30 CPU seconds over 600,000 handled records: 50 ms per 1,000.
        RebuildResult rebuild = result(590_000, 10_000, 20.0, Map.of("query-service", 1.5, "kafka", 0.3));

        assertThat(rebuild.queryCpuMillisPerThousandRecords()).isCloseTo(50.0, offset(1e-9));
    }

    @Test
    void cpuPerThousandRecordsIsUnknownWithoutQueryServicesCpuOrRecords() {
        assertThat(result(1_000, 0, 2.0, Map.of("kafka", 0.3)).queryCpuMillisPerThousandRecords()).isNull();
        assertThat(result(0, 0, 2.0, Map.of("query-service", 1.0)).queryCpuMillisPerThousandRecords()).isNull();
        assertThat(RebuildResult.failed("no topic").queryCpuMillisPerThousandRecords()).isNull();
    }

    private static RebuildResult result(long projected, long skipped, double secondsFromStart, Map<String, Double> cores) {
        return new RebuildResult(projected + skipped, projected, skipped, 1.0, secondsFromStart, secondsFromStart - 1.0,
                (projected + skipped) / secondsFromStart, null, "[]", "[]", true, new CpuUsage(90.0, 0.0, cores), null);
    }
}
