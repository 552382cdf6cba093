package dev.microledger.ledger.transfer;

import dev.microledger.ledger.rejection.LedgerRejection;
import dev.microledger.ledger.rejection.RejectionCode;
import dev.microledger.ledger.web.CommandRetries;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Service;

import java.util.ArrayList;
import java.util.List;

/** Sends transfer commands and counts what became of each transfer. */
@Service
class TransferService {

    /** A transfer of a batch as the edge parsed it: either an instruction or the reason it is invalid. */
    record Parsed(TransferInstruction instruction, LedgerRejection rejection) {

        static Parsed valid(TransferInstruction instruction) {
            return new Parsed(instruction, null);
        }

        static Parsed invalid(LedgerRejection rejection) {
            return new Parsed(null, rejection);
        }
    }

    private final CommandGateway commands;
    private final CommandRetries retries;
    private final MeterRegistry meters;
    private final TransferGroupCommitter groupCommitter;
    private final boolean groupCommit;

    TransferService(CommandGateway commands, CommandRetries retries, MeterRegistry meters,
                    TransferGroupCommitter groupCommitter, GroupCommitProperties groupCommitProperties) {
        this.commands = commands;
        this.retries = retries;
        this.meters = meters;
        this.groupCommitter = groupCommitter;
        this.groupCommit = groupCommitProperties.enabled();
        groupCommitter.postWith(group -> retries.run("transfer_group",
                () -> send(new PostTransfersCommand(group, false))));
    }

    /** Posts one transfer: with group commit together with whatever else arrives meanwhile, else alone. */
    TransferOutcome postOne(TransferInstruction instruction) {
        TransferOutcome outcome = retries.run("transfer", () -> groupCommit
                ? groupCommitter.submit(instruction)
                : send(new PostTransfersCommand(List.of(instruction), false)).get(0));
        count(List.of(outcome));
        return outcome;
    }

    /**
     * Posts the valid transfers of a batch in one command and merges their outcomes with the
     * invalid ones, in request order. In an atomic batch one invalid transfer fails them all.
     */
    List<TransferOutcome> postBatch(List<Parsed> batch, boolean atomic) {
        List<TransferInstruction> valid = new ArrayList<>(batch.size());
        batch.forEach(parsed -> {
            if (parsed.instruction() != null) {
                valid.add(parsed.instruction());
            }
        });
        boolean anyInvalid = valid.size() < batch.size();
        List<TransferOutcome> posted;
        if (valid.isEmpty() || (atomic && anyInvalid)) {
            posted = List.of();
        } else {
            posted = retries.run("transfer_batch", () -> send(new PostTransfersCommand(valid, atomic)));
        }
        List<TransferOutcome> outcomes = new ArrayList<>(batch.size());
        int next = 0;
        for (Parsed parsed : batch) {
            if (parsed.rejection() != null) {
                outcomes.add(TransferOutcome.rejected(parsed.rejection()));
            } else if (atomic && anyInvalid) {
                outcomes.add(TransferOutcome.rejected(new LedgerRejection(RejectionCode.LINKED_TRANSFER_FAILED,
                        "not posted: another transfer of this atomic batch is invalid")));
            } else {
                outcomes.add(posted.get(next++));
            }
        }
        count(outcomes);
        return outcomes;
    }

    private List<TransferOutcome> send(PostTransfersCommand command) {
        try {
            return commands.sendAndWait(command);
        } catch (AtomicBatchRejectedException rejected) {
            return rejected.outcomes();
        }
    }

    private void count(List<TransferOutcome> outcomes) {
        for (TransferOutcome outcome : outcomes) {
            String result = outcome.isRejected() ? outcome.rejection().code().code()
                    : outcome.replayed() ? "replayed" : "posted";
            meters.counter("ledger.transfers", "outcome", result).increment();
        }
    }
}
