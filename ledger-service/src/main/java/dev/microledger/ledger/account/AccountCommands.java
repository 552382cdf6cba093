package dev.microledger.ledger.account;

import dev.microledger.ledger.rejection.LedgerRejection;
import dev.microledger.ledger.web.CommandRetries;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.stereotype.Component;

/** Sends a command to one account, timed and retried, and answers a missing account with account_not_found. */
@Component
public class AccountCommands {

    private final CommandGateway commands;
    private final CommandRetries retries;

    AccountCommands(CommandGateway commands, CommandRetries retries) {
        this.commands = commands;
        this.retries = retries;
    }

    public AccountView send(String type, String accountId, Object command) {
        try {
            return retries.run(type, () -> commands.sendAndWait(command));
        } catch (AggregateNotFoundException missing) {
            throw LedgerRejection.accountNotFound(accountId);
        }
    }

    /** The account as the command side holds it. */
    public AccountView read(String accountId) {
        return send("read_account", accountId, new ReadAccountCommand(accountId));
    }
}
