package dev.microledger.query.economics;

import dev.microledger.query.analytics.Period;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import javax.sql.DataSource;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * What the ledger carried in a period and what stood for it outside, per currency:
 * <ul>
 *   <li>payments: debits of kind PAYMENT or HOLD_CAPTURE of USER accounts (as in every report);</li>
 *   <li>external charges: money that came into USER accounts from SYSTEM accounts, top-ups
 *   (PAYMENT) and bill payments (BILL_PAYMENT), each one charge on a card or a phone bill;</li>
 *   <li>payouts: settlements of merchants (SETTLEMENT debits), each one transfer out.</li>
 * </ul>
 */
@Repository
public class SavingsQueries {

    private static final int QUERY_TIMEOUT_SECONDS = 30;

    private static final String SQL = """
            SELECT e.currency AS currency, MIN(a.scale) AS scale,
                   COUNT(*) FILTER (WHERE e.direction = 'DEBIT' AND e.kind IN ('PAYMENT', 'HOLD_CAPTURE')
                                      AND a.kind = 'USER') AS payments,
                   COALESCE(SUM(e.amount_minor) FILTER (WHERE e.direction = 'DEBIT'
                                      AND e.kind IN ('PAYMENT', 'HOLD_CAPTURE') AND a.kind = 'USER'), 0) AS payments_minor,
                   COUNT(*) FILTER (WHERE e.direction = 'CREDIT' AND e.kind IN ('PAYMENT', 'BILL_PAYMENT')
                                      AND a.kind = 'USER' AND c.kind = 'SYSTEM') AS charges,
                   COALESCE(SUM(e.amount_minor) FILTER (WHERE e.direction = 'CREDIT'
                                      AND e.kind IN ('PAYMENT', 'BILL_PAYMENT') AND a.kind = 'USER'
                                      AND c.kind = 'SYSTEM'), 0) AS charges_minor,
                   COUNT(*) FILTER (WHERE e.direction = 'DEBIT' AND e.kind = 'SETTLEMENT') AS payouts,
                   COALESCE(SUM(e.amount_minor) FILTER (WHERE e.direction = 'DEBIT' AND e.kind = 'SETTLEMENT'), 0)
                                      AS payouts_minor
              FROM entry_view e
              JOIN account_view a ON a.account_id = e.account_id
              LEFT JOIN account_view c ON c.account_id = e.counterparty_account_id
             WHERE e.occurred_at >= ? AND e.occurred_at < ? AND e.kind <> 'HOLD'
            """;

    public record Totals(String currency, int scale, long payments, long paymentsMinor, long charges, long chargesMinor,
                  long payouts, long payoutsMinor) {
    }

    private final JdbcTemplate jdbc;

    public SavingsQueries(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.jdbc.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
    }

    public List<Totals> totals(Period period, String currency) {
        List<Object> arguments = new ArrayList<>(List.of(OffsetDateTime.ofInstant(period.from(), ZoneOffset.UTC),
                OffsetDateTime.ofInstant(period.to(), ZoneOffset.UTC)));
        String sql = SQL;
        if (currency != null) {
            sql += " AND e.currency = ?";
            arguments.add(currency);
        }
        sql += " GROUP BY e.currency ORDER BY e.currency";
        return jdbc.query(sql, (row, number) -> new Totals(row.getString("currency"), row.getInt("scale"),
                row.getLong("payments"), row.getLong("payments_minor"), row.getLong("charges"),
                row.getLong("charges_minor"), row.getLong("payouts"), row.getLong("payouts_minor")),
                arguments.toArray());
    }
}
