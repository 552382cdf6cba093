package dev.microledger.launcher.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.microledger.launcher.demo.DemoPlan.Account;
import dev.microledger.launcher.demo.DemoPlan.BillLine;
import dev.microledger.launcher.demo.DemoPlan.ExpectedBill;
import dev.microledger.launcher.demo.DemoPlan.ExpectedSettlement;
import dev.microledger.launcher.demo.DemoPlan.Transfer;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where a seeding differed from its plan: each answer the plan expects something of is compared
 * with the plan's model of the ledger, and so is every account's balance at the end. The first few
 * differences are kept in words, all of them counted.
 */
final class PlanCheck {

    private static final int MISMATCHES_KEPT_MAX = 10;

    private final List<String> mismatches = new ArrayList<>();
    private int mismatchCount;

    List<String> mismatches() {
        return List.copyOf(mismatches);
    }

    int mismatchCount() {
        return mismatchCount;
    }

    void mismatch(String what) {
        mismatchCount++;
        if (mismatches.size() < MISMATCHES_KEPT_MAX) {
            mismatches.add(what);
        }
    }

    /** A transfer's result in a batch's answer; returns its outcome, the status or the rejection's code. */
    String transfer(Transfer transfer, JsonNode result) {
        String status = result.path("status").asText();
        String actual = status.equals("REJECTED") ? result.path("code").asText() : status;
        String expected = transfer.expected().isDecline() ? transfer.expected().code() : transfer.expected().status();
        if (!actual.equals(expected)) {
            mismatch(transfer.transferId() + ": expected " + expected + ", got " + actual
                    + (result.hasNonNull("detail") ? " (" + result.path("detail").asText() + ")" : ""));
        }
        return actual;
    }

    void amount(String what, long expectedMinor, long actualMinor) {
        if (expectedMinor != actualMinor) {
            mismatch(what + ": expected " + expectedMinor + " minor units, got " + actualMinor);
        }
    }

    void bill(String accountId, ExpectedBill expected, JsonNode bill) {
        String wanted = describe(expected);
        String seen = describe(bill, expected.currency());
        if (!wanted.equals(seen)) {
            mismatch("the bill of " + accountId + ": expected " + wanted + ", got " + seen);
        }
    }

    /** A settlement's answer; returns what it paid out in minor units, 0 when it made none. */
    long settlement(String what, ExpectedSettlement expected, JsonNode made, String currency) {
        if (made.path("settlementId").isNull()) {
            if (expected != null) {
                mismatch(what + ": expected " + expected + ", got none");
            }
            return 0;
        }
        ExpectedSettlement seen = new ExpectedSettlement(made.path("count").asLong(), minor(made.path("gross"), currency),
                minor(made.path("fees"), currency), minor(made.path("refunds"), currency), minor(made.path("net"), currency));
        if (!seen.equals(expected)) {
            mismatch(what + ": expected " + expected + ", got " + seen);
        }
        return seen.netMinor();
    }

    /** Every account's balance as query-service shows it against the one the plan ends with. */
    void balances(DemoPlan plan, Map<String, String> balances) {
        for (Account account : plan.accounts()) {
            amount("the balance of " + account.accountId(), plan.closingBalancesMinor().get(account.accountId()),
                    minor(balances.get(account.accountId()), account.currency()));
        }
    }

    /** An amount of an answer in minor units; an absent one is 0. */
    static long minor(JsonNode amount, String currency) {
        if (amount.isMissingNode() || amount.isNull()) {
            return 0;
        }
        return minor(amount.asText(), currency);
    }

    static long minor(String amount, String currency) {
        return new BigDecimal(amount).movePointRight(DemoPlan.scale(currency)).longValueExact();
    }

    /** A bill in one line, to compare the plan's with the ledger's. */
    private static String describe(ExpectedBill bill) {
        StringBuilder text = new StringBuilder().append(bill.periodStart()).append(" to ").append(bill.periodEnd())
                .append(", due ").append(bill.dueAt()).append(": ").append(bill.amountDueMinor());
        for (BillLine line : bill.lines()) {
            text.append("; ").append(line.merchantAccountId()).append('/').append(line.category()).append(' ')
                    .append(line.count()).append(" for ").append(line.totalMinor());
        }
        return text.toString();
    }

    private static String describe(JsonNode bill, String currency) {
        List<BillLine> lines = new ArrayList<>();
        for (JsonNode line : bill.path("lines")) {
            lines.add(new BillLine(line.path("merchantAccountId").asText(),
                    line.path("category").isNull() ? null : line.path("category").asText(), line.path("count").asLong(),
                    minor(line.path("total"), currency)));
        }
        return describe(new ExpectedBill(Instant.parse(bill.path("periodStart").asText()),
                Instant.parse(bill.path("periodEnd").asText()), minor(bill.path("amountDue"), currency), currency,
                Instant.parse(bill.path("dueAt").asText()), lines));
    }
}
