package dev.microledger.query.statement;

import java.time.Instant;

/**
 * The body of {@code GET /accounts/{accountId}/statements}: the contract's fields, plus
 * {@code refundsPaid} (refunds the account paid back as a payee), the {@code currency}, the
 * {@code timezone} the month is in and the instants it runs {@code from} (included) and
 * {@code to} (excluded). The amounts add up: opening − payments + refunds + topUps − refundsPaid
 * = closing.
 */
record MonthlyStatement(
        String accountId,
        String month,
        String openingBalance,
        String payments,
        String refunds,
        String topUps,
        String refundsPaid,
        String fees,
        String feesReceived,
        String billPayments,
        String payouts,
        String closingBalance,
        String amountDue,
        String currency,
        String timezone,
        Instant from,
        Instant to) {
}
