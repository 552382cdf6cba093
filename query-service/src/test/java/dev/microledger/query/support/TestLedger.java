package dev.microledger.query.support;

import dev.microledger.events.AccountEntry;
import dev.microledger.events.AccountOpened;
import dev.microledger.events.DecimalAmounts;
import dev.microledger.events.LedgerEvent;
import dev.microledger.events.LedgerEventData;
import dev.microledger.events.LedgerEventTypes;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A tiny stand-in for the ledger-service in tests: it keeps each account's sequence and balance
 * and emits the events the real ledger would, so tests state transfers and get consistent
 * events (sequence, balanceAfter) for free. Not thread-safe.
 */
public final class TestLedger {

    public static final String SOURCE = "/micro-ledger/test-ledger";

    private final Map<String, Account> accounts = new HashMap<>();
    private Instant clock = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    /** Opens an account; its AccountOpened event has sequence 0. */
    public LedgerEvent open(String accountId, String kind, String currency, int scale, String creditLimit) {
        if (accounts.containsKey(accountId)) {
            throw new IllegalStateException("account " + accountId + " is open already");
        }
        accounts.put(accountId, new Account(currency, scale));
        return event(LedgerEventTypes.ACCOUNT_OPENED,
                new AccountOpened(accountId, 0, currency, scale, kind, creditLimit));
    }

    /** Both entries of a transfer, debit first, with the balances they leave behind. */
    public List<LedgerEvent> transfer(String transferId, String debitAccountId, String creditAccountId, String amount,
                                      String category) {
        Account debit = account(debitAccountId);
        Account credit = account(creditAccountId);
        long amountMinor = DecimalAmounts.parse(amount, debit.scale);
        debit.balanceMinor = Math.subtractExact(debit.balanceMinor, amountMinor);
        credit.balanceMinor = Math.addExact(credit.balanceMinor, amountMinor);
        debit.version++;
        credit.version++;
        LedgerEvent debitEvent = event(LedgerEventTypes.ACCOUNT_DEBITED, new AccountEntry(debitAccountId, debit.version,
                AccountEntry.Direction.DEBIT, transferId, creditAccountId, amount, debit.currency, debit.scale, category,
                "Transfer " + transferId, DecimalAmounts.format(debit.balanceMinor, debit.scale)));
        LedgerEvent creditEvent = event(LedgerEventTypes.ACCOUNT_CREDITED, new AccountEntry(creditAccountId,
                credit.version, AccountEntry.Direction.CREDIT, transferId, debitAccountId, amount, credit.currency,
                credit.scale, category, "Transfer " + transferId, DecimalAmounts.format(credit.balanceMinor, credit.scale)));
        return List.of(debitEvent, creditEvent);
    }

    /**
     * An event of a type the contract does not know yet, as JSON, advancing the account's
     * sequence; the codec cannot encode such an event, so it is written by hand.
     */
    public byte[] unknownEventJson(String accountId, String type) {
        Account account = account(accountId);
        account.version++;
        clock = clock.plusMillis(1);
        String json = "{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID() + "\",\"source\":\"" + SOURCE
                + "\",\"type\":\"" + type + "\",\"subject\":\"" + accountId + "\",\"time\":\"" + clock
                + "\",\"datacontenttype\":\"application/json\",\"data\":{\"accountId\":\"" + accountId
                + "\",\"sequence\":" + account.version + ",\"reason\":\"test\"}}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    public long version(String accountId) {
        return account(accountId).version;
    }

    public long balanceMinor(String accountId) {
        return account(accountId).balanceMinor;
    }

    public String balance(String accountId) {
        Account account = account(accountId);
        return DecimalAmounts.format(account.balanceMinor, account.scale);
    }

    private Account account(String accountId) {
        Account account = accounts.get(accountId);
        if (account == null) {
            throw new IllegalStateException("no account " + accountId);
        }
        return account;
    }

    private LedgerEvent event(String type, LedgerEventData data) {
        // Distinct, increasing times make the projection's timestamps easy to tell apart.
        clock = clock.plusMillis(1);
        return new LedgerEvent(UUID.randomUUID().toString(), SOURCE, type, clock, data);
    }

    private static final class Account {
        final String currency;
        final int scale;
        long balanceMinor;
        long version;

        Account(String currency, int scale) {
            this.currency = currency;
            this.scale = scale;
        }
    }
}
