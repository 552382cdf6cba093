package dev.microledger.bench.integrity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.microledger.bench.report.RawLimit;
import dev.microledger.bench.service.BenchKeys;
import dev.microledger.bench.service.ServiceHttp;
import dev.microledger.launcher.EmbeddedSystem;

import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;

/**
 * Runs {@code GET /admin/audit} on the running ledger-service after the workloads, as an operator
 * would, following its progress until it is done: its rate is the audit's, and an audit that does
 * not verify is a failure of the run.
 */
public final class AuditMeasurement {

    private static final String NAME = "Event audit: GET /admin/audit over the whole event store";
    private static final Duration TIMEOUT = Duration.ofMinutes(30);
    private static final Duration POLL_INTERVAL = Duration.ofSeconds(1);

    private AuditMeasurement() {
    }

    /** @return the audit's rate, or a skipped limit saying why there is none */
    public static RawLimit measure(EmbeddedSystem system, PrintStream out) throws InterruptedException {
        ServiceHttp http = new ServiceHttp(URI.create(system.ledgerUrl()), BenchKeys.forSystem(system));
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        JsonNode report = http.getJson("/admin/audit?waitSeconds=0");
        long auditId = report == null ? 0 : report.path("auditId").asLong();
        long lastLog = System.nanoTime();
        while (report != null && "RUNNING".equals(report.path("state").asText()) && System.nanoTime() < deadline) {
            Thread.sleep(POLL_INTERVAL.toMillis());
            // By its id: a request without one, once this audit is done, would start the next.
            report = http.getJson("/admin/audit?waitSeconds=0&auditId=" + auditId);
            if (report != null && System.nanoTime() - lastLog > Duration.ofSeconds(15).toNanos()) {
                out.printf(Locale.ROOT, "  audit: %,d of %,d events checked%n", report.path("eventsChecked").asLong(),
                        report.path("eventsTotal").asLong());
                lastLog = System.nanoTime();
            }
        }
        if (report == null) {
            return RawLimit.skipped(NAME, "events", "GET /admin/audit did not answer 200");
        }
        String state = report.path("state").asText();
        if (!"VERIFIED".equals(state)) {
            return RawLimit.skipped(NAME, "events", "the audit ended " + state + ": " + report);
        }
        long events = report.path("eventsChecked").asLong();
        double seconds = report.path("elapsedMillis").asLong() / 1000.0;
        return new RawLimit(NAME, "events", seconds > 0 ? events / seconds : null, events, seconds,
                String.format(Locale.ROOT, "%,d events of %,d accounts verify, read in pages of 1,000 by account and sequence",
                        events, report.path("accountsChecked").asLong()), null);
    }
}
