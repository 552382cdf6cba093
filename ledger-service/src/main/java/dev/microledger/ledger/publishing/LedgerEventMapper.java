package dev.microledger.ledger.publishing;

import dev.microledger.events.AccountEntry;
import dev.microledger.events.AccountOpened;
import dev.microledger.events.DecimalAmounts;
import dev.microledger.events.LedgerEvent;
import dev.microledger.events.LedgerEventTypes;
import dev.microledger.ledger.account.AccountCreditedEvent;
import dev.microledger.ledger.account.AccountDebitedEvent;
import dev.microledger.ledger.account.AccountOpenedEvent;
import dev.microledger.ledger.money.Currencies;
import org.springframework.stereotype.Component;

/**
 * Turns the ledger's internal events into the documented wire contract: decimal amounts with
 * the currency's scale, the account's sequence number, a CloudEvents envelope.
 */
@Component
class LedgerEventMapper {

    static final String SOURCE = "/micro-ledger/ledger-service";

    private final Currencies currencies;

    LedgerEventMapper(Currencies currencies) {
        this.currencies = currencies;
    }

    LedgerEvent opened(AccountOpenedEvent event, long sequence, String eventId) {
        int scale = currencies.scaleOf(event.currency());
        return new LedgerEvent(eventId, SOURCE, LedgerEventTypes.ACCOUNT_OPENED, event.occurredAt(),
                new AccountOpened(event.accountId(), sequence, event.currency(), scale, event.kind().name(),
                        DecimalAmounts.format(event.creditLimitMinor(), scale)));
    }

    LedgerEvent debited(AccountDebitedEvent event, long sequence, String eventId) {
        return entry(eventId, event.occurredAt(), new Entry(event.accountId(), sequence, AccountEntry.Direction.DEBIT,
                event.transferId(), event.counterpartyAccountId(), event.amountMinor(), event.currency(),
                event.category(), event.description(), event.balanceAfterMinor()));
    }

    LedgerEvent credited(AccountCreditedEvent event, long sequence, String eventId) {
        return entry(eventId, event.occurredAt(), new Entry(event.accountId(), sequence, AccountEntry.Direction.CREDIT,
                event.transferId(), event.counterpartyAccountId(), event.amountMinor(), event.currency(),
                event.category(), event.description(), event.balanceAfterMinor()));
    }

    /** The fields both sides of a transfer share, in minor units as the ledger keeps them. */
    private record Entry(String accountId, long sequence, AccountEntry.Direction direction, String transferId,
                         String counterpartyAccountId, long amountMinor, String currency, String category,
                         String description, long balanceAfterMinor) {
    }

    private LedgerEvent entry(String eventId, java.time.Instant occurredAt, Entry entry) {
        int scale = currencies.scaleOf(entry.currency());
        return new LedgerEvent(eventId, SOURCE, LedgerEventTypes.ofEntry(entry.direction()), occurredAt,
                new AccountEntry(entry.accountId(), entry.sequence(), entry.direction(), entry.transferId(),
                        entry.counterpartyAccountId(), DecimalAmounts.format(entry.amountMinor(), scale),
                        entry.currency(), scale, entry.category(), entry.description(),
                        DecimalAmounts.format(entry.balanceAfterMinor(), scale)));
    }
}
