package dev.microledger.ledger.transfer;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.microledger.ledger.rejection.LedgerRejection;
import dev.microledger.ledger.web.ProblemResponses;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import dev.microledger.ledger.rejection.RejectionCode;
import dev.microledger.ledger.web.RequestFields;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

@RestController
class TransferController {

    private final TransferService transfers;
    private final TransferRequests requests;
    private final TransferResponses responses;
    private final TransferRegistry registry;

    TransferController(TransferService transfers, TransferRequests requests, TransferResponses responses,
                       TransferRegistry registry) {
        this.registry = registry;
        this.transfers = transfers;
        this.requests = requests;
        this.responses = responses;
    }

    record TransferRequest(String transferId, String debitAccountId, String creditAccountId, String amount,
                           String currency, String category, String description, JsonNode metadata,
                           JsonNode pending) {
    }

    record BatchRequest(Boolean atomic, List<TransferRequest> transfers) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record BatchResult(String transferId, String status, String code, String detail, String createdAt,
                       Map<String, Long> versions, String fee, String feeAccountId) {
    }

    record BatchResponse(List<BatchResult> results) {
    }

    @PostMapping("/transfers")
    ResponseEntity<?> post(@RequestBody TransferRequest request) {
        if (request == null) {
            throw LedgerRejection.invalid("a transfer object is required");
        }
        TransferInstruction instruction = requests.parse(request);
        TransferOutcome outcome = transfers.postOne(instruction);
        if (outcome.isRejected()) {
            return ProblemResponses.response(ProblemResponses.problem(outcome.rejection()));
        }
        return ResponseEntity.status(outcome.replayed() ? HttpStatus.OK : HttpStatus.CREATED)
                .body(responses.body(outcome.record()));
    }

    /** Whether a payment went through, for a client whose request timed out, and what became of it since. */
    @GetMapping("/transfers/{transferId}")
    TransferResponses.TransferState get(@PathVariable String transferId) {
        RequestFields.requireId("transferId", transferId);
        return registry.find(transferId).map(responses::state).orElseThrow(() -> new LedgerRejection(
                RejectionCode.TRANSFER_NOT_FOUND, "there is no transfer '" + transferId + "'",
                Map.of("transferId", transferId)));
    }

    @PostMapping("/transfers/batch")
    BatchResponse postBatch(@RequestBody BatchRequest request) {
        if (request == null || request.transfers() == null) {
            throw LedgerRejection.invalid("transfers is required: a list of 1 to "
                    + TransferCommandHandler.TRANSFERS_PER_COMMAND_MAX + " transfers");
        }
        int size = request.transfers().size();
        if (size == 0 || size > TransferCommandHandler.TRANSFERS_PER_COMMAND_MAX) {
            throw LedgerRejection.invalid("transfers must hold 1 to " + TransferCommandHandler.TRANSFERS_PER_COMMAND_MAX
                    + " transfers, not " + size);
        }
        boolean atomic = Boolean.TRUE.equals(request.atomic());
        List<TransferOutcome> outcomes = transfers.postBatch(parseEach(request.transfers()), atomic);
        List<BatchResult> results = new ArrayList<>(outcomes.size());
        for (int i = 0; i < outcomes.size(); i++) {
            results.add(result(request.transfers().get(i), outcomes.get(i)));
        }
        return new BatchResponse(results);
    }

    /** Parses every transfer of a batch; one that is invalid is rejected alone, the others still go. */
    private List<TransferService.Parsed> parseEach(List<TransferRequest> batch) {
        List<TransferService.Parsed> parsed = new ArrayList<>(batch.size());
        for (TransferRequest request : batch) {
            try {
                if (request == null) {
                    throw LedgerRejection.invalid("a transfer object is required");
                }
                parsed.add(TransferService.Parsed.valid(requests.parse(request)));
            } catch (LedgerRejection rejection) {
                parsed.add(TransferService.Parsed.invalid(rejection));
            }
        }
        return parsed;
    }

    private BatchResult result(TransferRequest request, TransferOutcome outcome) {
        if (outcome.isRejected()) {
            String transferId = request == null ? null : request.transferId();
            return new BatchResult(transferId, TransferStatus.REJECTED.name(), outcome.rejection().code().code(),
                    outcome.rejection().detail(), null, null, null, null);
        }
        TransferRecord record = outcome.record();
        TransferResponses.TransferResponse body = responses.body(record);
        return new BatchResult(record.transferId(), record.status().name(), null, null,
                record.createdAt().toString(), record.versions(), body.fee(), body.feeAccountId());
    }
}
