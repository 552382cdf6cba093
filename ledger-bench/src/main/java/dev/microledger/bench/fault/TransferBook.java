package dev.microledger.bench.fault;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the clients of a fault run know: the accounts they opened, every transfer the ledger
 * acknowledged (201 or 200 for one transfer, {@code POSTED} in a batch), every one it rejected
 * with a business rule (422), and the highest version of each account an answer named. From it
 * come the balances the ledger must hold: the sum of the acknowledged transfers, nothing else.
 * All amounts are minor units of USD (scale 6).
 */
final class TransferBook {

    static final String CURRENCY = "USD";
    static final int SCALE = 6;

    /** An account the run opened; {@code creditLimitMinor} is how far below zero a USER or MERCHANT may go. */
    record Account(String accountId, String kind, long creditLimitMinor) {

        boolean hasFloor() {
            return !kind.equals("SYSTEM");
        }

        long floorMinor() {
            return -creditLimitMinor;
        }
    }

    /** A transfer as the client asked for it. */
    record Transfer(String transferId, String debitAccountId, String creditAccountId, long amountMinor) {

        String json() {
            return "{\"transferId\":\"" + transferId + "\",\"debitAccountId\":\"" + debitAccountId
                    + "\",\"creditAccountId\":\"" + creditAccountId + "\",\"amount\":\"" + amountText(amountMinor)
                    + "\",\"currency\":\"" + CURRENCY + "\",\"category\":\"fault-run\"}";
        }
    }

    private final Map<String, Account> accounts = new LinkedHashMap<>();
    private final ConcurrentHashMap<String, Transfer> posted = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, String> rejected = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Transfer> unresolved = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Long> acknowledgedVersions = new ConcurrentHashMap<>();
    /** Answers that contradict an earlier one for the same id: a posted id later rejected, or the other way round. */
    private final List<String> contradictions = java.util.Collections.synchronizedList(new ArrayList<>());

    /** Adds an account before the load starts; the set of accounts is fixed from then on. */
    synchronized void open(Account account) {
        accounts.put(account.accountId(), account);
    }

    synchronized List<Account> accounts() {
        return List.copyOf(accounts.values());
    }

    synchronized Account account(String accountId) {
        return accounts.get(accountId);
    }

    /**
     * Records an acknowledged transfer and the versions its answer named.
     *
     * @param versions account id to its version after the transfer, as the answer gave them
     */
    void posted(Transfer transfer, Map<String, Long> versions) {
        Transfer earlier = posted.putIfAbsent(transfer.transferId(), transfer);
        if (earlier != null && !earlier.equals(transfer)) {
            contradictions.add(transfer.transferId() + " acknowledged twice with different fields");
        }
        if (rejected.containsKey(transfer.transferId())) {
            contradictions.add(transfer.transferId() + " acknowledged after it was rejected");
        }
        unresolved.remove(transfer.transferId());
        for (Map.Entry<String, Long> version : versions.entrySet()) {
            acknowledgedVersions.merge(version.getKey(), version.getValue(), Math::max);
        }
    }

    /** Records a transfer the ledger refused with a stable code; it must have left no trace but a decline. */
    void rejected(Transfer transfer, String code) {
        rejected.putIfAbsent(transfer.transferId(), code);
        if (posted.containsKey(transfer.transferId())) {
            contradictions.add(transfer.transferId() + " rejected (" + code + ") after it was acknowledged");
        }
        unresolved.remove(transfer.transferId());
    }

    /** Records a transfer that got no definite answer before the run gave up on it: it may or may not be in the ledger. */
    void unresolved(Transfer transfer) {
        unresolved.put(transfer.transferId(), transfer);
    }

    Map<String, Transfer> posted() {
        return posted;
    }

    boolean isPosted(String transferId) {
        return posted.containsKey(transferId);
    }

    boolean isUnresolved(String transferId) {
        return unresolved.containsKey(transferId);
    }

    Transfer postedTransfer(String transferId) {
        return posted.get(transferId);
    }

    int postedCount() {
        return posted.size();
    }

    int rejectedCount() {
        return rejected.size();
    }

    int unresolvedCount() {
        return unresolved.size();
    }

    List<String> contradictions() {
        synchronized (contradictions) {
            return List.copyOf(contradictions);
        }
    }

    /** @return the rejections by code, sorted by code */
    Map<String, Long> rejectedByCode() {
        Map<String, Long> byCode = new TreeMap<>();
        for (String code : rejected.values()) {
            byCode.merge(code, 1L, Long::sum);
        }
        return byCode;
    }

    /** @return the highest version of each account that an acknowledgement named so far */
    Map<String, Long> acknowledgedVersions() {
        return new HashMap<>(acknowledgedVersions);
    }

    /** @return each account's balance as the acknowledged transfers make it, in minor units */
    Map<String, Long> expectedBalances() {
        Map<String, Long> balances = new LinkedHashMap<>();
        for (Account account : accounts()) {
            balances.put(account.accountId(), 0L);
        }
        for (Transfer transfer : posted.values()) {
            balances.merge(transfer.debitAccountId(), -transfer.amountMinor(), Math::addExact);
            balances.merge(transfer.creditAccountId(), transfer.amountMinor(), Math::addExact);
        }
        return balances;
    }

    /** @return each account's posted transfers, debit and credit side alike, by transfer id */
    Map<String, Map<String, Transfer>> postedByAccount() {
        Map<String, Map<String, Transfer>> byAccount = new HashMap<>();
        for (Transfer transfer : posted.values()) {
            byAccount.computeIfAbsent(transfer.debitAccountId(), id -> new HashMap<>()).put(transfer.transferId(), transfer);
            byAccount.computeIfAbsent(transfer.creditAccountId(), id -> new HashMap<>()).put(transfer.transferId(), transfer);
        }
        return byAccount;
    }

    /** @return the amount as the API writes it: plain decimal, no trailing zeros */
    static String amountText(long amountMinor) {
        return BigDecimal.valueOf(amountMinor, SCALE).stripTrailingZeros().toPlainString();
    }

    /**
     * @return the decimal string of the API in minor units
     * @throws ArithmeticException when it has more digits than the scale or does not fit a long
     */
    static long amountMinor(String text) {
        Objects.requireNonNull(text, "text");
        return new BigDecimal(text).movePointRight(SCALE).longValueExact();
    }
}
