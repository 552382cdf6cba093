package dev.microledger.ledger.audit;

import dev.microledger.ledger.rejection.LedgerRejection;
import dev.microledger.ledger.rejection.RejectionCode;
import dev.microledger.ledger.store.EventAudit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code GET /admin/audit} ({@code operator}): verifies the event chain of every stored event
 * ({@link EventAudit}) and answers the first break. One audit runs at a time, on a thread of its
 * own: a request starts one when none is running and waits for it up to {@code waitSeconds}; a
 * request while one runs waits for that one. An audit still running when the wait ends is
 * answered with its progress ({@code "state": "RUNNING"}) and its {@code auditId};
 * {@code ?auditId=} follows that audit without starting another, also after it has finished.
 */
@RestController
@Tag(name = "Audit", description = "Verifying the stored events' chains (role operator)")
class EventAuditController {

    private static final Logger log = LoggerFactory.getLogger(EventAuditController.class);
    static final int WAIT_SECONDS_DEFAULT = 30;
    static final int WAIT_SECONDS_MAX = 300;
    private static final Duration PROGRESS_LOG_INTERVAL = Duration.ofSeconds(10);

    enum State { RUNNING, VERIFIED, BROKEN, FAILED }

    /** An audit, running or finished; {@code firstBreak} is null unless BROKEN. */
    record AuditReport(long auditId, State state, Instant startedAt, Instant finishedAt, long eventsTotal, long eventsChecked,
                       long accountsChecked, long unlinkedEvents, long breaks, EventAudit.Break firstBreak,
                       long elapsedMillis, long eventsPerSecond, String failure) {
    }

    private final EventAudit audit;
    private final Object lock = new Object();
    private Run current;
    private long lastId;

    EventAuditController(EventAudit audit) {
        this.audit = audit;
    }

    @Operation(summary = "Verify the event chain of every stored event",
            description = "Starts an audit when none is running and waits for it up to waitSeconds (30 by default, "
                    + "at most 300); an audit still running is answered with its progress (state RUNNING) and its "
                    + "auditId, which ?auditId= follows without starting another. A finished audit is VERIFIED, or "
                    + "BROKEN with its first break. Role: operator.",
            responses = @ApiResponse(responseCode = "200", description = "The audit, finished or running", content = @Content(
                    mediaType = "application/json", schema = @Schema(implementation = AuditReport.class))))
    @GetMapping(path = "/admin/audit", produces = MediaType.APPLICATION_JSON_VALUE)
    AuditReport audit(@RequestParam(required = false) String waitSeconds,
                      @RequestParam(required = false) String auditId) {
        int wait = waitSeconds(waitSeconds);
        Run run;
        synchronized (lock) {
            if (auditId != null) {
                run = current;
                if (run == null || !String.valueOf(run.id).equals(auditId.trim())) {
                    throw new LedgerRejection(RejectionCode.NOT_FOUND, "audit " + auditId + " is not the latest audit; "
                            + "GET /admin/audit without auditId starts one");
                }
            } else {
                if (current == null || current.done.isDone()) {
                    current = start(++lastId);
                }
                run = current;
            }
        }
        try {
            return run.done.get(wait, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            return run.progress();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return run.progress();
        } catch (ExecutionException e) {
            return run.failed(e.getCause());
        }
    }

    private static int waitSeconds(String text) {
        if (text == null) {
            return WAIT_SECONDS_DEFAULT;
        }
        try {
            int seconds = Integer.parseInt(text.trim());
            if (seconds >= 0 && seconds <= WAIT_SECONDS_MAX) {
                return seconds;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw LedgerRejection.invalid("waitSeconds must be a whole number from 0 to " + WAIT_SECONDS_MAX);
    }

    private Run start(long id) {
        Run run = new Run(id, Instant.now(), System.nanoTime());
        Thread thread = new Thread(() -> run.execute(audit), "event-audit");
        thread.setDaemon(true);
        thread.start();
        return run;
    }

    /** One audit: its progress for readers while it runs, its report once done. */
    private static final class Run {

        final CompletableFuture<AuditReport> done = new CompletableFuture<>();
        final long id;
        final Instant startedAt;
        final long startNanos;
        final AtomicLong checked = new AtomicLong();
        volatile long total;
        private long nextLogNanos;

        Run(long id, Instant startedAt, long startNanos) {
            this.id = id;
            this.startedAt = startedAt;
            this.startNanos = startNanos;
            this.nextLogNanos = startNanos + PROGRESS_LOG_INTERVAL.toNanos();
        }

        void execute(EventAudit audit) {
            try {
                total = audit.eventCount();
                log.info("Auditing the event chains of {} stored events", total);
                EventAudit.Findings findings = audit.run(this::progressed);
                long elapsedMillis = elapsedMillis();
                State state = findings.breaks() == 0 ? State.VERIFIED : State.BROKEN;
                AuditReport report = new AuditReport(id, state, startedAt, Instant.now(), total, findings.eventsChecked(),
                        findings.accountsChecked(), findings.unlinkedEvents(), findings.breaks(), findings.firstBreak(),
                        elapsedMillis, rate(findings.eventsChecked(), elapsedMillis), null);
                if (state == State.VERIFIED) {
                    log.info("Event audit: all {} events of {} accounts verify ({} stored before links were kept), in {} ms",
                            findings.eventsChecked(), findings.accountsChecked(), findings.unlinkedEvents(), elapsedMillis);
                } else {
                    EventAudit.Break first = findings.firstBreak();
                    log.error("Event audit: {} breaks in {} events; the first is account {} at sequence {} (global index {}): {}",
                            findings.breaks(), findings.eventsChecked(), first.accountId(), first.sequence(),
                            first.globalIndex(), first.reason());
                }
                done.complete(report);
            } catch (RuntimeException e) {
                log.error("Event audit failed after {} events", checked.get(), e);
                done.completeExceptionally(e);
            }
        }

        void progressed(long eventsChecked) {
            checked.set(eventsChecked);
            long now = System.nanoTime();
            if (now >= nextLogNanos) {
                nextLogNanos = now + PROGRESS_LOG_INTERVAL.toNanos();
                log.info("Event audit: {} of {} events checked", eventsChecked, total);
            }
        }

        AuditReport progress() {
            long elapsedMillis = elapsedMillis();
            long eventsChecked = checked.get();
            return new AuditReport(id, State.RUNNING, startedAt, null, total, eventsChecked, 0, 0, 0, null, elapsedMillis,
                    rate(eventsChecked, elapsedMillis), null);
        }

        AuditReport failed(Throwable cause) {
            long elapsedMillis = elapsedMillis();
            return new AuditReport(id, State.FAILED, startedAt, Instant.now(), total, checked.get(), 0, 0, 0, null,
                    elapsedMillis, rate(checked.get(), elapsedMillis),
                    cause == null ? "unknown" : cause.getClass().getSimpleName() + ": " + cause.getMessage());
        }

        private long elapsedMillis() {
            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
        }

        private static long rate(long events, long elapsedMillis) {
            return elapsedMillis <= 0 ? 0 : events * 1000 / elapsedMillis;
        }
    }
}
