package dev.microledger.ledger.publishing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.microledger.events.AccountBudgetSet;
import dev.microledger.events.AccountEntry;
import dev.microledger.events.AccountLimitsSet;
import dev.microledger.events.AccountOpened;
import dev.microledger.events.AccountStatusChanged;
import dev.microledger.events.HoldPlaced;
import dev.microledger.events.HoldReleased;
import dev.microledger.events.PaymentDeclined;
import dev.microledger.events.DecimalAmounts;
import dev.microledger.events.FreeText;
import dev.microledger.events.LedgerEvent;
import dev.microledger.events.LedgerEventTypes;
import dev.microledger.events.AccountFeesSet;
import dev.microledger.events.AccountPayoutsSet;
import dev.microledger.events.BillIssued;
import dev.microledger.events.BillPaid;
import dev.microledger.events.SettlementMade;
import dev.microledger.ledger.account.AccountBudgetSetEvent;
import dev.microledger.ledger.account.AccountFeesSetEvent;
import dev.microledger.ledger.account.AccountPayoutsSetEvent;
import dev.microledger.ledger.account.PayoutSchedule;
import dev.microledger.ledger.account.BillIssuedEvent;
import dev.microledger.ledger.account.BillPaidEvent;
import dev.microledger.ledger.account.FeeSchedule;
import dev.microledger.ledger.account.SettlementMadeEvent;
import dev.microledger.ledger.account.AccountCreditedEvent;
import dev.microledger.ledger.account.AccountLimits;
import dev.microledger.ledger.account.AccountLimitsSetEvent;
import dev.microledger.ledger.account.AccountStatusChangedEvent;
import dev.microledger.ledger.account.EntryKind;
import dev.microledger.ledger.account.HoldPlacedEvent;
import dev.microledger.ledger.account.HoldReleasedEvent;
import dev.microledger.ledger.account.PaymentDeclinedEvent;
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

    /**
     * The wire form of any of the ledger's events.
     *
     * @throws IllegalArgumentException for a payload that is not one of the ledger's events
     */
    LedgerEvent map(Object payload, long sequence, String eventId) {
        if (payload instanceof AccountOpenedEvent event) {
            return opened(event, sequence, eventId);
        }
        if (payload instanceof AccountDebitedEvent event) {
            return debited(event, sequence, eventId);
        }
        if (payload instanceof AccountCreditedEvent event) {
            return credited(event, sequence, eventId);
        }
        if (payload instanceof AccountStatusChangedEvent event) {
            return statusChanged(event, sequence, eventId);
        }
        if (payload instanceof AccountLimitsSetEvent event) {
            return limitsSet(event, sequence, eventId);
        }
        if (payload instanceof AccountBudgetSetEvent event) {
            return budgetSet(event, sequence, eventId);
        }
        if (payload instanceof PaymentDeclinedEvent event) {
            return declined(event, sequence, eventId);
        }
        if (payload instanceof HoldPlacedEvent event) {
            return holdPlaced(event, sequence, eventId);
        }
        if (payload instanceof HoldReleasedEvent event) {
            return holdReleased(event, sequence, eventId);
        }
        if (payload instanceof AccountFeesSetEvent event) {
            return feesSet(event, sequence, eventId);
        }
        if (payload instanceof AccountPayoutsSetEvent event) {
            PayoutSchedule schedule = event.schedule();
            AccountPayoutsSet data = schedule == null
                    ? new AccountPayoutsSet(event.accountId(), sequence, null, null, null, null)
                    : new AccountPayoutsSet(event.accountId(), sequence, schedule.frequency().name(),
                            schedule.payoutAccountId(), format(schedule.minimumMinor(), event.currency()),
                            schedule.timezone());
            return new LedgerEvent(eventId, SOURCE, LedgerEventTypes.PAYOUTS_SET, event.occurredAt(), data);
        }
        if (payload instanceof BillIssuedEvent event) {
            return billIssued(event, sequence, eventId);
        }
        if (payload instanceof BillPaidEvent event) {
            int scale = currencies.scaleOf(event.currency());
            return new LedgerEvent(eventId, SOURCE, LedgerEventTypes.BILL_PAID, event.occurredAt(),
                    new BillPaid(event.accountId(), sequence, event.billId(), event.paymentId(),
                            DecimalAmounts.format(event.amountMinor(), scale),
                            DecimalAmounts.format(event.amountPaidMinor(), scale), event.currency(), scale,
                            event.paidInFull() ? "PAID" : "OPEN"));
        }
        if (payload instanceof SettlementMadeEvent event) {
            int scale = currencies.scaleOf(event.currency());
            return new LedgerEvent(eventId, SOURCE, LedgerEventTypes.SETTLEMENT_MADE, event.occurredAt(),
                    new SettlementMade(event.accountId(), sequence, event.settlementId(), event.cutoff(), event.count(),
                            DecimalAmounts.format(event.grossMinor(), scale),
                            DecimalAmounts.format(event.feesMinor(), scale),
                            DecimalAmounts.format(event.refundsMinor(), scale),
                            DecimalAmounts.format(event.netMinor(), scale), event.currency(), scale,
                            event.payoutAccountId()));
        }
        throw new IllegalArgumentException("not a ledger event: " + (payload == null ? "null" : payload.getClass().getName()));
    }

    LedgerEvent opened(AccountOpenedEvent event, long sequence, String eventId) {
        int scale = currencies.scaleOf(event.currency());
        return new LedgerEvent(eventId, SOURCE, LedgerEventTypes.ACCOUNT_OPENED, event.occurredAt(),
                new AccountOpened(event.accountId(), sequence, event.currency(), scale, event.kind().name(),
                        DecimalAmounts.format(event.creditLimitMinor(), scale), displayName(event.metadataJson())));
    }

    /** The metadata fields that name an account for people, the first that holds a name winning. */
    private static final String[] DISPLAY_NAME_FIELDS = {"displayName", "name"};
    private static final ObjectMapper METADATA = new ObjectMapper();

    /**
     * The account's name for people, from its metadata: {@code displayName}, else {@code name}.
     * Null when neither is text of 1 to {@link AccountOpened#DISPLAY_NAME_LENGTH_MAX} code points:
     * the projections show the id then, and a name is never cut short.
     */
    static String displayName(String metadataJson) {
        if (metadataJson == null || metadataJson.isBlank()) {
            return null;
        }
        JsonNode metadata;
        try {
            metadata = METADATA.readTree(metadataJson);
        } catch (JsonProcessingException e) {
            return null;
        }
        if (metadata == null || !metadata.isObject()) {
            return null;
        }
        for (String field : DISPLAY_NAME_FIELDS) {
            JsonNode value = metadata.get(field);
            if (value == null || !value.isTextual()) {
                continue;
            }
            String name = value.asText().strip();
            if (!name.isEmpty() && FreeText.problem(name, AccountOpened.DISPLAY_NAME_LENGTH_MAX) == null) {
                return name;
            }
        }
        return null;
    }

    LedgerEvent debited(AccountDebitedEvent event, long sequence, String eventId) {
        return entry(eventId, event.occurredAt(), new Entry(event.accountId(), sequence, AccountEntry.Direction.DEBIT,
                event.transferId(), event.counterpartyAccountId(), event.amountMinor(), event.currency(),
                event.category(), event.description(), event.balanceAfterMinor(), event.kind(), event.refundOf()));
    }

    LedgerEvent credited(AccountCreditedEvent event, long sequence, String eventId) {
        return entry(eventId, event.occurredAt(), new Entry(event.accountId(), sequence, AccountEntry.Direction.CREDIT,
                event.transferId(), event.counterpartyAccountId(), event.amountMinor(), event.currency(),
                event.category(), event.description(), event.balanceAfterMinor(), event.kind(), event.refundOf()));
    }

    LedgerEvent statusChanged(AccountStatusChangedEvent event, long sequence, String eventId) {
        return new LedgerEvent(eventId, SOURCE, LedgerEventTypes.ACCOUNT_STATUS_CHANGED, event.occurredAt(),
                new AccountStatusChanged(event.accountId(), sequence, event.status().name()));
    }

    LedgerEvent limitsSet(AccountLimitsSetEvent event, long sequence, String eventId) {
        AccountLimits limits = event.limits();
        String currency = event.currency();
        return new LedgerEvent(eventId, SOURCE, LedgerEventTypes.ACCOUNT_LIMITS_SET, event.occurredAt(),
                new AccountLimitsSet(event.accountId(), sequence, format(limits.perTransferMinor(), currency),
                        format(limits.dailyMinor(), currency), format(limits.monthlyMinor(), currency),
                        limits.perMinuteCount(), limits.timezone()));
    }

    LedgerEvent budgetSet(AccountBudgetSetEvent event, long sequence, String eventId) {
        String currency = event.currency();
        return new LedgerEvent(eventId, SOURCE, LedgerEventTypes.ACCOUNT_BUDGET_SET, event.occurredAt(),
                new AccountBudgetSet(event.accountId(), sequence, format(event.budget().monthlyMinor(), currency),
                        event.budget().alertThresholds()));
    }

    LedgerEvent declined(PaymentDeclinedEvent event, long sequence, String eventId) {
        int scale = currencies.scaleOf(event.currency());
        return new LedgerEvent(eventId, SOURCE, LedgerEventTypes.PAYMENT_DECLINED, event.occurredAt(),
                new PaymentDeclined(event.accountId(), sequence, event.transferId(), event.counterpartyAccountId(),
                        DecimalAmounts.format(event.amountMinor(), scale), event.currency(), scale, event.category(),
                        event.reason(), event.limit(), event.layer()));
    }

    LedgerEvent holdPlaced(HoldPlacedEvent event, long sequence, String eventId) {
        int scale = currencies.scaleOf(event.currency());
        return new LedgerEvent(eventId, SOURCE, LedgerEventTypes.HOLD_PLACED, event.occurredAt(),
                new HoldPlaced(event.accountId(), sequence, event.transferId(), event.counterpartyAccountId(),
                        DecimalAmounts.format(event.amountMinor(), scale), event.currency(), scale, event.category(),
                        event.description(), event.expiresAt()));
    }

    LedgerEvent holdReleased(HoldReleasedEvent event, long sequence, String eventId) {
        int scale = currencies.scaleOf(event.currency());
        return new LedgerEvent(eventId, SOURCE, LedgerEventTypes.HOLD_RELEASED, event.occurredAt(),
                new HoldReleased(event.accountId(), sequence, event.transferId(),
                        DecimalAmounts.format(event.amountMinor(), scale),
                        DecimalAmounts.format(event.postedMinor(), scale), event.currency(), scale,
                        event.reason().name()));
    }

    LedgerEvent feesSet(AccountFeesSetEvent event, long sequence, String eventId) {
        FeeSchedule schedule = event.schedule();
        String currency = event.currency();
        AccountFeesSet data = schedule == null
                ? new AccountFeesSet(event.accountId(), sequence, null, null, null, null, null)
                : new AccountFeesSet(event.accountId(), sequence, schedule.rate().toPlainString(),
                        format(schedule.fixedMinor(), currency), format(schedule.minimumMinor(), currency),
                        format(schedule.maximumMinor(), currency), schedule.revenueAccountId());
        return new LedgerEvent(eventId, SOURCE, LedgerEventTypes.FEES_SET, event.occurredAt(), data);
    }

    LedgerEvent billIssued(BillIssuedEvent event, long sequence, String eventId) {
        int scale = currencies.scaleOf(event.currency());
        return new LedgerEvent(eventId, SOURCE, LedgerEventTypes.BILL_ISSUED, event.occurredAt(),
                new BillIssued(event.accountId(), sequence, event.billId(), event.periodStart(), event.periodEnd(),
                        DecimalAmounts.format(event.amountDueMinor(), scale), event.currency(), scale, event.dueAt(),
                        event.firstSequence(), event.lastSequence(), event.lines().stream()
                        .map(line -> new BillIssued.Line(line.merchantAccountId(), line.category(), line.count(),
                                DecimalAmounts.format(line.totalMinor(), scale))).toList()));
    }

    private String format(Long amountMinor, String currency) {
        return amountMinor == null ? null : DecimalAmounts.format(amountMinor, currencies.scaleOf(currency));
    }

    /** The fields both sides of a transfer share, in minor units as the ledger keeps them. */
    private record Entry(String accountId, long sequence, AccountEntry.Direction direction, String transferId,
                         String counterpartyAccountId, long amountMinor, String currency, String category,
                         String description, long balanceAfterMinor, EntryKind kind, String refundOf) {
    }

    private LedgerEvent entry(String eventId, java.time.Instant occurredAt, Entry entry) {
        int scale = currencies.scaleOf(entry.currency());
        return new LedgerEvent(eventId, SOURCE, LedgerEventTypes.ofEntry(entry.direction()), occurredAt,
                new AccountEntry(entry.accountId(), entry.sequence(), entry.direction(), entry.transferId(),
                        entry.counterpartyAccountId(), DecimalAmounts.format(entry.amountMinor(), scale),
                        entry.currency(), scale, entry.category(), entry.description(),
                        DecimalAmounts.format(entry.balanceAfterMinor(), scale),
                        AccountEntry.Kind.valueOf(entry.kind().name()), entry.refundOf()));
    }
}
