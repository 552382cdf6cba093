package dev.microledger.query.statement;

import dev.microledger.events.DecimalAmounts;
import dev.microledger.query.account.AccountRow;
import dev.microledger.query.balance.BalanceHistory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;

/**
 * Builds a monthly statement from the month's entries: the balances just before the month starts
 * and ends, and the money that moved in between, summed by direction and kind in the database
 * over the month's range of the primary key (see {@link BalanceHistory}). Every entry of the range
 * is exactly one of the four flows, so the flows explain the change of balance to the last minor
 * unit.
 */
@Component
class StatementQueries {

    private static final Logger log = LoggerFactory.getLogger(StatementQueries.class);

    static final String KIND_SYSTEM = "SYSTEM";

    private static final String SUM_FLOWS = """
            SELECT direction, kind, SUM(amount_minor) AS total_minor
              FROM entry_view
             WHERE account_id = ? AND sequence >= ? AND sequence < ? AND kind <> 'HOLD'
             GROUP BY direction, kind""";

    private final JdbcTemplate jdbc;
    private final BalanceHistory history;

    StatementQueries(JdbcTemplate jdbc, BalanceHistory history) {
        this.jdbc = jdbc;
        this.history = history;
    }

    MonthlyStatement statement(AccountRow account, YearMonth month, ZoneId zone) {
        Instant start = month.atDay(1).atStartOfDay(zone).toInstant();
        Instant end = month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
        BalanceHistory.SequenceRange entries = history.range(account, start, end);
        Flows flows = new Flows();
        jdbc.query(SUM_FLOWS, (RowCallbackHandler) row -> flows.add(row.getString("direction"), row.getString("kind"),
                row.getBigDecimal("total_minor").longValueExact()), account.accountId(), entries.from(), entries.to());
        long openingMinor = history.balanceBelowMinor(account.accountId(), entries.from());
        long closingMinor = history.balanceBelowMinor(account.accountId(), entries.to());
        long explainedMinor = flows.closingFrom(openingMinor);
        if (explainedMinor != closingMinor) {
            // The projector checks every entry's balance after against the one before it, so this
            // cannot happen unless the table was changed behind its back.
            log.error("Statement of account {} for {} does not add up: opening {} and the month's flows give {}, "
                            + "but the closing balance is {}", account.accountId(), month,
                    openingMinor, explainedMinor, closingMinor);
        }
        int scale = account.scale();
        return new MonthlyStatement(
                account.accountId(),
                month.toString(),
                money(openingMinor, scale),
                money(flows.paymentsMinor, scale),
                money(flows.refundsMinor, scale),
                money(flows.topUpsMinor, scale),
                money(flows.refundsPaidMinor, scale),
                money(flows.feesMinor, scale),
                money(flows.feesReceivedMinor, scale),
                money(flows.billPaymentsMinor, scale),
                money(flows.payoutsMinor, scale),
                money(closingMinor, scale),
                money(amountDueMinor(account, closingMinor), scale),
                account.currency(),
                zone.getId(),
                start,
                end);
    }

    /**
     * What a postpaid account (a USER or MERCHANT with a credit limit) owes at the end of the month:
     * its negative balance. Prepaid accounts and SYSTEM accounts owe nothing on a statement.
     */
    static long amountDueMinor(AccountRow account, long closingMinor) {
        boolean postpaid = !KIND_SYSTEM.equals(account.kind()) && account.creditLimitMinor() > 0;
        return postpaid && closingMinor < 0 ? Math.negateExact(closingMinor) : 0;
    }

    private static String money(long amountMinor, int scale) {
        return DecimalAmounts.format(amountMinor, scale);
    }

    /** The month's entries by what they did to the balance. */
    private static final class Flows {
        long paymentsMinor;
        long refundsMinor;
        long topUpsMinor;
        long refundsPaidMinor;
        long feesMinor;
        long feesReceivedMinor;
        long billPaymentsMinor;
        long payoutsMinor;

        void add(String direction, String kind, long totalMinor) {
            if ("DEBIT".equals(direction)) {
                switch (kind) {
                    case "REFUND" -> refundsPaidMinor = Math.addExact(refundsPaidMinor, totalMinor);
                    case "FEE" -> feesMinor = Math.addExact(feesMinor, totalMinor);
                    case "SETTLEMENT" -> payoutsMinor = Math.addExact(payoutsMinor, totalMinor);
                    default -> paymentsMinor = Math.addExact(paymentsMinor, totalMinor);
                }
            } else {
                switch (kind) {
                    case "REFUND" -> refundsMinor = Math.addExact(refundsMinor, totalMinor);
                    case "FEE" -> feesReceivedMinor = Math.addExact(feesReceivedMinor, totalMinor);
                    case "BILL_PAYMENT" -> billPaymentsMinor = Math.addExact(billPaymentsMinor, totalMinor);
                    default -> topUpsMinor = Math.addExact(topUpsMinor, totalMinor);
                }
            }
        }

        /** opening − payments + refunds + topUps − refundsPaid − fees + feesReceived + billPayments − payouts. */
        long closingFrom(long openingMinor) {
            long balanceMinor = Math.subtractExact(openingMinor, paymentsMinor);
            balanceMinor = Math.addExact(balanceMinor, refundsMinor);
            balanceMinor = Math.addExact(balanceMinor, topUpsMinor);
            balanceMinor = Math.subtractExact(balanceMinor, refundsPaidMinor);
            balanceMinor = Math.subtractExact(balanceMinor, feesMinor);
            balanceMinor = Math.addExact(balanceMinor, feesReceivedMinor);
            balanceMinor = Math.addExact(balanceMinor, billPaymentsMinor);
            return Math.subtractExact(balanceMinor, payoutsMinor);
        }
    }
}
