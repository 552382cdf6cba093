package dev.microledger.launcher.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.microledger.launcher.demo.DemoPlan.Batch;
import dev.microledger.launcher.demo.DemoPlan.Freeze;
import dev.microledger.launcher.demo.DemoPlan.OpenAccount;
import dev.microledger.launcher.demo.DemoPlan.Operation;
import dev.microledger.launcher.demo.DemoPlan.PostHold;
import dev.microledger.launcher.demo.DemoPlan.Refund;
import dev.microledger.launcher.demo.DemoPlan.SetBudget;
import dev.microledger.launcher.demo.DemoPlan.SetLimits;
import dev.microledger.launcher.demo.DemoPlan.Step;
import dev.microledger.launcher.demo.DemoPlan.Transfer;
import dev.microledger.launcher.demo.DemoPlan.VoidHold;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Seeds a {@link DemoPlan} into a running system: for every step it sets ledger-service's demo
 * clock to the step's moment ({@code PUT /demo/clock}) and sends the step's commands, transfers
 * through the batch endpoint. Afterwards the clock follows the real time again, and the seeder
 * waits until query-service has projected every account's last version.
 *
 * <p>The clock can only be set back on a ledger without events, so a data directory that already
 * holds a ledger is left as it is ({@link Outcome#ALREADY_HAS_HISTORY}).
 */
public final class DemoSeeder {

    /** How long one request may take; a batch of a thousand transfers on a busy machine stays well below. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private static final long CATCH_UP_POLL_MILLIS = 200;
    private static final Set<String> RECORDED_DECLINES = Set.of("insufficient_funds", "limit_exceeded", "account_frozen");
    private static final int MISMATCHES_KEPT_MAX = 10;

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String ledgerUrl;
    private final String queryUrl;
    /** Every account's version after the last command that touched it, as the ledger answered. */
    private final Map<String, Long> versions = new TreeMap<>();
    private final String key;
    private final Map<String, String> outcomes = new HashMap<>();
    private final List<String> mismatches = new ArrayList<>();
    private int requests;

    /**
     * @param key a key with the roles treasury (top-ups), accounts, operator (the demo clock) and
     *     support (to wait for the projection)
     */
    public DemoSeeder(String ledgerUrl, String queryUrl, String key) {
        this.ledgerUrl = ledgerUrl;
        this.queryUrl = queryUrl;
        this.key = key;
    }

    public enum Outcome { SEEDED, ALREADY_HAS_HISTORY }

    /**
     * What a seeding did.
     *
     * @param outcome whether it seeded or found a ledger with history
     * @param report counts of what was seeded, null when nothing was
     * @param requests HTTP requests sent to ledger-service
     * @param mismatches transfers whose answer differed from the plan's expectation (at most ten shown)
     * @param mismatchCount how many differed in all
     * @param elapsed how long it took, the query side's catching up included
     */
    public record Result(Outcome outcome, DemoReport report, int requests, List<String> mismatches, int mismatchCount,
                         Duration elapsed) {
    }

    /**
     * Seeds the plan and waits for query-service.
     *
     * @param plan the plan
     * @param catchUpTimeout how long query-service may take to project the last events
     * @return what was done
     * @throws IllegalStateException when ledger-service refuses a command the plan did not expect it to refuse,
     *     runs without its demo clock, or query-service does not catch up in time
     */
    public Result seed(DemoPlan plan, Duration catchUpTimeout) throws InterruptedException {
        long startNanos = System.nanoTime();
        Answer first = send("PUT", "/demo/clock", clock(plan.start()));
        if (first.status() == 404) {
            throw new IllegalStateException("ledger-service at " + ledgerUrl + " runs without its demo clock;"
                    + " start it with --ledger.demo-clock.enabled=true (the launcher's --demo does)");
        }
        if ("clock_backwards".equals(first.body().path("code").asText())) {
            return new Result(Outcome.ALREADY_HAS_HISTORY, null, requests, List.of(), 0, elapsedSince(startNanos));
        }
        requireSuccess(first, "setting the demo clock");
        int mismatchCount = 0;
        try {
            Instant pinned = plan.start();
            for (Step step : plan.steps()) {
                if (!step.at().equals(pinned)) {
                    requireSuccess(send("PUT", "/demo/clock", clock(step.at())), "setting the demo clock");
                    pinned = step.at();
                }
                for (Operation operation : step.operations()) {
                    mismatchCount += carryOut(operation);
                }
            }
        } finally {
            send("DELETE", "/demo/clock", null);
        }
        awaitQuerySide(catchUpTimeout);
        return new Result(Outcome.SEEDED, DemoReport.of(plan, outcomes), requests, List.copyOf(mismatches), mismatchCount,
                elapsedSince(startNanos));
    }

    private int carryOut(Operation operation) throws InterruptedException {
        if (operation instanceof Batch batch) {
            return batch(batch);
        }
        Answer answer;
        String what;
        if (operation instanceof OpenAccount open) {
            ObjectNode body = json.createObjectNode().put("currency", open.account().currency())
                    .put("kind", open.account().kind())
                    .put("creditLimit", DemoPlan.decimal(open.account().creditLimitMinor(), open.account().currency()));
            what = "opening " + open.account().accountId();
            answer = send("PUT", "/accounts/" + open.account().accountId(), body);
        } else if (operation instanceof SetLimits limits) {
            ObjectNode body = json.createObjectNode().put("timezone", limits.timezone());
            putAmount(body, "perTransfer", limits.perTransferMinor(), limits.currency());
            putAmount(body, "daily", limits.dailyMinor(), limits.currency());
            putAmount(body, "monthly", limits.monthlyMinor(), limits.currency());
            what = "setting the limits of " + limits.accountId();
            answer = send("PUT", "/accounts/" + limits.accountId() + "/limits", body);
        } else if (operation instanceof SetBudget budget) {
            ObjectNode body = json.createObjectNode().put("monthly", DemoPlan.decimal(budget.monthlyMinor(), budget.currency()));
            ArrayNode thresholds = body.putArray("alertThresholds");
            budget.alertThresholds().forEach(threshold -> thresholds.add(new BigDecimal(threshold)));
            what = "setting the budget of " + budget.accountId();
            answer = send("PUT", "/accounts/" + budget.accountId() + "/budget", body);
        } else if (operation instanceof PostHold post) {
            ObjectNode body = json.createObjectNode();
            if (post.amountMinor() != null) {
                body.put("amount", DemoPlan.decimal(post.amountMinor(), post.currency()));
            }
            what = "posting hold " + post.transferId();
            answer = send("POST", "/transfers/" + post.transferId() + "/post", body);
        } else if (operation instanceof VoidHold voidHold) {
            what = "voiding hold " + voidHold.transferId();
            answer = send("POST", "/transfers/" + voidHold.transferId() + "/void", null);
        } else if (operation instanceof Refund refund) {
            ObjectNode body = json.createObjectNode().put("refundId", refund.refundId())
                    .put("amount", DemoPlan.decimal(refund.amountMinor(), refund.currency()));
            what = "refunding " + refund.transferId();
            answer = send("POST", "/transfers/" + refund.transferId() + "/refunds", body);
        } else if (operation instanceof Freeze freeze) {
            what = "freezing " + freeze.accountId();
            answer = send("POST", "/accounts/" + freeze.accountId() + "/freeze", null);
        } else {
            throw new IllegalStateException("no way to send " + operation);
        }
        requireSuccess(answer, what);
        absorbVersions(answer.body());
        return 0;
    }

    private int batch(Batch batch) throws InterruptedException {
        ObjectNode body = json.createObjectNode().put("atomic", batch.atomic());
        ArrayNode transfers = body.putArray("transfers");
        for (Transfer transfer : batch.transfers()) {
            ObjectNode item = transfers.addObject()
                    .put("transferId", transfer.transferId())
                    .put("debitAccountId", transfer.debitAccountId())
                    .put("creditAccountId", transfer.creditAccountId())
                    .put("amount", DemoPlan.decimal(transfer.amountMinor(), transfer.currency()))
                    .put("currency", transfer.currency())
                    .put("category", transfer.category())
                    .put("description", transfer.description());
            if (transfer.holdTimeoutSeconds() != null) {
                item.putObject("pending").put("timeoutSeconds", transfer.holdTimeoutSeconds());
            }
        }
        Answer answer = send("POST", "/transfers/batch", body);
        requireSuccess(answer, "sending a batch of " + batch.transfers().size() + " transfers");
        JsonNode results = answer.body().path("results");
        if (results.size() != batch.transfers().size()) {
            throw new IllegalStateException("a batch of " + batch.transfers().size() + " got " + results.size() + " results: " + answer);
        }
        int mismatchCount = 0;
        for (int index = 0; index < results.size(); index++) {
            Transfer transfer = batch.transfers().get(index);
            JsonNode result = results.get(index);
            String status = result.path("status").asText();
            String actual = status.equals("REJECTED") ? result.path("code").asText() : status;
            outcomes.put(transfer.transferId(), actual);
            String expected = transfer.expected().isDecline() ? transfer.expected().code() : transfer.expected().status();
            if (!actual.equals(expected)) {
                mismatchCount++;
                if (mismatches.size() < MISMATCHES_KEPT_MAX) {
                    mismatches.add(transfer.transferId() + ": expected " + expected + ", got " + actual
                            + (result.hasNonNull("detail") ? " (" + result.path("detail").asText() + ")" : ""));
                }
            }
            absorbVersions(result);
            if (!batch.atomic() && RECORDED_DECLINES.contains(actual)) {
                // A decline is a fact on the payer's stream: one version more, though the answer names none.
                versions.computeIfPresent(transfer.debitAccountId(), (account, version) -> version + 1);
            }
        }
        return mismatchCount;
    }

    private void absorbVersions(JsonNode answer) {
        answer.path("versions").fields().forEachRemaining(version ->
                versions.merge(version.getKey(), version.getValue().asLong(), Math::max));
        if (answer.hasNonNull("accountId") && answer.has("version")) {
            versions.merge(answer.path("accountId").asText(), answer.path("version").asLong(), Math::max);
        }
    }

    /** Reads every account with ?minVersion= until query-service has projected it. */
    private void awaitQuerySide(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Map.Entry<String, Long> account : versions.entrySet()) {
            String path = "/accounts/" + account.getKey() + "?minVersion=" + account.getValue();
            while (true) {
                int status = get(queryUrl + path);
                if (status == 200) {
                    break;
                }
                if (status != 503 || System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("query-service did not show account " + account.getKey() + " at version "
                            + account.getValue() + " within " + timeout.toSeconds() + " s (last answer HTTP " + status + ")");
                }
                Thread.sleep(CATCH_UP_POLL_MILLIS);
            }
        }
    }

    private ObjectNode clock(Instant at) {
        return json.createObjectNode().put("at", at.toString());
    }

    private void putAmount(ObjectNode body, String field, Long amountMinor, String currency) {
        if (amountMinor != null) {
            body.put(field, DemoPlan.decimal(amountMinor, currency));
        }
    }

    private static void requireSuccess(Answer answer, String what) {
        if (answer.status() >= 300) {
            throw new IllegalStateException("ledger-service answered HTTP " + answer.status() + " to " + what + ": "
                    + answer.body());
        }
    }

    private record Answer(int status, JsonNode body) {
    }

    private Answer send(String method, String path, JsonNode body) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(ledgerUrl + path))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + key)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        requests++;
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode answer = response.body().isBlank() ? json.createObjectNode() : json.readTree(response.body());
            return new Answer(response.statusCode(), answer);
        } catch (IOException exception) {
            throw new IllegalStateException(method + " " + ledgerUrl + path + " failed: " + exception.getMessage(), exception);
        }
    }

    private int get(String url) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + key).GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException exception) {
            throw new IllegalStateException("GET " + url + " failed: " + exception.getMessage(), exception);
        }
    }

    private static Duration elapsedSince(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
