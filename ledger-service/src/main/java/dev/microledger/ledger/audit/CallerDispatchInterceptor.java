package dev.microledger.ledger.audit;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.function.BiFunction;

/**
 * Puts the caller of the request being served (its actor and request id) on every command sent
 * from that request's thread. A command that names its actor already (hold expiry) keeps it;
 * one sent outside a request (the group committer's) gets nothing, and its events name their
 * callers one by one.
 */
@Component
class CallerDispatchInterceptor implements MessageDispatchInterceptor<CommandMessage<?>> {

    CallerDispatchInterceptor(CommandBus commandBus) {
        commandBus.registerDispatchInterceptor(this);
    }

    @Override
    public BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> handle(List<? extends CommandMessage<?>> messages) {
        return (index, command) -> command.getMetaData().containsKey(CallerMetaData.ACTOR) ? command
                : command.andMetaData(CallerMetaData.ofCurrentRequest());
    }
}
