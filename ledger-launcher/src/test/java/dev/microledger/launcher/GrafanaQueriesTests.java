package dev.microledger.launcher;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GrafanaQueriesTests {

    @Test
    void findsMetricNamesButNotFunctionsLabelsKeywordsOrDurations() {
        assertThat(GrafanaQueries.metricNamesOf("histogram_quantile(0.99, sum by (le, command) "
                + "(rate(ledger_command_latency_seconds_bucket{application=\"ledger-service\"}[$__rate_interval])))"))
                .containsExactly("ledger_command_latency_seconds_bucket");
        assertThat(GrafanaQueries.metricNamesOf("sum(query_rebuild_records_done) / on(application) "
                + "sum(query_rebuild_records_topic) * 100 or vector(0)"))
                .containsExactly("query_rebuild_records_done", "query_rebuild_records_topic");
        assertThat(GrafanaQueries.metricNamesOf("jvm_memory_used_bytes{area=\"heap\", id=~\"G1.*\"} offset 5m > 1e9"))
                .containsExactly("jvm_memory_used_bytes");
    }
}
