package dev.microledger.ledger.transfer;

import dev.microledger.ledger.web.CommandRetries;
import dev.microledger.access.Actors;
import dev.microledger.ledger.audit.CallerMetaData;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.List;

/**
 * Expires holds past their timeout. Due holds are found in the transfer registry, so a hold that
 * fell due while the service was down is expired in the first round after it starts. Each is
 * expired by its own command, which locks its accounts and checks again that it is still pending
 * and due: a post or void that got there first wins, and the expiry then does nothing.
 */
@Component
class HoldExpiry extends RecurringJob {

    private static final Logger log = LoggerFactory.getLogger(HoldExpiry.class);

    /** The most holds expired per round; a longer backlog is taken in the rounds that follow at once. */
    static final int ROUND_SIZE_MAX = 500;

    private final TransferRegistry registry;
    private final CommandGateway commands;
    private final CommandRetries retries;
    private final Clock clock;

    HoldExpiry(TransferRegistry registry, CommandGateway commands, CommandRetries retries, Clock clock,
               @Value("${ledger.holds.expiry-interval-millis:1000}") long intervalMillis) {
        super("hold-expiry", intervalMillis, atLeast(intervalMillis, 10, "ledger.holds.expiry-interval-millis"));
        this.registry = registry;
        this.commands = commands;
        this.retries = retries;
        this.clock = clock;
    }

    /** Expires the holds due now; returns how many it expired. */
    int expireDue() {
        int expired = 0;
        List<String> due;
        do {
            due = registry.findDueHolds(clock.instant(), ROUND_SIZE_MAX);
            for (String transferId : due) {
                retries.run("expire_hold", () -> commands.sendAndWait(GenericCommandMessage.asCommandMessage(
                        new HoldCommands.ExpireHold(transferId)).andMetaData(CallerMetaData.ofLedger(Actors.HOLD_EXPIRY))));
                expired++;
            }
        } while (due.size() == ROUND_SIZE_MAX);
        return expired;
    }

    @Override
    void round() {
        try {
            int expired = expireDue();
            if (expired > 0) {
                log.info("Expired {} holds past their timeout", expired);
            }
        } catch (RuntimeException e) {
            log.warn("Expiring due holds failed; trying again in {} ms: {}", intervalMillis(), e.toString());
        }
    }
}
