package dev.microledger.launcher.demo;

import dev.microledger.events.FeeRule;
import dev.microledger.launcher.demo.DemoPlan.Account;
import dev.microledger.launcher.demo.DemoPlan.Expected;
import dev.microledger.launcher.demo.DemoPlan.ExpectedBill;
import dev.microledger.launcher.demo.DemoPlan.ExpectedSettlement;
import dev.microledger.launcher.demo.DemoPlan.SetFees;
import dev.microledger.launcher.demo.DemoPlanner.Limits;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The planner's model of the ledger's rules, enough to know what each planned command will get:
 * balances and holds with the balance floor, frozen accounts, spending limits over calendar days
 * and months in the limits' time zone, checked in the ledger's order (state, funds, an overdue
 * bill, limits); merchants' fee schedules and the fees refunds give back ({@link FeeRule}, the
 * ledger's own rule); postpaid accounts' billing periods and bills ({@link BillingModel}); and what
 * merchants have not been paid out yet ({@link SettlementModel}). It follows docs/DECISIONS.md; a
 * seeding compares the ledger's answers and the balances it ends with against it.
 */
final class LedgerModel {

    private final Map<String, ModelAccount> accounts = new HashMap<>();

    void open(Account account) {
        accounts.put(account.accountId(), new ModelAccount(account.accountId(), account.currency(), account.kind(),
                account.creditLimitMinor()));
    }

    ModelAccount account(String accountId) {
        ModelAccount account = accounts.get(accountId);
        if (account == null) {
            throw new IllegalArgumentException("the plan has no account " + accountId);
        }
        return account;
    }

    /** Every account's balance, by account id. */
    Map<String, Long> balances() {
        Map<String, Long> balances = new TreeMap<>();
        accounts.forEach((accountId, account) -> balances.put(accountId, account.balance));
        return balances;
    }

    /** A merchant's fee schedule, binding from its next payment. */
    void setFees(SetFees fees) {
        ModelAccount merchant = account(fees.merchantAccountId());
        ModelAccount revenue = account(fees.revenueAccountId());
        if (!merchant.kind.equals("MERCHANT") || !revenue.kind.equals("SYSTEM") || !revenue.currency.equals(merchant.currency)) {
            throw new IllegalArgumentException("fees go from a MERCHANT to a SYSTEM account of its currency: " + fees);
        }
        merchant.fees = fees;
    }

    /**
     * A payment from {@code payer} to {@code payee}, applied when the ledger would post it; the
     * payee's fee schedule, if any, takes its fee.
     */
    Expected pay(String payer, String payee, long amountMinor, String category, Instant at) {
        ModelAccount from = account(payer);
        ModelAccount to = account(payee);
        long fee = feeOf(from, to, amountMinor);
        String refusal = refusal(from, to, amountMinor, at);
        if (refusal == null && fee > 0 && account(to.fees.revenueAccountId()).frozen) {
            refusal = "account_frozen";
        }
        if (refusal != null) {
            return Expected.rejected(refusal);
        }
        from.balance = Math.subtractExact(from.balance, amountMinor);
        to.balance = Math.addExact(to.balance, amountMinor);
        from.spend(amountMinor, at);
        received(from, to, amountMinor, fee, category, at);
        return Expected.posted(fee);
    }

    /** A hold: the amount is reserved on the payer and counts against its limits at once. */
    Expected hold(String payer, String payee, long amountMinor, Instant at) {
        ModelAccount from = account(payer);
        String refusal = refusal(from, account(payee), amountMinor, at);
        if (refusal != null) {
            return Expected.rejected(refusal);
        }
        from.held = Math.addExact(from.held, amountMinor);
        from.spend(amountMinor, at);
        return Expected.PENDING;
    }

    /**
     * Ends a hold by posting {@code postedMinor} of it (0 for a void). The part not posted is given
     * back to the limits when the hold's day (and month) is still the current one. Returns the fee
     * the payee's schedule takes from what is posted.
     */
    long endHold(String payer, String payee, long heldMinor, long postedMinor, String category, Instant heldAt, Instant at) {
        ModelAccount from = account(payer);
        ModelAccount to = account(payee);
        from.held = Math.subtractExact(from.held, heldMinor);
        from.giveBack(heldMinor - postedMinor, heldAt, at);
        if (postedMinor == 0) {
            return 0;
        }
        long fee = feeOf(from, to, postedMinor);
        from.balance = Math.subtractExact(from.balance, postedMinor);
        to.balance = Math.addExact(to.balance, postedMinor);
        received(from, to, postedMinor, fee, category, at);
        return fee;
    }

    /**
     * A refund of {@code amountMinor} of a payment of {@code movedMinor} that paid {@code feeMinor}
     * and had {@code refundedBeforeMinor} refunded already, from the payee back to the payer. The
     * fee comes back in proportion; returns that part, or empty when the ledger would refuse.
     */
    OptionalLong refund(String payee, String payer, long amountMinor, long movedMinor, long feeMinor,
                        long refundedBeforeMinor, String category, Instant at) {
        ModelAccount from = account(payee);
        ModelAccount to = account(payer);
        long feeReturned = feeMinor == 0 ? 0 : FeeRule.returnedMinor(feeMinor, movedMinor, refundedBeforeMinor, amountMinor);
        ModelAccount revenue = feeReturned == 0 ? null : account(from.fees.revenueAccountId());
        // The merchant pays the refund after its fee came back: what it sends is the refund less that.
        long sent = amountMinor - feeReturned;
        if (from.frozen || to.frozen || (revenue != null && revenue.frozen)
                || (from.hasFloor() && from.available() - sent < 0)) {
            return OptionalLong.empty();
        }
        if (revenue != null) {
            revenue.balance = Math.subtractExact(revenue.balance, feeReturned);
        }
        from.balance = Math.subtractExact(from.balance, sent);
        to.balance = Math.addExact(to.balance, amountMinor);
        if (from.settlement != null) {
            from.settlement.refunded(amountMinor, feeReturned, at);
        }
        if (to.billing != null) {
            to.billing.add(payee, category, 0, -amountMinor, at, to.limits.zone());
        }
        return OptionalLong.of(feeReturned);
    }

    /** Closes the postpaid account's billing periods now, the current one too; returns the bills issued. */
    List<ExpectedBill> closeBillingPeriods(String accountId, Instant now) {
        ModelAccount account = account(accountId);
        if (account.billing == null) {
            throw new IllegalArgumentException(accountId + " is not postpaid");
        }
        return account.billing.closeAll(now);
    }

    /** What is outstanding on the account's bill of the period starting at {@code periodStart}. */
    long outstanding(String accountId, Instant periodStart) {
        return account(accountId).billing.outstanding(periodStart);
    }

    /** A bill payment: from {@code payer} (a SYSTEM account outside the bill) to the billed account. */
    void payBill(String accountId, Instant periodStart, String payer, long amountMinor) {
        ModelAccount billed = account(accountId);
        ModelAccount from = account(payer);
        if (from.frozen || billed.frozen || (from.hasFloor() && from.available() - amountMinor < 0)) {
            throw new IllegalStateException("the ledger would refuse the payment of " + accountId + "'s bill from " + payer);
        }
        billed.billing.pay(periodStart, amountMinor);
        from.balance = Math.subtractExact(from.balance, amountMinor);
        billed.balance = Math.addExact(billed.balance, amountMinor);
    }

    /** Pays the merchant out up to {@code cutoff} into {@code payoutAccountId}; null when nothing is due. */
    ExpectedSettlement settle(String merchantAccountId, String payoutAccountId, Instant cutoff) {
        ModelAccount merchant = account(merchantAccountId);
        ModelAccount payout = account(payoutAccountId);
        if (merchant.settlement == null || !payout.kind.equals("SYSTEM") || !payout.currency.equals(merchant.currency)) {
            throw new IllegalArgumentException("a MERCHANT is paid out to a SYSTEM account of its currency");
        }
        ExpectedSettlement due = merchant.settlement.due(cutoff, merchant.balance - merchant.held);
        if (due == null) {
            return null;
        }
        if (merchant.frozen || payout.frozen) {
            throw new IllegalStateException("the ledger would refuse to pay " + merchantAccountId + " out");
        }
        merchant.balance = Math.subtractExact(merchant.balance, due.netMinor());
        payout.balance = Math.addExact(payout.balance, due.netMinor());
        merchant.settlement.settled(cutoff);
        return due;
    }

    /** The fee of a payment: only a payment to a merchant with a schedule, from anyone but a SYSTEM account, pays one. */
    private long feeOf(ModelAccount from, ModelAccount to, long amountMinor) {
        SetFees fees = to.fees;
        if (fees == null || from.kind.equals("SYSTEM")) {
            return 0;
        }
        return FeeRule.feeMinor(amountMinor, fees.rate(), fees.fixedMinor(), fees.minimumMinor(), fees.maximumMinor());
    }

    /** What follows a payment once it is posted: its fee, the payee's unsettled money, the payer's bill. */
    private void received(ModelAccount from, ModelAccount to, long amountMinor, long feeMinor, String category, Instant at) {
        if (feeMinor > 0) {
            ModelAccount revenue = account(to.fees.revenueAccountId());
            to.balance = Math.subtractExact(to.balance, feeMinor);
            revenue.balance = Math.addExact(revenue.balance, feeMinor);
        }
        if (to.settlement != null) {
            to.settlement.received(amountMinor, feeMinor, at);
        }
        if (from.billing != null) {
            from.billing.add(to.accountId, category, 1, amountMinor, at, from.limits.zone());
        }
    }

    private static String refusal(ModelAccount from, ModelAccount to, long amountMinor, Instant at) {
        if (from.frozen || to.frozen) {
            return "account_frozen";
        }
        if (from.hasFloor() && from.available() - amountMinor < 0) {
            return "insufficient_funds";
        }
        if (from.billing != null && from.billing.overdueAt(at)) {
            return "bill_overdue";
        }
        if (from.exceedsLimits(amountMinor, at)) {
            return "limit_exceeded";
        }
        return null;
    }

    static final class ModelAccount {
        final String accountId;
        final String currency;
        final String kind;
        final long creditLimit;
        long balance;
        long held;
        boolean frozen;
        Limits limits = Limits.NONE;
        /** A merchant's fee schedule, or null. */
        SetFees fees;
        /** A postpaid account's billing, null for every other account. */
        final BillingModel billing;
        /** A merchant's money not paid out yet, null for every other account. */
        final SettlementModel settlement;
        private Map<LocalDate, Long> spentByDay = new HashMap<>();
        private Map<YearMonth, Long> spentByMonth = new HashMap<>();

        ModelAccount(String accountId, String currency, String kind, long creditLimit) {
            this.accountId = accountId;
            this.currency = currency;
            this.kind = kind;
            this.creditLimit = kind.equals("SYSTEM") ? 0 : creditLimit;
            this.billing = kind.equals("USER") && this.creditLimit > 0 ? new BillingModel(currency) : null;
            this.settlement = kind.equals("MERCHANT") ? new SettlementModel() : null;
        }

        boolean hasFloor() {
            return !kind.equals("SYSTEM");
        }

        /** What the account can still pay: balance less holds plus the credit limit. */
        long available() {
            return balance - held + creditLimit;
        }

        boolean exceedsLimits(long amountMinor, Instant at) {
            if (limits.perTransferMinor() != null && amountMinor > limits.perTransferMinor()) {
                return true;
            }
            if (limits.dailyMinor() != null && spentOnDay(at) + amountMinor > limits.dailyMinor()) {
                return true;
            }
            if (limits.monthlyMinor() != null && spentInMonth(at) + amountMinor > limits.monthlyMinor()) {
                return true;
            }
            return kind.equals("USER") && currency.equals("KRW")
                    && spentInMonth(at) + amountMinor > DemoPlanner.KRW_SYSTEM_MONTHLY_CAP_MINOR;
        }

        long spentOnDay(Instant at) {
            return spentByDay.getOrDefault(day(at), 0L);
        }

        long spentInMonth(Instant at) {
            return spentByMonth.getOrDefault(YearMonth.from(day(at)), 0L);
        }

        void spend(long amountMinor, Instant at) {
            spentByDay.merge(day(at), amountMinor, Math::addExact);
            spentByMonth.merge(YearMonth.from(day(at)), amountMinor, Math::addExact);
        }

        void giveBack(long amountMinor, Instant spentAt, Instant at) {
            if (amountMinor == 0) {
                return;
            }
            if (day(spentAt).equals(day(at))) {
                spentByDay.merge(day(at), -amountMinor, Math::addExact);
            }
            if (YearMonth.from(day(spentAt)).equals(YearMonth.from(day(at)))) {
                spentByMonth.merge(YearMonth.from(day(at)), -amountMinor, Math::addExact);
            }
        }

        private LocalDate day(Instant at) {
            ZoneId zone = limits.zone();
            return at.atZone(zone).toLocalDate();
        }
    }
}
