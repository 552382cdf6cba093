package dev.microledger.query.spending;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * The body of {@code GET /accounts/{accountId}/spending}: the contract's fields, plus the
 * {@code timezone} the period's days are in, what came back in {@code refunded} refunds, the
 * budget's {@code month}, and each limit's {@code window} (the day or month its usage is of).
 * Amounts are decimal strings at the account's scale; percentages are numbers with one decimal.
 */
record SpendingSummary(
        String accountId,
        String currency,
        LocalDate from,
        LocalDate to,
        String timezone,
        String spent,
        String received,
        String refunded,
        long count,
        String averagePayment,
        String largestPayment,
        SmallPayments smallPayments,
        List<CategoryTotal> byCategory,
        List<MerchantTotal> topMerchants,
        List<DaySpent> daily,
        String previousPeriodSpent,
        BigDecimal changePercent,
        Budget budget,
        List<LimitUsage> limits,
        List<DeclineCount> declines) {

    record SmallPayments(String threshold, long count, String total) {
    }

    record CategoryTotal(String category, String total, long count) {
    }

    record MerchantTotal(String accountId, String total, long count) {
    }

    record DaySpent(LocalDate date, String spent) {
    }

    record Budget(String monthly, String used, BigDecimal usedPercent, String pace, String projectedSpend,
                  String month) {
    }

    record LimitUsage(String limit, String value, String used, String remaining, String window) {
    }

    record DeclineCount(String reason, long count) {
    }
}
