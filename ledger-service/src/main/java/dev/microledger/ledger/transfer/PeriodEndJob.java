package dev.microledger.ledger.transfer;

import dev.microledger.access.Actors;
import dev.microledger.ledger.account.BillingAccounts;
import dev.microledger.ledger.account.PayoutSchedules;
import dev.microledger.ledger.audit.CallerMetaData;
import dev.microledger.ledger.rejection.LedgerRejection;
import dev.microledger.ledger.web.CommandRetries;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.List;

/**
 * What falls due at the end of a period, done by itself: at start and then every interval, every
 * postpaid account whose billing period has ended gets its bill, and every merchant whose payout
 * is due is paid out, also when the period ended while the service was down.
 */
@Component
class PeriodEndJob extends RecurringJob {

    private static final Logger log = LoggerFactory.getLogger(PeriodEndJob.class);

    /** The most accounts taken per round; a longer backlog is taken in the rounds that follow at once. */
    static final int ROUND_SIZE_MAX = 500;

    private final BillingAccounts billing;
    private final PayoutSchedules payouts;
    private final CommandGateway commands;
    private final CommandRetries retries;
    private final Clock clock;

    PeriodEndJob(BillingAccounts billing, PayoutSchedules payouts, CommandGateway commands, CommandRetries retries,
                 Clock clock, @Value("${ledger.period-end.check-interval-millis:60000}") long intervalMillis) {
        super("period-end", 0, atLeast(intervalMillis, 100, "ledger.period-end.check-interval-millis"));
        this.billing = billing;
        this.payouts = payouts;
        this.commands = commands;
        this.retries = retries;
        this.clock = clock;
    }

    /** Closes the billing periods ended by now; returns how many bills it issued. */
    int closeEnded() {
        int issued = 0;
        List<String> due;
        do {
            due = billing.due(clock.instant(), ROUND_SIZE_MAX);
            for (String accountId : due) {
                try {
                    BillCommandHandler.Closed closed = retries.run("close_billing_period", () -> commands.sendAndWait(
                            GenericCommandMessage.asCommandMessage(new BillCommandHandler.CloseBillingPeriods(accountId,
                                    false)).andMetaData(CallerMetaData.ofLedger(Actors.BILLING))));
                    issued += closed.issued().size();
                } catch (LedgerRejection rejection) {
                    log.warn("Billing account {} failed: {}", accountId, rejection.getMessage());
                }
            }
        } while (due.size() == ROUND_SIZE_MAX);
        return issued;
    }

    /** Runs the payouts due by now; returns how many settlements it made. */
    int payOutDue() {
        int made = 0;
        List<String> due;
        do {
            due = payouts.due(clock.instant(), ROUND_SIZE_MAX);
            for (String merchantId : due) {
                SettlementCommandHandler.Result result = retries.run("scheduled_settlement", () -> commands.sendAndWait(
                        GenericCommandMessage.asCommandMessage(new SettlementCommandHandler.SettleScheduled(merchantId))
                                .andMetaData(CallerMetaData.ofLedger(Actors.PAYOUTS))));
                if (result.rejection() != null) {
                    log.warn("Scheduled payout of merchant {} refused: {}", merchantId, result.rejection().getMessage());
                } else if (result.settlementId() != null) {
                    made++;
                }
            }
        } while (due.size() == ROUND_SIZE_MAX);
        return made;
    }

    @Override
    void round() {
        try {
            int issued = closeEnded();
            if (issued > 0) {
                log.info("Issued {} bills for billing periods that ended", issued);
            }
            int settled = payOutDue();
            if (settled > 0) {
                log.info("Paid out {} merchants whose payout was due", settled);
            }
        } catch (RuntimeException e) {
            log.warn("Closing ended periods failed; trying again in {} ms: {}", intervalMillis(), e.toString());
        }
    }
}
