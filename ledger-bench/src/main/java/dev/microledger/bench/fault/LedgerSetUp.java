package dev.microledger.bench.fault;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens the run's accounts and funds its payers, each request sent again until it is answered
 * for good. Two payers get 3 USD only and one is postpaid with a credit limit of 5 USD and
 * nothing on it: they run into their floor within seconds, so the load keeps testing that no
 * crash lets a payment take them under it.
 */
final class LedgerSetUp {

    static final String FUNDING = "funding";
    /** payer-1 and payer-2 with 3 USD, payer-3 postpaid with nothing on it. */
    static final int NEAR_FLOOR_PAYERS = 3;
    static final long TOP_UP_MINOR = 100_000L * 1_000_000L;
    static final long TIGHT_TOP_UP_MINOR = 3L * 1_000_000L;
    static final long POSTPAID_CREDIT_LIMIT_MINOR = 5L * 1_000_000L;

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration ANSWER_TIMEOUT = Duration.ofMinutes(2);

    private final FaultHttp http;
    private final URI ledgerUrl;
    private final TransferBook book;

    LedgerSetUp(FaultHttp http, URI ledgerUrl, TransferBook book) {
        this.http = http;
        this.ledgerUrl = ledgerUrl;
        this.book = book;
    }

    /** The paying accounts, payer-1 to payer-N, the first two near their floor and the third postpaid. */
    static List<String> payers(int count) {
        List<String> payers = new ArrayList<>(count);
        for (int index = 1; index <= count; index++) {
            payers.add("payer-" + index);
        }
        return payers;
    }

    static List<String> merchants(int count) {
        List<String> merchants = new ArrayList<>(count);
        for (int index = 1; index <= count; index++) {
            merchants.add("merchant-" + index);
        }
        return merchants;
    }

    void run(List<String> payers, List<String> merchants) throws InterruptedException {
        open(new TransferBook.Account(FUNDING, "SYSTEM", 0));
        open(new TransferBook.Account(KillAndRecover.PROBE_PAYER, "USER", 0));
        open(new TransferBook.Account(KillAndRecover.PROBE_PAYEE, "MERCHANT", 0));
        for (int index = 0; index < payers.size(); index++) {
            open(new TransferBook.Account(payers.get(index), "USER", index == 2 ? POSTPAID_CREDIT_LIMIT_MINOR : 0));
        }
        for (String merchant : merchants) {
            open(new TransferBook.Account(merchant, "MERCHANT", 0));
        }
        topUp(KillAndRecover.PROBE_PAYER, TOP_UP_MINOR);
        for (int index = 0; index < payers.size(); index++) {
            if (index < 2) {
                topUp(payers.get(index), TIGHT_TOP_UP_MINOR);
            } else if (index > 2) {
                topUp(payers.get(index), TOP_UP_MINOR);
            }
        }
    }

    private void open(TransferBook.Account account) throws InterruptedException {
        String body = "{\"currency\":\"" + TransferBook.CURRENCY + "\",\"kind\":\"" + account.kind() + "\",\"creditLimit\":\""
                + TransferBook.amountText(account.creditLimitMinor()) + "\"}";
        FaultHttp.Reply reply = untilAnswered(() -> http.put(ledgerUrl, "/accounts/" + account.accountId(), body, TIMEOUT));
        if (reply.status() != 201 && reply.status() != 200) {
            throw new IllegalStateException("opening " + account.accountId() + " failed: " + reply.describe());
        }
        book.open(account);
    }

    private void topUp(String accountId, long amountMinor) throws InterruptedException {
        TransferBook.Transfer transfer = new TransferBook.Transfer("top-up-" + accountId, FUNDING, accountId, amountMinor);
        FaultHttp.Reply reply = untilAnswered(() -> http.post(ledgerUrl, "/transfers", transfer.json(), TIMEOUT));
        if (reply.status() != 201 && reply.status() != 200) {
            throw new IllegalStateException("funding " + accountId + " failed: " + reply.describe());
        }
        book.posted(transfer, PaymentClient.versions(reply.json()));
    }

    private FaultHttp.Reply untilAnswered(Request request) throws InterruptedException {
        long deadline = System.nanoTime() + ANSWER_TIMEOUT.toNanos();
        FaultHttp.Reply reply = request.send();
        while (!PaymentClient.isDefinite(reply.status()) && System.nanoTime() - deadline < 0) {
            Thread.sleep(200);
            reply = request.send();
        }
        return reply;
    }

    @FunctionalInterface
    private interface Request {
        FaultHttp.Reply send() throws InterruptedException;
    }
}
