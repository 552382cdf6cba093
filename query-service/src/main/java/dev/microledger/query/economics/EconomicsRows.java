package dev.microledger.query.economics;

import dev.microledger.events.AccountFeesSet;
import dev.microledger.events.AccountPayoutsSet;
import dev.microledger.events.AmountFormatException;
import dev.microledger.events.BillIssued;
import dev.microledger.events.BillPaid;
import dev.microledger.events.DecimalAmounts;
import dev.microledger.events.FreeText;
import dev.microledger.events.LedgerEventData;
import dev.microledger.events.SettlementMade;
import org.springframework.jdbc.core.JdbcTemplate;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The bills and settlements one projection batch applies, written in the batch's transaction:
 * inserted bills before the payments of the same batch update them. {@link #refusal} is the check
 * an event of these kinds must pass before it is applied: the same rules the ledger keeps.
 */
public final class EconomicsRows {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");
    private static final Pattern RATE = Pattern.compile("(0|1)(\\.[0-9]{1,18})?");
    private static final int CHUNK = 500;

    private record Bill(BillIssued event, Instant time, List<Long> totals, long dueMinor) {
    }

    private record Payment(BillPaid event, long paidMinor) {
    }

    private record Settlement(SettlementMade event, Instant time, long gross, long fees, long refunds, long net) {
    }

    private final List<Bill> bills = new ArrayList<>();
    private final List<Payment> payments = new ArrayList<>();
    private final List<Settlement> settlements = new ArrayList<>();

    /** Whether this projection keeps rows for events of this kind. */
    public static boolean handles(LedgerEventData data) {
        return data instanceof AccountFeesSet || data instanceof AccountPayoutsSet || data instanceof BillIssued || data instanceof BillPaid
                || data instanceof SettlementMade;
    }

    /** Why the event cannot be applied to an account of {@code currency} and {@code scale}, or null. */
    public static String refusal(LedgerEventData data, String currency, int scale) {
        try {
            if (data instanceof AccountFeesSet fees) {
                if (fees.removed()) {
                    return null;
                }
                if (!ID.matcher(fees.revenueAccountId()).matches()) {
                    return "its revenue account id is not a valid id";
                }
                if (fees.rate() == null || !RATE.matcher(fees.rate()).matches()
                        || new BigDecimal(fees.rate()).compareTo(BigDecimal.ONE) > 0) {
                    return "its rate is not a fraction from 0 to 1";
                }
                for (String amount : new String[] {fees.fixed(), fees.minimum(), fees.maximum()}) {
                    if (amount != null && DecimalAmounts.parse(amount, scale) < 0) {
                        return "a fee amount is negative";
                    }
                }
                return null;
            }
            if (data instanceof AccountPayoutsSet payouts) {
                if (payouts.removed()) {
                    return null;
                }
                if (!ID.matcher(payouts.payoutAccountId()).matches() || payouts.frequency() == null
                        || !FREQUENCIES.contains(payouts.frequency()) || payouts.timezone() == null
                        || !isZone(payouts.timezone())) {
                    return "its payout account, frequency or time zone is not valid";
                }
                if (payouts.minimum() == null || DecimalAmounts.parse(payouts.minimum(), scale) < 0) {
                    return "its minimum payout is missing or negative";
                }
                return null;
            }
            if (data instanceof BillIssued bill) {
                if (!ID.matcher(bill.billId()).matches() || !sameCurrency(bill.currency(), bill.scale(), currency, scale)) {
                    return "its bill id is not a valid id or its currency is not the account's";
                }
                if (DecimalAmounts.parse(bill.amountDue(), scale) < 0 || !bill.periodStart().isBefore(bill.periodEnd())
                        || bill.firstSequence() > bill.lastSequence() || bill.lastSequence() >= bill.sequence()) {
                    return "its amount, period or covered entries do not make sense";
                }
                for (BillIssued.Line line : bill.lines()) {
                    if (!ID.matcher(line.merchantAccountId()).matches() || line.count() < 0
                            || (line.category() != null
                            && FreeText.problem(line.category(), FreeText.CATEGORY_LENGTH_MAX) != null)) {
                        return "a line has an invalid merchant id, count or category";
                    }
                    DecimalAmounts.parse(line.total(), scale);
                }
                return null;
            }
            if (data instanceof BillPaid paid) {
                if (!ID.matcher(paid.billId()).matches() || !ID.matcher(paid.paymentId()).matches()
                        || !sameCurrency(paid.currency(), paid.scale(), currency, scale)
                        || !(paid.status().equals("OPEN") || paid.status().equals("PAID"))) {
                    return "its ids, currency or status are not valid";
                }
                if (DecimalAmounts.parse(paid.amount(), scale) <= 0 || DecimalAmounts.parse(paid.amountPaid(), scale) <= 0) {
                    return "its amounts are not positive";
                }
                return null;
            }
            if (data instanceof SettlementMade settlement) {
                if (!ID.matcher(settlement.settlementId()).matches() || !ID.matcher(settlement.payoutAccountId()).matches()
                        || !sameCurrency(settlement.currency(), settlement.scale(), currency, scale)
                        || settlement.count() < 0) {
                    return "its ids, currency or count are not valid";
                }
                if (DecimalAmounts.parse(settlement.net(), scale) <= 0 || DecimalAmounts.parse(settlement.gross(), scale) < 0) {
                    return "its net is not positive or its gross is negative";
                }
                DecimalAmounts.parse(settlement.fees(), scale);
                DecimalAmounts.parse(settlement.refunds(), scale);
                return null;
            }
        } catch (AmountFormatException e) {
            return "an amount is " + e.getMessage();
        }
        return "it is not an event of fees, bills or settlements";
    }

    private static final Set<String> FREQUENCIES = Set.of("DAILY", "WEEKLY", "MONTHLY");

    private static boolean isZone(String zone) {
        try {
            ZoneId.of(zone);
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }

    private static boolean sameCurrency(String eventCurrency, int eventScale, String currency, int scale) {
        return eventCurrency.equals(currency) && eventScale == scale;
    }

    /** Collects the rows of an event that passed {@link #refusal}. */
    public void applied(LedgerEventData data, Instant time, int scale) {
        if (data instanceof BillIssued bill) {
            List<Long> totals = bill.lines().stream().map(line -> DecimalAmounts.parse(line.total(), scale)).toList();
            bills.add(new Bill(bill, time, totals, DecimalAmounts.parse(bill.amountDue(), scale)));
        } else if (data instanceof BillPaid paid) {
            payments.add(new Payment(paid, DecimalAmounts.parse(paid.amountPaid(), scale)));
        } else if (data instanceof SettlementMade settlement) {
            settlements.add(new Settlement(settlement, time, DecimalAmounts.parse(settlement.gross(), scale),
                    DecimalAmounts.parse(settlement.fees(), scale), DecimalAmounts.parse(settlement.refunds(), scale),
                    DecimalAmounts.parse(settlement.net(), scale)));
        }
    }

    /** Writes what was collected, in the caller's transaction. */
    public void write(JdbcTemplate jdbc) {
        if (!bills.isEmpty()) {
            jdbc.batchUpdate("""
                    INSERT INTO bill_view (bill_id, account_id, period_start, period_end, amount_due_minor,
                                           amount_paid_minor, currency, due_at, status, issued_at, first_sequence,
                                           last_sequence, sequence)
                    VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?)""", bills, CHUNK, (statement, row) -> {
                BillIssued bill = row.event();
                statement.setString(1, bill.billId());
                statement.setString(2, bill.accountId());
                time(statement, 3, bill.periodStart());
                time(statement, 4, bill.periodEnd());
                statement.setLong(5, row.dueMinor());
                statement.setString(6, bill.currency());
                time(statement, 7, bill.dueAt());
                statement.setString(8, row.dueMinor() == 0 ? "PAID" : "OPEN");
                time(statement, 9, row.time());
                statement.setLong(10, bill.firstSequence());
                statement.setLong(11, bill.lastSequence());
                statement.setLong(12, bill.sequence());
            });
            List<Object[]> lines = new ArrayList<>();
            for (Bill row : bills) {
                List<BillIssued.Line> billLines = row.event().lines();
                for (int i = 0; i < billLines.size(); i++) {
                    BillIssued.Line line = billLines.get(i);
                    lines.add(new Object[] {row.event().billId(), i, line.merchantAccountId(), line.category(),
                            line.count(), row.totals().get(i)});
                }
            }
            jdbc.batchUpdate("INSERT INTO bill_line_view (bill_id, line, merchant_account_id, category, payment_count, "
                    + "total_minor) VALUES (?, ?, ?, ?, ?, ?)", lines, CHUNK, (statement, line) -> {
                statement.setString(1, (String) line[0]);
                statement.setInt(2, (Integer) line[1]);
                statement.setString(3, (String) line[2]);
                if (line[3] == null) {
                    statement.setNull(4, Types.VARCHAR);
                } else {
                    statement.setString(4, (String) line[3]);
                }
                statement.setLong(5, (Long) line[4]);
                statement.setLong(6, (Long) line[5]);
            });
        }
        if (!payments.isEmpty()) {
            jdbc.batchUpdate("UPDATE bill_view SET amount_paid_minor = ?, status = ? WHERE bill_id = ? AND account_id = ?",
                    payments, CHUNK, (statement, payment) -> {
                        statement.setLong(1, payment.paidMinor());
                        statement.setString(2, payment.event().status());
                        statement.setString(3, payment.event().billId());
                        statement.setString(4, payment.event().accountId());
                    });
        }
        if (!settlements.isEmpty()) {
            jdbc.batchUpdate("""
                    INSERT INTO settlement_view (settlement_id, merchant_account_id, payout_account_id, cutoff,
                                                 payment_count, gross_minor, fees_minor, refunds_minor, net_minor,
                                                 currency, settled_at, sequence)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", settlements, CHUNK, (statement, row) -> {
                SettlementMade settlement = row.event();
                statement.setString(1, settlement.settlementId());
                statement.setString(2, settlement.accountId());
                statement.setString(3, settlement.payoutAccountId());
                time(statement, 4, settlement.cutoff());
                statement.setLong(5, settlement.count());
                statement.setLong(6, row.gross());
                statement.setLong(7, row.fees());
                statement.setLong(8, row.refunds());
                statement.setLong(9, row.net());
                statement.setString(10, settlement.currency());
                time(statement, 11, row.time());
                statement.setLong(12, settlement.sequence());
            });
        }
    }

    private static void time(PreparedStatement statement, int index, Instant time) throws SQLException {
        statement.setObject(index, OffsetDateTime.ofInstant(time, ZoneOffset.UTC));
    }
}
