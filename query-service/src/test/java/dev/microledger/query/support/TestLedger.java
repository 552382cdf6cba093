package dev.microledger.query.support;

import dev.microledger.events.AccountBudgetSet;
import dev.microledger.events.AccountEntry;
import dev.microledger.events.AccountFeesSet;
import dev.microledger.events.BillIssued;
import dev.microledger.events.BillPaid;
import dev.microledger.events.SettlementMade;
import dev.microledger.events.AccountLimitsSet;
import dev.microledger.events.AccountStatusChanged;
import dev.microledger.events.HoldPlaced;
import dev.microledger.events.HoldReleased;
import dev.microledger.events.PaymentDeclined;
import dev.microledger.events.AccountOpened;
import dev.microledger.events.DecimalAmounts;
import dev.microledger.events.LedgerEvent;
import dev.microledger.events.LedgerEventData;
import dev.microledger.events.LedgerEventTypes;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A tiny stand-in for the ledger-service in tests: it keeps each account's sequence and balance
 * and emits the events the real ledger would, so tests state transfers and get consistent
 * events (sequence, balanceAfter) for free. Not thread-safe.
 */
public final class TestLedger {

    public static final String SOURCE = "/micro-ledger/test-ledger";

    private final Map<String, Account> accounts = new HashMap<>();
    private Instant clock = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    /** Opens an account; its AccountOpened event has sequence 0. */
    public LedgerEvent open(String accountId, String kind, String currency, int scale, String creditLimit) {
        if (accounts.containsKey(accountId)) {
            throw new IllegalStateException("account " + accountId + " is open already");
        }
        accounts.put(accountId, new Account(currency, scale));
        return event(LedgerEventTypes.ACCOUNT_OPENED,
                new AccountOpened(accountId, 0, currency, scale, kind, creditLimit));
    }

    /** Both entries of a transfer, debit first, with the balances they leave behind. */
    public List<LedgerEvent> transfer(String transferId, String debitAccountId, String creditAccountId, String amount,
                                      String category) {
        Account debit = account(debitAccountId);
        Account credit = account(creditAccountId);
        long amountMinor = DecimalAmounts.parse(amount, debit.scale);
        debit.balanceMinor = Math.subtractExact(debit.balanceMinor, amountMinor);
        credit.balanceMinor = Math.addExact(credit.balanceMinor, amountMinor);
        debit.version++;
        credit.version++;
        LedgerEvent debitEvent = event(LedgerEventTypes.ACCOUNT_DEBITED, new AccountEntry(debitAccountId, debit.version,
                AccountEntry.Direction.DEBIT, transferId, creditAccountId, amount, debit.currency, debit.scale, category,
                "Transfer " + transferId, DecimalAmounts.format(debit.balanceMinor, debit.scale)));
        LedgerEvent creditEvent = event(LedgerEventTypes.ACCOUNT_CREDITED, new AccountEntry(creditAccountId,
                credit.version, AccountEntry.Direction.CREDIT, transferId, debitAccountId, amount, credit.currency,
                credit.scale, category, "Transfer " + transferId, DecimalAmounts.format(credit.balanceMinor, credit.scale)));
        return List.of(debitEvent, creditEvent);
    }

    /**
     * Makes the next event happen at {@code time}; the ones after it follow a millisecond apart.
     * For tests whose numbers depend on calendar days.
     */
    public TestLedger at(Instant time) {
        clock = time.minusMillis(1);
        return this;
    }

    /** The account's spending limits were replaced; null amounts are no limit. */
    public LedgerEvent limits(String accountId, String perTransfer, String daily, String monthly,
                              Integer perMinuteCount, String timezone) {
        Account account = account(accountId);
        account.version++;
        return event(LedgerEventTypes.ACCOUNT_LIMITS_SET, new AccountLimitsSet(accountId, account.version, perTransfer,
                daily, monthly, perMinuteCount, timezone));
    }

    /** The account's monthly budget was set, with its alert thresholds (shares such as "0.8"). */
    public LedgerEvent budget(String accountId, String monthly, String... alertThresholds) {
        Account account = account(accountId);
        account.version++;
        return event(LedgerEventTypes.ACCOUNT_BUDGET_SET, new AccountBudgetSet(accountId, account.version, monthly,
                Arrays.stream(alertThresholds).map(BigDecimal::new).toList()));
    }

    /** The account's status changed to {@code status}. */
    public LedgerEvent statusChanged(String accountId, String status) {
        Account account = account(accountId);
        account.version++;
        return event(LedgerEventTypes.ACCOUNT_STATUS_CHANGED, new AccountStatusChanged(accountId, account.version,
                status));
    }

    /** A payment from the account was declined. */
    public LedgerEvent declined(String accountId, String transferId, String counterparty, String amount,
                                String reason, String limit, String layer) {
        Account account = account(accountId);
        account.version++;
        return event(LedgerEventTypes.PAYMENT_DECLINED, new PaymentDeclined(accountId, account.version, transferId,
                counterparty, amount, account.currency, account.scale, "games", reason, limit, layer));
    }

    /** A hold placed on the paying account. */
    public LedgerEvent hold(String transferId, String debitAccountId, String creditAccountId, String amount) {
        Account debit = account(debitAccountId);
        debit.version++;
        return event(LedgerEventTypes.HOLD_PLACED, new HoldPlaced(debitAccountId, debit.version, transferId,
                creditAccountId, amount, debit.currency, debit.scale, "games", "Item", clock.plusSeconds(300)));
    }

    /** A hold ended without moving money (voided or expired). */
    public LedgerEvent release(String transferId, String debitAccountId, String amount, String reason) {
        Account debit = account(debitAccountId);
        debit.version++;
        return event(LedgerEventTypes.HOLD_RELEASED, new HoldReleased(debitAccountId, debit.version, transferId,
                amount, "0", debit.currency, debit.scale, reason));
    }

    /** A hold posted for {@code posted} of its {@code amount}: the release and both entries. */
    public List<LedgerEvent> postHold(String transferId, String debitAccountId, String creditAccountId, String amount,
                                      String posted) {
        Account debit = account(debitAccountId);
        debit.version++;
        LedgerEvent released = event(LedgerEventTypes.HOLD_RELEASED, new HoldReleased(debitAccountId, debit.version,
                transferId, amount, posted, debit.currency, debit.scale, "POSTED"));
        List<LedgerEvent> events = new java.util.ArrayList<>();
        events.add(released);
        events.addAll(entries(transferId, debitAccountId, creditAccountId, posted, "games", AccountEntry.Kind.HOLD_CAPTURE,
                null));
        return events;
    }

    /** Both entries of a refund: from the original payee back to the original payer. */
    public List<LedgerEvent> refund(String refundId, String refundedTransferId, String payeeAccountId,
                                    String payerAccountId, String amount) {
        return entries(refundId, payeeAccountId, payerAccountId, amount, "games", AccountEntry.Kind.REFUND,
                refundedTransferId);
    }

    /** Both entries of a fee leg of the payment {@code transferId}: from the merchant to the revenue account. */
    public List<LedgerEvent> fee(String transferId, String merchantAccountId, String revenueAccountId, String amount) {
        return entries(transferId, merchantAccountId, revenueAccountId, amount, "news", AccountEntry.Kind.FEE, null);
    }

    /** Entries of another kind (bill payments, settlements). */
    public List<LedgerEvent> movement(String transferId, String debitAccountId, String creditAccountId, String amount,
                                      AccountEntry.Kind kind) {
        return entries(transferId, debitAccountId, creditAccountId, amount, kind.name().toLowerCase(), kind, null);
    }

    public LedgerEvent feesSet(String merchantAccountId, String rate, String revenueAccountId) {
        Account account = account(merchantAccountId);
        account.version++;
        return event(LedgerEventTypes.FEES_SET, new AccountFeesSet(merchantAccountId, account.version, rate, "0", "0",
                null, revenueAccountId));
    }

    public LedgerEvent billIssued(String accountId, String billId, Instant start, Instant end, String amountDue,
                                  long firstSequence, List<BillIssued.Line> lines) {
        Account account = account(accountId);
        account.version++;
        return event(LedgerEventTypes.BILL_ISSUED, new BillIssued(accountId, account.version, billId, start, end,
                amountDue, account.currency, account.scale, end.plus(java.time.Duration.ofDays(14)), firstSequence,
                account.version - 1, lines));
    }

    public LedgerEvent billPaid(String accountId, String billId, String paymentId, String amount, String amountPaid,
                                String status) {
        Account account = account(accountId);
        account.version++;
        return event(LedgerEventTypes.BILL_PAID, new BillPaid(accountId, account.version, billId, paymentId, amount,
                amountPaid, account.currency, account.scale, status));
    }

    public LedgerEvent settlementMade(String merchantAccountId, String settlementId, Instant cutoff, long count,
                                      String gross, String fees, String refunds, String net, String payoutAccountId) {
        Account account = account(merchantAccountId);
        account.version++;
        return event(LedgerEventTypes.SETTLEMENT_MADE, new SettlementMade(merchantAccountId, account.version,
                settlementId, cutoff, count, gross, fees, refunds, net, account.currency, account.scale,
                payoutAccountId));
    }

    private List<LedgerEvent> entries(String transferId, String debitAccountId, String creditAccountId, String amount,
                                      String category, AccountEntry.Kind kind, String refundOf) {
        Account debit = account(debitAccountId);
        Account credit = account(creditAccountId);
        long amountMinor = DecimalAmounts.parse(amount, debit.scale);
        debit.balanceMinor = Math.subtractExact(debit.balanceMinor, amountMinor);
        credit.balanceMinor = Math.addExact(credit.balanceMinor, amountMinor);
        debit.version++;
        credit.version++;
        return List.of(
                event(LedgerEventTypes.ACCOUNT_DEBITED, new AccountEntry(debitAccountId, debit.version,
                        AccountEntry.Direction.DEBIT, transferId, creditAccountId, amount, debit.currency, debit.scale,
                        category, null, DecimalAmounts.format(debit.balanceMinor, debit.scale), kind, refundOf)),
                event(LedgerEventTypes.ACCOUNT_CREDITED, new AccountEntry(creditAccountId, credit.version,
                        AccountEntry.Direction.CREDIT, transferId, debitAccountId, amount, credit.currency, credit.scale,
                        category, null, DecimalAmounts.format(credit.balanceMinor, credit.scale), kind, refundOf)));
    }

    /**
     * An event of a type the contract does not know yet, as JSON, advancing the account's
     * sequence; the codec cannot encode such an event, so it is written by hand.
     */
    public byte[] unknownEventJson(String accountId, String type) {
        Account account = account(accountId);
        account.version++;
        clock = clock.plusMillis(1);
        String json = "{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID() + "\",\"source\":\"" + SOURCE
                + "\",\"type\":\"" + type + "\",\"subject\":\"" + accountId + "\",\"time\":\"" + clock
                + "\",\"datacontenttype\":\"application/json\",\"data\":{\"accountId\":\"" + accountId
                + "\",\"sequence\":" + account.version + ",\"reason\":\"test\"}}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    public long version(String accountId) {
        return account(accountId).version;
    }

    public long balanceMinor(String accountId) {
        return account(accountId).balanceMinor;
    }

    public String balance(String accountId) {
        Account account = account(accountId);
        return DecimalAmounts.format(account.balanceMinor, account.scale);
    }

    private Account account(String accountId) {
        Account account = accounts.get(accountId);
        if (account == null) {
            throw new IllegalStateException("no account " + accountId);
        }
        return account;
    }

    private LedgerEvent event(String type, LedgerEventData data) {
        // Distinct, increasing times make the projection's timestamps easy to tell apart.
        clock = clock.plusMillis(1);
        return new LedgerEvent(UUID.randomUUID().toString(), SOURCE, type, clock, data);
    }

    private static final class Account {
        final String currency;
        final int scale;
        long balanceMinor;
        long version;

        Account(String currency, int scale) {
            this.currency = currency;
            this.scale = scale;
        }
    }
}
