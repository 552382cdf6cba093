package dev.microledger.bench.rebuild;

import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import dev.microledger.bench.machine.CpuMeter;
import dev.microledger.bench.report.RebuildResult;
import dev.microledger.bench.service.BenchKeys;
import dev.microledger.bench.service.ServiceHttp;
import dev.microledger.launcher.EmbeddedSystem;

/**
 * Rebuilds the projections of the running query-service from the topic, as an operator does
 * ({@code POST /admin/projections/rebuild}): it projects the whole topic into new tables while the
 * service keeps answering from the current ones, then switches over. Timed from the request and
 * from the first record the rebuild reported done until the new tables are live, from the
 * service's own progress ({@code GET /admin/projections/rebuild}); the service's trial balance
 * after the switch must be the one before it.
 */
public final class RebuildMeasurement {

    /** The ledger's topic, as both services are configured by default. */
    static final String TOPIC = "ledger.events";
    static final Duration SAMPLE_INTERVAL = Duration.ofMillis(50);
    static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(5);
    /** A rebuild of a few million records takes minutes; far more means it is stuck. */
    static final Duration DEADLINE = Duration.ofMinutes(30);

    private static final String REBUILD = "/admin/projections/rebuild";
    private static final String TRIAL_BALANCE = "/analytics/trial-balance";

    private RebuildMeasurement() {
    }

    /**
     * @param system the running system, whose topic is complete (no load is running)
     * @param cpuMeter the system's processes, whose CPU use from the request until the switch is reported
     * @param out where the progress lines go
     * @return the result, or a failed one with the reason
     */
    public static RebuildResult measure(EmbeddedSystem system, CpuMeter cpuMeter, PrintStream out) throws InterruptedException {
        long topicRecords = TopicRecords.count(system.bootstrapServers(), system.brokerAdminLogin(), TOPIC);
        ServiceHttp http = new ServiceHttp(URI.create(system.queryUrl()), BenchKeys.forSystem(system));
        JsonNode liveTrialBalance = http.getJson(TRIAL_BALANCE);
        out.printf(Locale.ROOT, "        %,d records in topic %s; POST %s on the running query-service%n", topicRecords,
                TOPIC, REBUILD);
        CpuMeter.Snapshot cpuAtStart = cpuMeter.snapshot();
        long startNanos = System.nanoTime();
        ServiceHttp.Answer started = http.post(REBUILD);
        if (started == null || started.status() != 202) {
            return RebuildResult.failed("the rebuild did not start: " + (started == null ? "no answer"
                    : started.status() + " " + started.body()));
        }
        RebuildClock clock = new RebuildClock(startNanos, topicRecords);
        long deadlineNanos = startNanos + DEADLINE.toNanos();
        long nextProgressNanos = startNanos + PROGRESS_INTERVAL.toNanos();
        CpuMeter.Snapshot cpuAtSwitch;
        while (true) {
            JsonNode status = http.getJson(REBUILD);
            long now = System.nanoTime();
            if (status != null) {
                clock.sample(now, status.path("projected").asLong(), status.path("skipped").asLong());
                String state = status.path("state").asText();
                if (state.equals("SWITCHED")) {
                    cpuAtSwitch = cpuMeter.snapshot();
                    break;
                }
                if (state.equals("FAILED")) {
                    return RebuildResult.failed("the rebuild failed: " + status.path("failure").asText());
                }
                if (now - nextProgressNanos > 0) {
                    out.printf(Locale.ROOT, "        %s: %,d of %,d records after %.0f s, %,d/s now%n", state,
                            status.path("recordsDone").asLong(), status.path("recordsTotal").asLong(),
                            clock.secondsSinceStart(), status.path("recordsPerSecond").asLong());
                    nextProgressNanos = now + PROGRESS_INTERVAL.toNanos();
                }
            }
            if (now - deadlineNanos > 0) {
                return RebuildResult.failed("the rebuild handled " + clock.handled() + " of " + topicRecords
                        + " records within " + DEADLINE.toMinutes() + " min");
            }
            Thread.sleep(SAMPLE_INTERVAL.toMillis());
        }
        if (!clock.done()) {
            return RebuildResult.failed("the rebuild switched after handling " + clock.handled() + " of the topic's "
                    + topicRecords + " records");
        }
        JsonNode rebuiltTrialBalance = http.getJson(TRIAL_BALANCE);
        boolean matches = liveTrialBalance != null && liveTrialBalance.equals(rebuiltTrialBalance);
        return clock.result(text(liveTrialBalance), text(rebuiltTrialBalance), matches,
                cpuMeter.between(cpuAtStart, cpuAtSwitch));
    }

    private static String text(JsonNode json) {
        return json == null ? null : json.toString();
    }
}
