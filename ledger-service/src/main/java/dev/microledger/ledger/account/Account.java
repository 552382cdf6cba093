package dev.microledger.ledger.account;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import dev.microledger.ledger.money.Money;
import dev.microledger.ledger.rejection.LedgerRejection;
import dev.microledger.ledger.rejection.RejectionCode;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * An account, event-sourced. Money moves only through {@link #debit} and {@link #credit}, which
 * the transfer handler calls on both accounts of a transfer inside one unit of work, after
 * asking both whether they can take part ({@link #refusalToSend}, {@link #refusalToReceive}).
 * The event-sourcing handlers check the same rules again, so a stream that breaks them cannot
 * be loaded. Its fields are its snapshot: Jackson writes them as they are.
 */
@Aggregate(cache = "accountCache", snapshotTriggerDefinition = "accountSnapshotTrigger")
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class Account {

    @AggregateIdentifier
    private String accountId;
    private String currency;
    private AccountKind kind;
    private long creditLimitMinor;
    private AccountStatus status;
    private long balanceMinor;
    private long version = -1;
    private String metadataJson;

    protected Account() {
        // Required by Axon to rebuild the aggregate from its events.
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    AccountView handle(OpenAccountCommand command, Clock clock) {
        long creditLimit = command.kind().hasFloor() ? command.creditLimitMinor() : 0;
        if (accountId == null) {
            apply(new AccountOpenedEvent(command.accountId(), command.currency(), command.kind(), creditLimit,
                    command.metadataJson(), clock.instant()));
            return view(true);
        }
        boolean same = currency.equals(command.currency())
                && kind == command.kind()
                && creditLimitMinor == creditLimit
                && Objects.equals(metadataJson, command.metadataJson());
        if (!same) {
            throw new LedgerRejection(RejectionCode.ACCOUNT_EXISTS_WITH_DIFFERENT_FIELDS,
                    "account '" + accountId + "' already exists with other fields",
                    Map.of("accountId", accountId));
        }
        return view(false);
    }

    /** Why this account cannot pay {@code amount} now, or empty if it can. */
    public Optional<LedgerRejection> refusalToSend(Money amount) {
        Optional<LedgerRejection> common = refusalToTakePart(amount);
        if (common.isPresent()) {
            return common;
        }
        long after;
        try {
            after = Math.subtractExact(balanceMinor, amount.amountMinor());
        } catch (ArithmeticException overflow) {
            return Optional.of(overflow());
        }
        if (kind.hasFloor() && after < -creditLimitMinor) {
            return Optional.of(new LedgerRejection(RejectionCode.INSUFFICIENT_FUNDS,
                    "account '" + accountId + "' has insufficient funds for this transfer",
                    Map.of("accountId", accountId)));
        }
        return Optional.empty();
    }

    /** Why this account cannot receive {@code amount} now, or empty if it can. */
    public Optional<LedgerRejection> refusalToReceive(Money amount) {
        Optional<LedgerRejection> common = refusalToTakePart(amount);
        if (common.isPresent()) {
            return common;
        }
        try {
            Math.addExact(balanceMinor, amount.amountMinor());
        } catch (ArithmeticException overflow) {
            return Optional.of(overflow());
        }
        return Optional.empty();
    }

    /** Applies the debit side of a transfer; returns the account's version after it. */
    public long debit(Posting posting) {
        refusalToSend(posting.amount()).ifPresent(rejection -> {
            throw rejection;
        });
        long after = Math.subtractExact(balanceMinor, posting.amount().amountMinor());
        apply(new AccountDebitedEvent(accountId, posting.transferId(), posting.counterpartyAccountId(),
                posting.amount().amountMinor(), currency, posting.category(), posting.description(), after,
                posting.occurredAt()));
        return version;
    }

    /** Applies the credit side of a transfer; returns the account's version after it. */
    public long credit(Posting posting) {
        refusalToReceive(posting.amount()).ifPresent(rejection -> {
            throw rejection;
        });
        long after = Math.addExact(balanceMinor, posting.amount().amountMinor());
        apply(new AccountCreditedEvent(accountId, posting.transferId(), posting.counterpartyAccountId(),
                posting.amount().amountMinor(), currency, posting.category(), posting.description(), after,
                posting.occurredAt()));
        return version;
    }

    public String accountId() {
        return accountId;
    }

    public String currency() {
        return currency;
    }

    public long version() {
        return version;
    }

    @EventSourcingHandler
    void on(AccountOpenedEvent event, @SequenceNumber long sequence) {
        accountId = event.accountId();
        currency = event.currency();
        kind = event.kind();
        creditLimitMinor = event.creditLimitMinor();
        metadataJson = event.metadataJson();
        status = AccountStatus.OPEN;
        balanceMinor = 0;
        version = sequence;
    }

    @EventSourcingHandler
    void on(AccountDebitedEvent event, @SequenceNumber long sequence) {
        long after = Math.subtractExact(balanceMinor, event.amountMinor());
        checkApplied(after, event.balanceAfterMinor(), event.transferId());
        if (kind.hasFloor() && after < -creditLimitMinor) {
            throw new IllegalStateException("debit of transfer " + event.transferId() + " takes account "
                    + accountId + " below its floor");
        }
        balanceMinor = after;
        version = sequence;
    }

    @EventSourcingHandler
    void on(AccountCreditedEvent event, @SequenceNumber long sequence) {
        long after = Math.addExact(balanceMinor, event.amountMinor());
        checkApplied(after, event.balanceAfterMinor(), event.transferId());
        balanceMinor = after;
        version = sequence;
    }

    private void checkApplied(long computed, long recorded, String transferId) {
        if (computed != recorded) {
            throw new IllegalStateException("account " + accountId + ": transfer " + transferId + " records balance "
                    + recorded + " but the stream gives " + computed);
        }
    }

    private Optional<LedgerRejection> refusalToTakePart(Money amount) {
        if (!currency.equals(amount.currency())) {
            return Optional.of(new LedgerRejection(RejectionCode.CURRENCY_MISMATCH,
                    "account '" + accountId + "' holds " + currency + ", not " + amount.currency(),
                    Map.of("accountId", accountId)));
        }
        if (status == AccountStatus.FROZEN) {
            return Optional.of(new LedgerRejection(RejectionCode.ACCOUNT_FROZEN,
                    "account '" + accountId + "' is frozen", Map.of("accountId", accountId)));
        }
        if (status == AccountStatus.CLOSED) {
            return Optional.of(new LedgerRejection(RejectionCode.ACCOUNT_CLOSED,
                    "account '" + accountId + "' is closed", Map.of("accountId", accountId)));
        }
        return Optional.empty();
    }

    private LedgerRejection overflow() {
        return new LedgerRejection(RejectionCode.BALANCE_OVERFLOW,
                "the transfer would take the balance of account '" + accountId + "' beyond what the ledger can hold",
                Map.of("accountId", accountId));
    }

    private AccountView view(boolean created) {
        return new AccountView(accountId, currency, kind, creditLimitMinor, status, version, metadataJson, created);
    }
}
