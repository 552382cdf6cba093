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
        int scale = currencies.scaleOf(event.currency());
        return new LedgerEvent(eventId, SOURCE, LedgerEventTypes.ACCOUNT_DEBITED, event.occurredAt(),
                new AccountEntry(event.accountId(), sequence, AccountEntry.Direction.DEBIT, event.transferId(),
                        event.counterpartyAccountId(), DecimalAmounts.format(event.amountMinor(), scale),
                        event.currency(), scale, event.category(), event.description(),
                        DecimalAmounts.format(event.balanceAfterMinor(), scale)));
    }

    LedgerEvent credited(AccountCreditedEvent event, long sequence, String eventId) {
        int scale = currencies.scaleOf(event.currency());
        return new LedgerEvent(eventId, SOURCE, LedgerEventTypes.ACCOUNT_CREDITED, event.occurredAt(),
                new AccountEntry(event.accountId(), sequence, AccountEntry.Direction.CREDIT, event.transferId(),
                        event.counterpartyAccountId(), DecimalAmounts.format(event.amountMinor(), scale),
                        event.currency(), scale, event.category(), event.description(),
                        DecimalAmounts.format(event.balanceAfterMinor(), scale)));
    }
}
