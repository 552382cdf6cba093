package dev.microledger.bench.fault;

import java.net.URI;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Runs {@code GET /admin/audit} on ledger-service, as an operator does, and follows it until it
 * is done: the event store's chains verify when every stored event's link follows its account's
 * previous one ({@code docs/events/integrity.md}).
 */
final class ChainAudit {

    private static final Duration TIMEOUT = Duration.ofMinutes(30);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private static final long POLL_MILLIS = 1000;

    /**
     * @param state    VERIFIED, BROKEN or FAILED as the audit ended, or what stopped it being read
     * @param events   events checked
     * @param accounts accounts checked
     * @param unlinked events stored without a link (there should be none: every event of the run has one)
     * @param breaks   links that do not follow
     * @param detail   the first break or the failure, or null
     * @param millis   how long the audit took
     */
    record Result(String state, long events, long accounts, long unlinked, long breaks, String detail, long millis) {

        boolean passed() {
            return state.equals("VERIFIED") && breaks == 0 && unlinked == 0;
        }
    }

    private ChainAudit() {
    }

    static Result run(FaultHttp http, URI ledgerUrl) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        FaultHttp.Reply reply = http.get(ledgerUrl, "/admin/audit?waitSeconds=30", REQUEST_TIMEOUT);
        JsonNode report = reply.status() == 200 ? reply.json() : null;
        if (report == null) {
            return new Result("NOT_RUN", 0, 0, 0, 0, "GET /admin/audit answered " + reply.describe(), 0);
        }
        long auditId = report.path("auditId").asLong();
        while (report.path("state").asText().equals("RUNNING") && System.nanoTime() - deadline < 0) {
            Thread.sleep(POLL_MILLIS);
            // By its id: a request without one, once this audit is done, would start the next.
            FaultHttp.Reply progress = http.get(ledgerUrl, "/admin/audit?waitSeconds=30&auditId=" + auditId, REQUEST_TIMEOUT);
            if (progress.status() == 200 && progress.json() != null) {
                report = progress.json();
            }
        }
        String detail = report.path("firstBreak").isNull() || report.path("firstBreak").isMissingNode()
                ? (report.path("failure").isTextual() ? report.path("failure").asText() : null)
                : report.path("firstBreak").toString();
        return new Result(report.path("state").asText(), report.path("eventsChecked").asLong(),
                report.path("accountsChecked").asLong(), report.path("unlinkedEvents").asLong(), report.path("breaks").asLong(),
                detail, report.path("elapsedMillis").asLong());
    }
}
