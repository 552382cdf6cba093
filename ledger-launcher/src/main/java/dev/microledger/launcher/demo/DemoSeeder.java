package dev.microledger.launcher.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.microledger.launcher.demo.DemoPlan.Account;
import dev.microledger.launcher.demo.DemoPlan.Batch;
import dev.microledger.launcher.demo.DemoPlan.CloseBillingPeriod;
import dev.microledger.launcher.demo.DemoPlan.ExpectedBill;
import dev.microledger.launcher.demo.DemoPlan.Freeze;
import dev.microledger.launcher.demo.DemoPlan.OpenAccount;
import dev.microledger.launcher.demo.DemoPlan.Operation;
import dev.microledger.launcher.demo.DemoPlan.PayBill;
import dev.microledger.launcher.demo.DemoPlan.PostHold;
import dev.microledger.launcher.demo.DemoPlan.Refund;
import dev.microledger.launcher.demo.DemoPlan.SetBudget;
import dev.microledger.launcher.demo.DemoPlan.SetFees;
import dev.microledger.launcher.demo.DemoPlan.SetLimits;
import dev.microledger.launcher.demo.DemoPlan.Settle;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Seeds a {@link DemoPlan} into a running system: for every step it sets ledger-service's demo
 * clock to the step's moment ({@code PUT /demo/clock}) and sends the step's commands, transfers
 * through the batch endpoint. Afterwards the clock follows the real time again, and the seeder
 * waits until query-service has projected every account's last version. Every answer the plan
 * expects something of (a transfer's outcome, a fee, a bill, a settlement) and every account's
 * balance at the end is compared with the plan; what differs is reported as a mismatch.
 *
 * <p>The clock can only be set back on a ledger without events, so a data directory that already
 * holds a ledger is left as it is ({@link Outcome#ALREADY_HAS_HISTORY}).
 */
public final class DemoSeeder {

    /** How long one request may take; a batch of a thousand transfers on a busy machine stays well below. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private static final long CATCH_UP_POLL_MILLIS = 200;
    /** How long query-service may take to show a bill the ledger's billing job issued before the seeder asked. */
    private static final Duration BILL_LOOKUP_TIMEOUT = Duration.ofSeconds(30);

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String ledgerUrl;
    private final String queryUrl;
    /** Every account's version once the plan is in, as the ledger answered. */
    private final Map<String, Long> versions = new TreeMap<>();
    private final String key;
    private final Map<String, String> outcomes = new HashMap<>();
    /** The ids the ledger gave the bills, by account and period start. */
    private final Map<String, String> billIds = new HashMap<>();
    private final PlanCheck check = new PlanCheck();
    private int requests;
    private int billsIssued;
    private int billsPaid;
    private int settlements;
    private final Map<String, Long> paidOutMinor = new TreeMap<>();

    /**
     * @param key a key with the roles treasury (top-ups, bills, payouts), accounts, operator (the
     *     demo clock) and support (to wait for the projection)
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
     * @param mismatches answers and balances that differed from the plan's expectation (at most ten shown)
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
        try {
            Instant pinned = plan.start();
            for (Step step : plan.steps()) {
                if (!step.at().equals(pinned)) {
                    requireSuccess(send("PUT", "/demo/clock", clock(step.at())), "setting the demo clock");
                    pinned = step.at();
                }
                for (Operation operation : step.operations()) {
                    carryOut(operation);
                }
            }
        } finally {
            send("DELETE", "/demo/clock", null);
        }
        learnVersions(plan);
        Map<String, String> balances = awaitQuerySide(catchUpTimeout);
        check.balances(plan, balances);
        DemoReport.Economics economics = new DemoReport.Economics(billsIssued, billsPaid, settlements, paidOutMinor,
                balances.getOrDefault(DemoPlanner.PLATFORM_FEES, "0"));
        return new Result(Outcome.SEEDED, DemoReport.of(plan, outcomes, economics), requests, check.mismatches(),
                check.mismatchCount(), elapsedSince(startNanos));
    }

    private void carryOut(Operation operation) throws InterruptedException {
        if (operation instanceof Batch batch) {
            batch(batch);
            return;
        }
        if (operation instanceof CloseBillingPeriod close) {
            closeBillingPeriod(close);
            return;
        }
        if (operation instanceof PayBill pay) {
            payBill(pay);
            return;
        }
        if (operation instanceof Settle settle) {
            settle(settle);
            return;
        }
        Answer answer;
        String what;
        if (operation instanceof OpenAccount open) {
            what = "opening " + open.account().accountId();
            answer = send("PUT", "/accounts/" + open.account().accountId(), openBody(open.account()));
        } else if (operation instanceof SetLimits limits) {
            ObjectNode body = json.createObjectNode().put("timezone", limits.timezone());
            putAmount(body, "perTransfer", limits.perTransferMinor(), limits.currency());
            putAmount(body, "daily", limits.dailyMinor(), limits.currency());
            putAmount(body, "monthly", limits.monthlyMinor(), limits.currency());
            what = "setting the limits of " + limits.accountId();
            answer = send("PUT", "/accounts/" + limits.accountId() + "/limits", body);
        } else if (operation instanceof SetFees fees) {
            ObjectNode body = json.createObjectNode().put("rate", fees.rate().toPlainString())
                    .put("fixed", DemoPlan.decimal(fees.fixedMinor(), fees.currency()))
                    .put("minimum", DemoPlan.decimal(fees.minimumMinor(), fees.currency()))
                    .put("revenueAccountId", fees.revenueAccountId());
            putAmount(body, "maximum", fees.maximumMinor(), fees.currency());
            what = "setting the fee schedule of " + fees.merchantAccountId();
            answer = send("PUT", "/accounts/" + fees.merchantAccountId() + "/fees", body);
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
        // A fee is answered with the hold's posting and with a refund, not in a batch's results.
        if (operation instanceof PostHold post) {
            check.amount("the fee of hold " + post.transferId(), post.expectedFeeMinor(),
                    PlanCheck.minor(answer.body().path("fee"), post.currency()));
        } else if (operation instanceof Refund refund) {
            check.amount("the fee refund " + refund.refundId() + " gave back", refund.expectedFeeReturnedMinor(),
                    PlanCheck.minor(answer.body().path("fee"), refund.currency()));
        }
    }

    private void closeBillingPeriod(CloseBillingPeriod close) throws InterruptedException {
        Answer answer = send("POST", "/accounts/" + close.accountId() + "/bills", null);
        requireSuccess(answer, "closing the billing period of " + close.accountId());
        ExpectedBill expected = close.expected();
        JsonNode bill = answer.body();
        if (expected == null) {
            if (!bill.path("billId").isNull()) {
                check.mismatch("closing " + close.accountId() + "'s billing period: expected no bill, got " + bill);
            }
            return;
        }
        if (bill.path("billId").isNull()) {
            // The ledger's billing job closes ended periods by itself, and it may have been first.
            bill = issuedBill(close.accountId(), expected.periodStart());
        }
        billsIssued++;
        billIds.put(billKey(close.accountId(), expected.periodStart()), bill.path("billId").asText());
        check.bill(close.accountId(), expected, bill);
    }

    private void payBill(PayBill pay) throws InterruptedException {
        String billId = billIds.get(billKey(pay.accountId(), pay.periodStart()));
        if (billId == null) {
            check.mismatch("paying " + pay.accountId() + "'s bill of " + pay.periodStart() + ": the ledger issued none");
            return;
        }
        ObjectNode body = json.createObjectNode().put("paymentId", pay.paymentId())
                .put("debitAccountId", pay.debitAccountId()).put("amount", DemoPlan.decimal(pay.amountMinor(), pay.currency()));
        Answer answer = send("POST", "/bills/" + billId + "/payments", body);
        requireSuccess(answer, "paying bill " + billId);
        String status = answer.body().path("status").asText();
        if (status.equals("PAID")) {
            billsPaid++;
        } else {
            check.mismatch("bill " + billId + " after its payment: expected PAID, got " + status);
        }
    }

    private void settle(Settle settle) throws InterruptedException {
        ObjectNode body = json.createObjectNode().put("merchantAccountId", settle.merchantAccountId())
                .put("payoutAccountId", settle.payoutAccountId()).put("cutoff", settle.cutoff().toString());
        Answer answer = send("POST", "/settlements", body);
        requireSuccess(answer, "paying " + settle.merchantAccountId() + " out");
        long paidOut = check.settlement("the settlement of " + settle.merchantAccountId() + " up to " + settle.cutoff(),
                settle.expected(), answer.body(), settle.currency());
        if (paidOut > 0) {
            settlements++;
            paidOutMinor.merge(settle.currency(), paidOut, Math::addExact);
        }
    }

    /** The bill of the period starting at {@code periodStart} as query-service shows it, once it does. */
    private JsonNode issuedBill(String accountId, Instant periodStart) throws InterruptedException {
        long deadline = System.nanoTime() + BILL_LOOKUP_TIMEOUT.toNanos();
        while (System.nanoTime() - deadline < 0) {
            Answer answer = query("/accounts/" + accountId + "/bills");
            for (JsonNode bill : answer.body().path("bills")) {
                if (Instant.parse(bill.path("periodStart").asText()).equals(periodStart)) {
                    return bill;
                }
            }
            Thread.sleep(CATCH_UP_POLL_MILLIS);
        }
        throw new IllegalStateException("ledger-service issued no bill of " + accountId + " for the period from " + periodStart
                + ", and query-service shows none within " + BILL_LOOKUP_TIMEOUT.toSeconds() + " s");
    }

    private static String billKey(String accountId, Instant periodStart) {
        return accountId + "|" + periodStart;
    }

    private void batch(Batch batch) throws InterruptedException {
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
        for (int index = 0; index < results.size(); index++) {
            Transfer transfer = batch.transfers().get(index);
            outcomes.put(transfer.transferId(), check.transfer(transfer, results.get(index)));
        }
    }

    /**
     * Learns every account's version once the plan is in, to wait for query-service with. Not every
     * change names in its answer all the accounts it touched (a fee's revenue account, a decline, a
     * bill issued), so the answers fall short; ledger-service has no read of an account, but opening
     * it again with the same fields answers with the account as it is, version included, and
     * changes nothing.
     */
    private void learnVersions(DemoPlan plan) throws InterruptedException {
        for (Account account : plan.accounts()) {
            Answer answer = send("PUT", "/accounts/" + account.accountId(), openBody(account));
            requireSuccess(answer, "reading the version of " + account.accountId());
            versions.put(account.accountId(), answer.body().path("version").asLong());
        }
    }

    /**
     * Reads every account with ?minVersion= until query-service has projected it; returns each
     * account's balance as query-service shows it then.
     */
    private Map<String, String> awaitQuerySide(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, String> balances = new TreeMap<>();
        for (Map.Entry<String, Long> account : versions.entrySet()) {
            String path = "/accounts/" + account.getKey() + "?minVersion=" + account.getValue();
            while (true) {
                Answer answer = query(path);
                if (answer.status() == 200) {
                    balances.put(account.getKey(), answer.body().path("balance").asText());
                    break;
                }
                if (answer.status() != 503 || System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("query-service did not show account " + account.getKey() + " at version "
                            + account.getValue() + " within " + timeout.toSeconds() + " s (last answer HTTP "
                            + answer.status() + ")");
                }
                Thread.sleep(CATCH_UP_POLL_MILLIS);
            }
        }
        return balances;
    }

    private ObjectNode openBody(Account account) {
        ObjectNode body = json.createObjectNode().put("currency", account.currency()).put("kind", account.kind())
                .put("creditLimit", DemoPlan.decimal(account.creditLimitMinor(), account.currency()));
        if (account.displayName() != null) {
            body.putObject("metadata").put("displayName", account.displayName());
        }
        return body;
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

    private Answer query(String path) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(queryUrl + path)).timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json").header("Authorization", "Bearer " + key).GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode answer = response.statusCode() != 200 || response.body().isBlank() ? json.createObjectNode()
                    : json.readTree(response.body());
            return new Answer(response.statusCode(), answer);
        } catch (IOException exception) {
            throw new IllegalStateException("GET " + queryUrl + path + " failed: " + exception.getMessage(), exception);
        }
    }

    private static Duration elapsedSince(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
