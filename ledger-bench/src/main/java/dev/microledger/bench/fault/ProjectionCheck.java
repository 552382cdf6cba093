package dev.microledger.bench.fault;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads query-service through its HTTP API, as support staff and analysts do, and holds it
 * against what the clients were told: every acknowledged transfer must be one DEBIT entry on its
 * debit account and one CREDIT entry on its credit account, exactly once, with its amount; every
 * balance must be the sum of the acknowledged transfers, with nothing held; no entry may have left
 * a USER or MERCHANT account under its floor; and the trial balance must be zero.
 */
final class ProjectionCheck {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int PAGE_SIZE = 1000;
    /** Pages of one account's entries at most: a million entries, far above what a run makes. */
    private static final int PAGES_MAX = 1000;
    private static final int ATTEMPTS_MAX = 5;
    private static final int EXAMPLES_MAX = 5;

    /**
     * What query-service shows against the book.
     *
     * @param accounts          accounts read
     * @param entries           entries read, over all accounts
     * @param acknowledged      acknowledged transfers in the book
     * @param exactlyOnce       of them, with exactly one entry on each side
     * @param lost              acknowledged, with no entry on one side or both
     * @param duplicated        acknowledged, with more than one entry on a side
     * @param mismatched        entries of an acknowledged transfer on the wrong side or with another amount
     * @param unacknowledged    entries of transfers no client saw acknowledged (nor left unanswered)
     * @param underFloor        entries that left a USER or MERCHANT account under its floor, and balances under it
     * @param balanceMismatches accounts whose balance is not the sum of their acknowledged transfers, or that hold funds
     * @param trialBalance      the trial balance as query-service answered it
     * @param trialBalanceZero  whether every currency's sum of balances is zero
     * @param examples          a few of the problems
     * @param lostIds           the lost transfers' ids
     * @param duplicatedIds     the duplicated transfers' ids
     */
    record Result(int accounts, long entries, long acknowledged, long exactlyOnce, long lost, long duplicated, long mismatched,
                  long unacknowledged, long underFloor, long balanceMismatches, String trialBalance, boolean trialBalanceZero,
                  List<String> examples, @JsonIgnore Set<String> lostIds, @JsonIgnore Set<String> duplicatedIds) {

        boolean passed() {
            return lost == 0 && duplicated == 0 && mismatched == 0 && unacknowledged == 0 && underFloor == 0
                    && balanceMismatches == 0 && trialBalanceZero && exactlyOnce == acknowledged;
        }
    }

    private final FaultHttp http;
    private final URI queryUrl;
    private final TransferBook book;
    private final Map<String, int[]> sides = new HashMap<>();
    private final List<String> examples = new ArrayList<>();
    private long entries;
    private long mismatched;
    private long unacknowledged;
    private long underFloor;
    private long balanceMismatches;

    ProjectionCheck(FaultHttp http, URI queryUrl, TransferBook book) {
        this.http = http;
        this.queryUrl = queryUrl;
        this.book = book;
    }

    Result run() throws InterruptedException {
        Map<String, Long> expected = book.expectedBalances();
        for (TransferBook.Account account : book.accounts()) {
            checkBalance(account, expected.get(account.accountId()));
            readEntries(account);
        }
        long exactlyOnce = 0;
        Set<String> lost = new TreeSet<>();
        Set<String> duplicated = new TreeSet<>();
        for (String transferId : book.posted().keySet()) {
            int[] counts = sides.getOrDefault(transferId, new int[2]);
            if (counts[0] == 1 && counts[1] == 1) {
                exactlyOnce++;
                continue;
            }
            if (counts[0] == 0 || counts[1] == 0) {
                lost.add(transferId);
            }
            if (counts[0] > 1 || counts[1] > 1) {
                duplicated.add(transferId);
            }
            example("acknowledged " + transferId + " has " + counts[0] + " DEBIT and " + counts[1] + " CREDIT entries");
        }
        FaultHttp.Reply trial = getWithRetries("/analytics/trial-balance");
        boolean zero = trial.status() == 200 && trial.json() != null && trial.json().isArray() && !trial.json().isEmpty();
        if (zero) {
            for (JsonNode currency : trial.json()) {
                zero &= new BigDecimal(currency.path("sumOfBalances").asText("x")).signum() == 0;
            }
        }
        return new Result(book.accounts().size(), entries, book.postedCount(), exactlyOnce, lost.size(), duplicated.size(),
                mismatched, unacknowledged, underFloor, balanceMismatches, trial.describe(), zero, List.copyOf(examples),
                Set.copyOf(lost), Set.copyOf(duplicated));
    }

    private void checkBalance(TransferBook.Account account, long expectedMinor) throws InterruptedException {
        FaultHttp.Reply reply = getWithRetries("/accounts/" + encode(account.accountId()));
        JsonNode view = reply.status() == 200 ? reply.json() : null;
        if (view == null) {
            balanceMismatches++;
            example(account.accountId() + " could not be read: " + reply.describe());
            return;
        }
        long balance = TransferBook.amountMinor(view.path("balance").asText());
        long pending = TransferBook.amountMinor(view.path("pending").asText());
        if (balance != expectedMinor || pending != 0) {
            balanceMismatches++;
            example(account.accountId() + " shows balance " + view.path("balance").asText() + " and pending "
                    + view.path("pending").asText() + "; its acknowledged transfers make " + TransferBook.amountText(expectedMinor));
        }
        if (account.hasFloor() && balance < account.floorMinor()) {
            underFloor++;
            example(account.accountId() + " shows balance " + view.path("balance").asText() + ", under its floor");
        }
    }

    private void readEntries(TransferBook.Account account) throws InterruptedException {
        String cursor = null;
        for (int page = 0; page < PAGES_MAX; page++) {
            String path = "/accounts/" + encode(account.accountId()) + "/entries?limit=" + PAGE_SIZE
                    + (cursor == null ? "" : "&cursor=" + encode(cursor));
            FaultHttp.Reply reply = getWithRetries(path);
            JsonNode answer = reply.status() == 200 ? reply.json() : null;
            if (answer == null) {
                mismatched++;
                example("the entries of " + account.accountId() + " could not be read: " + reply.describe());
                return;
            }
            for (JsonNode entry : answer.path("entries")) {
                entry(account, entry);
            }
            cursor = answer.path("nextCursor").isTextual() ? answer.path("nextCursor").asText() : null;
            if (cursor == null) {
                return;
            }
        }
        example("the entries of " + account.accountId() + " go on beyond " + PAGES_MAX + " pages; the rest was not read");
    }

    private void entry(TransferBook.Account account, JsonNode entry) {
        entries++;
        String transferId = entry.path("transferId").asText();
        boolean debit = entry.path("direction").asText().equals("DEBIT");
        long amount = TransferBook.amountMinor(entry.path("amount").asText());
        if (account.hasFloor() && TransferBook.amountMinor(entry.path("balanceAfter").asText()) < account.floorMinor()) {
            underFloor++;
            example("entry of " + transferId + " left " + account.accountId() + " at " + entry.path("balanceAfter").asText());
        }
        TransferBook.Transfer transfer = book.postedTransfer(transferId);
        if (transfer == null) {
            if (!book.isUnresolved(transferId)) {
                unacknowledged++;
                example("entry of " + transferId + " on " + account.accountId() + ", a transfer no client saw acknowledged");
            }
            return;
        }
        String side = debit ? transfer.debitAccountId() : transfer.creditAccountId();
        if (!side.equals(account.accountId()) || amount != transfer.amountMinor()) {
            mismatched++;
            example("entry " + entry + " does not match the request " + transfer);
            return;
        }
        sides.computeIfAbsent(transferId, id -> new int[2])[debit ? 0 : 1]++;
    }

    /** A read that failed for want of an answer is asked again; the system is up, but a moment's hiccup is no finding. */
    private FaultHttp.Reply getWithRetries(String path) throws InterruptedException {
        FaultHttp.Reply reply = http.get(queryUrl, path, TIMEOUT);
        for (int attempt = 1; attempt < ATTEMPTS_MAX && (!reply.answered() || reply.status() >= 500); attempt++) {
            Thread.sleep(1000);
            reply = http.get(queryUrl, path, TIMEOUT);
        }
        return reply;
    }

    private void example(String text) {
        if (examples.size() < EXAMPLES_MAX) {
            examples.add(text);
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
