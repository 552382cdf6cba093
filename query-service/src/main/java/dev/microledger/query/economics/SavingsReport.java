package dev.microledger.query.economics;

import dev.microledger.events.DecimalAmounts;
import dev.microledger.query.analytics.Csv;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;

/**
 * What aggregation saved in a period, per currency: had every payment been a card charge of its
 * own, it would have cost {@code cardRate × amount + cardFixed} each; the ledger carried them
 * inside, and outside stood only the external charges and the payouts, at the same price each.
 */
public record SavingsReport(Instant from, Instant to, List<Row> rows) {

    public record Row(String currency, String cardRate, String cardFixed, long payments, String paymentsTotal,
                      long externalCharges, String externalChargesTotal, long payouts, String payoutsTotal,
                      String perPaymentCardCost, String aggregatedCardCost, String saved, String savedPercent) {

        public static Row of(SavingsQueries.Totals totals, BigDecimal rate, BigDecimal fixed) {
            int scale = totals.scale();
            BigDecimal payments = major(totals.paymentsMinor(), scale);
            BigDecimal charges = major(totals.chargesMinor(), scale);
            BigDecimal payouts = major(totals.payoutsMinor(), scale);
            BigDecimal perPayment = cost(payments, totals.payments(), rate, fixed, scale);
            BigDecimal aggregated = cost(charges.add(payouts), totals.charges() + totals.payouts(), rate, fixed, scale);
            BigDecimal saved = perPayment.subtract(aggregated);
            String percent = perPayment.signum() == 0 ? null
                    : saved.multiply(BigDecimal.valueOf(100)).divide(perPayment, 1, RoundingMode.HALF_UP).toPlainString();
            return new Row(totals.currency(), rate.stripTrailingZeros().toPlainString(), plain(fixed),
                    totals.payments(), DecimalAmounts.format(totals.paymentsMinor(), scale), totals.charges(),
                    DecimalAmounts.format(totals.chargesMinor(), scale), totals.payouts(),
                    DecimalAmounts.format(totals.payoutsMinor(), scale), plain(perPayment), plain(aggregated),
                    plain(saved), percent);
        }

        private static BigDecimal major(long minor, int scale) {
            return BigDecimal.valueOf(minor, scale);
        }

        private static BigDecimal cost(BigDecimal total, long count, BigDecimal rate, BigDecimal fixed, int scale) {
            return total.multiply(rate).add(fixed.multiply(BigDecimal.valueOf(count))).setScale(scale, RoundingMode.HALF_UP);
        }

        private static String plain(BigDecimal value) {
            BigDecimal stripped = value.stripTrailingZeros();
            return (stripped.scale() < 0 ? stripped.setScale(0) : stripped).toPlainString();
        }
    }

    String csv() {
        Csv csv = new Csv("currency", "cardRate", "cardFixed", "payments", "paymentsTotal", "externalCharges",
                "externalChargesTotal", "payouts", "payoutsTotal", "perPaymentCardCost", "aggregatedCardCost", "saved",
                "savedPercent");
        for (Row row : rows) {
            csv.line(row.currency(), row.cardRate(), row.cardFixed(), row.payments(), row.paymentsTotal(),
                    row.externalCharges(), row.externalChargesTotal(), row.payouts(), row.payoutsTotal(),
                    row.perPaymentCardCost(), row.aggregatedCardCost(), row.saved(), row.savedPercent());
        }
        return csv.text();
    }
}
