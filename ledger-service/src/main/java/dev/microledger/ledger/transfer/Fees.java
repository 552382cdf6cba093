package dev.microledger.ledger.transfer;

import dev.microledger.ledger.account.Account;
import dev.microledger.ledger.account.EntryKind;
import dev.microledger.ledger.account.FeeSchedule;
import dev.microledger.ledger.account.Posting;
import dev.microledger.ledger.money.Money;
import dev.microledger.ledger.rejection.LedgerRejection;
import dev.microledger.ledger.rejection.RejectionCode;
import org.axonframework.modelling.command.Aggregate;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** The fee leg of a payment to a merchant: from the merchant to its schedule's revenue account. */
final class Fees {

    private Fees() {
    }

    /**
     * The fee a payment of {@code amountMinor} pays by {@code schedule} (null: none), with its
     * revenue account locked; a revenue account that does not exist (a default schedule names one
     * that was never opened) refuses the payment.
     */
    static Fee of(FeeSchedule schedule, long amountMinor, Map<String, Aggregate<Account>> loaded) {
        if (schedule == null) {
            return Fee.NONE;
        }
        long feeMinor = schedule.feeMinor(amountMinor);
        if (feeMinor == 0) {
            return Fee.NONE;
        }
        return new Fee(feeMinor, schedule.revenueAccountId(), loaded.get(schedule.revenueAccountId()));
    }

    /** A fee to charge; {@link #NONE} charges nothing. */
    record Fee(long minor, String accountId, Aggregate<Account> revenue) {

        static final Fee NONE = new Fee(0, null, null);

        /** Why the revenue account cannot receive the fee now, or empty. */
        Optional<LedgerRejection> refusal(String currency) {
            if (minor == 0) {
                return Optional.empty();
            }
            if (revenue == null) {
                return Optional.of(new LedgerRejection(RejectionCode.ACCOUNT_NOT_FOUND, "the fee revenue account '"
                        + accountId + "' does not exist; it must be opened as a SYSTEM account of " + currency
                        + " before payments to this merchant", Map.of("accountId", accountId)));
            }
            if (!revenue.invoke(Account::isSystem)) {
                return Optional.of(new LedgerRejection(RejectionCode.ACCOUNT_KIND_MISMATCH, "the fee revenue account '"
                        + accountId + "' must be a SYSTEM account", Map.of("accountId", accountId)));
            }
            return revenue.invoke(account -> account.refusalToReceive(new Money(minor, currency)));
        }

        /** The revenue account's version now (after {@link #charge}), or 0 without a fee. */
        long revenueVersion() {
            return minor == 0 || revenue == null ? 0 : revenue.invoke(Account::version);
        }

        /**
         * Moves the fee from {@code merchant} to the revenue account, as entries of kind FEE of the
         * payment {@code transferId}; returns the merchant's version after it.
         */
        long charge(Aggregate<Account> merchant, String transferId, String category, Instant now, String actor,
                    String requestId, long merchantVersion) {
            if (minor == 0) {
                return merchantVersion;
            }
            String merchantId = merchant.invoke(Account::accountId);
            Money fee = new Money(minor, merchant.invoke(Account::currency));
            long version = merchant.invoke(account -> account.debit(new Posting(transferId, accountId, fee, category,
                    null, now, EntryKind.FEE, null).by(actor, requestId)));
            revenue.invoke(account -> account.credit(new Posting(transferId, merchantId, fee, category, null, now,
                    EntryKind.FEE, null).by(actor, requestId)));
            return version;
        }
    }
}
