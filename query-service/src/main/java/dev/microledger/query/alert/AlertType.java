package dev.microledger.query.alert;

/** The kinds of alert, as the API names them. */
enum AlertType {
    /** Month-to-date spending reached one of the budget's alert thresholds. */
    BUDGET_THRESHOLD,
    /** Month-to-date spending ran ahead of the budget's pace, or over the budget. */
    BUDGET_PACE,
    /** Usage of a daily or monthly limit reached 80 %. */
    LIMIT_NEAR,
    /** Usage of a daily or monthly limit reached the limit. */
    LIMIT_REACHED,
    /** The ledger declined a payment of the account. */
    PAYMENT_DECLINED,
    /**
     * A day's spending went above three times the account's daily average over the days it spent
     * on among the 30 before (at least 3 of them).
     */
    SPENDING_SPIKE
}
