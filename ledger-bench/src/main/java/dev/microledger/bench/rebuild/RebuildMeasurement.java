package dev.microledger.bench.rebuild;

import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;
import dev.microledger.bench.report.RebuildResult;
import dev.microledger.bench.service.ServiceHttp;
import dev.microledger.launcher.EmbeddedSystem;

/**
 * Rebuilds the projections from the topic with one more query-service (a fresh database, a new
 * consumer group, the same topic), times it from its process start and from its first projected
 * event until it has handled every record the topic held, and checks that its trial balance is
 * the live one's. The extra service is stopped before this returns.
 */
public final class RebuildMeasurement {

    /** The ledger's topic, as both services are configured by default. */
    static final String TOPIC = "ledger.events";
    static final Duration SAMPLE_INTERVAL = Duration.ofMillis(50);
    static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(5);
    /** A rebuild of a few million records takes minutes; far more means it is stuck. */
    static final Duration DEADLINE = Duration.ofMinutes(30);
    /** How long the trial balances may take to agree once every counted record is handled. */
    static final Duration SETTLE = Duration.ofSeconds(60);

    private static final String PROJECTED = "query.events.projected";
    private static final String SKIPPED = "query.events.skipped";
    private static final String TRIAL_BALANCE = "/analytics/trial-balance";

    private RebuildMeasurement() {
    }

    /**
     * @param system the running system, whose topic is complete (no load is running)
     * @param name the extra service's name, for its directory and log
     * @param groupId the new consumer group
     * @param extraArguments more arguments for the extra service, such as another datasource
     * @param out where the progress lines go
     * @return the result, or a failed one with the reason
     */
    public static RebuildResult measure(EmbeddedSystem system, String name, String groupId, List<String> extraArguments,
            PrintStream out) throws InterruptedException {
        long topicRecords = TopicRecords.count(system.bootstrapServers(), TOPIC);
        JsonNode liveTrialBalance = new ServiceHttp(URI.create(system.queryUrl())).getJson(TRIAL_BALANCE);
        List<String> arguments = new ArrayList<>(extraArguments);
        arguments.add("--query.kafka.group-id=" + groupId);
        arguments.add("--query.kafka.client-id=" + groupId);
        out.printf(Locale.ROOT, "        %,d records in topic %s; starting query-service '%s' as group %s%n", topicRecords, TOPIC,
                name, groupId);
        long startNanos = System.nanoTime();
        RebuildClock clock = new RebuildClock(startNanos, topicRecords);
        try (EmbeddedSystem.ExtraService rebuilding = system.startQueryService(name, arguments)) {
            ServiceHttp http = new ServiceHttp(URI.create(rebuilding.url()));
            long deadlineNanos = startNanos + DEADLINE.toNanos();
            long nextProgressNanos = startNanos + PROGRESS_INTERVAL.toNanos();
            while (true) {
                Double projected = http.meter(PROJECTED, null, "COUNT");
                Double skipped = http.meter(SKIPPED, null, "COUNT");
                long now = System.nanoTime();
                if (projected != null && skipped != null) {
                    clock.sample(now, projected.longValue(), skipped.longValue());
                    if (clock.done()) {
                        break;
                    }
                }
                if (now - deadlineNanos > 0) {
                    return RebuildResult.failed("the rebuild handled " + clock.handled() + " of " + topicRecords
                            + " records within " + DEADLINE.toMinutes() + " min");
                }
                if (now - nextProgressNanos > 0) {
                    out.printf(Locale.ROOT, "        %,d of %,d records after %.0f s%n", clock.handled(), topicRecords,
                            clock.secondsSinceStart());
                    nextProgressNanos = now + PROGRESS_INTERVAL.toNanos();
                }
                Thread.sleep(SAMPLE_INTERVAL.toMillis());
            }
            JsonNode rebuiltTrialBalance = http.getJson(TRIAL_BALANCE);
            // Records written after the count (a hold expiring after the load stopped, say) land in the
            // same partitions as counted ones, so the count can be reached while one partition is still
            // behind. Balances converge once none is, so the comparison waits a bounded time for that.
            ServiceHttp live = new ServiceHttp(URI.create(system.queryUrl()));
            long settleDeadlineNanos = System.nanoTime() + SETTLE.toNanos();
            while (!Objects.equals(liveTrialBalance, rebuiltTrialBalance) && System.nanoTime() - settleDeadlineNanos < 0) {
                Thread.sleep(SAMPLE_INTERVAL.toMillis() * 4);
                liveTrialBalance = live.getJson(TRIAL_BALANCE);
                rebuiltTrialBalance = http.getJson(TRIAL_BALANCE);
            }
            boolean matches = liveTrialBalance != null && liveTrialBalance.equals(rebuiltTrialBalance);
            return clock.result(text(liveTrialBalance), text(rebuiltTrialBalance), matches);
        }
    }

    private static String text(JsonNode json) {
        return json == null ? null : json.toString();
    }
}
