package dev.microledger.bench.report;

import static dev.microledger.bench.report.ReportFixtures.closed;
import static dev.microledger.bench.report.ReportFixtures.openLoop;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class JsonReportTests {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void holdsTheSameNumbersAsTheMarkdown() throws Exception {
        BenchmarkReport report = ReportFixtures.report(
                List.of(closed("uniform", "single", 9_000, 40, 800), openLoop("uniform", 2_000)),
                closed("uniform", "single", 1_500, 90, 300));

        JsonNode json = JSON.readTree(JsonReport.render(report));

        JsonNode single = json.path("runs").get(0);
        assertThat(single.path("workload").asText()).isEqualTo("uniform");
        assertThat(single.path("endpoint").asText()).isEqualTo("single");
        assertThat(single.path("accepted").asLong()).isEqualTo(90_000);
        assertThat(single.path("acceptedPerSecond").asDouble()).isEqualTo(9_000.0);
        assertThat(single.path("rejectedPerSecond").asDouble()).isEqualTo(2.0);
        assertThat(single.path("eventRowsPerSecond").asDouble()).isEqualTo(18_000.0);
        assertThat(single.path("rejectedByCode").path("insufficient_funds").asLong()).isEqualTo(20);
        assertThat(single.path("latency").path("p99Millis").asDouble()).isEqualTo(40.0);
        assertThat(single.path("latency").path("p999Millis").asDouble()).isEqualTo(80.0);
        assertThat(single.path("lag").path("p99Millis").asDouble()).isEqualTo(800.0);
        assertThat(single.path("cpu").path("processCores").path("ledger-service").asDouble()).isEqualTo(1.1);
        assertThat(single.path("offeredRatePerSecond").isNull()).isTrue();
        assertThat(single.has("openLoop")).isFalse();
        assertThat(json.path("runs").get(1).path("offeredRatePerSecond").asInt()).isEqualTo(2000);
        assertThat(json.path("baseline").path("acceptedPerSecond").asDouble()).isEqualTo(1_500.0);
        assertThat(json.path("rawLimits").get(0).path("ratePerSecond").asDouble()).isEqualTo(100_000.0);
        assertThat(json.path("rawLimits").get(0).has("measured")).isFalse();
        assertThat(json.path("targets").get(2).path("met").asBoolean()).isTrue();
        assertThat(json.path("targets").get(3).path("met").isNull()).isTrue();
        assertThat(json.path("ratios").get(0).path("value").asDouble()).isEqualTo(0.18);
        assertThat(json.path("machine").path("cores").asInt()).isEqualTo(2);
        assertThat(json.path("setup").path("workloads").get(0).path("payers").asInt()).isEqualTo(10_000);
        assertThat(json.path("commandLine").asText()).isEqualTo("micro-ledger-bench --duration-seconds 10");
    }
}
