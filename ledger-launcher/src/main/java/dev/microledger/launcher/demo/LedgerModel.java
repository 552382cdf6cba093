package dev.microledger.launcher.demo;

import dev.microledger.launcher.demo.DemoPlan.Account;
import dev.microledger.launcher.demo.DemoPlan.Expected;
import dev.microledger.launcher.demo.DemoPlanner.Limits;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The planner's model of the ledger's rules, enough to know what each planned command will get:
 * balances and holds with the balance floor, frozen accounts, and spending limits over calendar
 * days and months in the limits' time zone, checked in the ledger's order (state, funds, limits).
 * It follows docs/DECISIONS.md; a seeding compares the ledger's answers with it.
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

    /** A payment from {@code payer} to {@code payee}, applied when the ledger would post it. */
    Expected pay(String payer, String payee, long amountMinor, Instant at) {
        ModelAccount from = account(payer);
        ModelAccount to = account(payee);
        String refusal = refusal(from, to, amountMinor, at);
        if (refusal != null) {
            return Expected.rejected(refusal);
        }
        from.balance = Math.subtractExact(from.balance, amountMinor);
        to.balance = Math.addExact(to.balance, amountMinor);
        from.spend(amountMinor, at);
        return Expected.POSTED;
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
     * back to the limits when the hold's day (and month) is still the current one.
     */
    void endHold(String payer, String payee, long heldMinor, long postedMinor, Instant heldAt, Instant at) {
        ModelAccount from = account(payer);
        from.held = Math.subtractExact(from.held, heldMinor);
        from.balance = Math.subtractExact(from.balance, postedMinor);
        account(payee).balance = Math.addExact(account(payee).balance, postedMinor);
        from.giveBack(heldMinor - postedMinor, heldAt, at);
    }

    /** Whether every leg of an atomic batch would be posted, checked in order as the ledger does. */
    boolean canPayAll(String payer, List<String> payees, List<Long> amountsMinor, Instant at) {
        ModelAccount trial = account(payer).copy();
        for (int index = 0; index < payees.size(); index++) {
            long amount = amountsMinor.get(index);
            if (refusal(trial, account(payees.get(index)), amount, at) != null) {
                return false;
            }
            trial.balance -= amount;
            trial.spend(amount, at);
        }
        return true;
    }

    /** A refund from the original payee back to the payer; false when the payee cannot pay it back. */
    boolean refund(String payee, String payer, long amountMinor) {
        ModelAccount from = account(payee);
        ModelAccount to = account(payer);
        if (from.frozen || to.frozen || (from.hasFloor() && from.available() - amountMinor < 0)) {
            return false;
        }
        from.balance -= amountMinor;
        to.balance += amountMinor;
        return true;
    }

    private static String refusal(ModelAccount from, ModelAccount to, long amountMinor, Instant at) {
        if (from.frozen || to.frozen) {
            return "account_frozen";
        }
        if (from.hasFloor() && from.available() - amountMinor < 0) {
            return "insufficient_funds";
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
        private Map<LocalDate, Long> spentByDay = new HashMap<>();
        private Map<YearMonth, Long> spentByMonth = new HashMap<>();

        ModelAccount(String accountId, String currency, String kind, long creditLimit) {
            this.accountId = accountId;
            this.currency = currency;
            this.kind = kind;
            this.creditLimit = kind.equals("SYSTEM") ? 0 : creditLimit;
        }

        boolean hasFloor() {
            return !kind.equals("SYSTEM");
        }

        /** What the account can still pay: balance less holds plus the credit limit. */
        long available() {
            return balance - held + creditLimit;
        }

        ModelAccount copy() {
            ModelAccount copy = new ModelAccount(accountId, currency, kind, creditLimit);
            copy.balance = balance;
            copy.held = held;
            copy.frozen = frozen;
            copy.limits = limits;
            copy.spentByDay = new HashMap<>(spentByDay);
            copy.spentByMonth = new HashMap<>(spentByMonth);
            return copy;
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
