package dev.microledger.query.analytics;

/** One currency of the trial balance: how many accounts hold it and what their balances add up to. */
record TrialBalanceRow(String currency, long accounts, String sumOfBalances) {
}
