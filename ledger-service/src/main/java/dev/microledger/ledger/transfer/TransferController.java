package dev.microledger.ledger.transfer;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.microledger.ledger.rejection.LedgerRejection;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
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
@Tag(name = "Transfers", description = "Moving money between two accounts, one at a time or in batches "
        + "(roles payments and treasury)")
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

    record TransferRequest(
            @Schema(description = "Chosen by the client: 1 to 64 characters [A-Za-z0-9._:-]; the idempotency key",
                    example = "article-4711") String transferId,
            @Schema(description = "The account the money leaves", example = "alice") String debitAccountId,
            @Schema(description = "The account the money goes to", example = "news-co") String creditAccountId,
            @Schema(description = "A positive decimal string in major units, at most the currency's scale",
                    example = "0.0025") String amount,
            @Schema(description = "The currency of both accounts", example = "USD") String currency,
            @Schema(description = "Free text up to 64 characters for the spending summaries", example = "news")
            String category,
            @Schema(description = "Free text for people") String description,
            @Schema(description = "The client's own references: a JSON object of at most 4096 characters")
            JsonNode metadata,
            @Schema(description = "Makes the transfer a hold: {\"timeoutSeconds\":300} reserves the amount until "
                    + "it is posted, voided or expires") JsonNode pending) {
    }

    record BatchRequest(
            @Schema(description = "true: all are posted or none is; false (the default): each on its own")
            Boolean atomic,
            @Schema(description = "1 to 1000 transfers, answered in this order") List<TransferRequest> transfers) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record BatchResult(String transferId, String status, String code, String detail, String createdAt,
                       Map<String, Long> versions, String fee, String feeAccountId) {
    }

    record BatchResponse(List<BatchResult> results) {
    }

    @Operation(summary = "Move money from one account to another, at once or as a hold",
            description = "Moves amount from the debit to the credit account, or with pending reserves it on the "
                    + "debit account until it is posted, voided or expires. 201 with the transfer and the accounts' "
                    + "versions after it (read-your-writes tokens for query-service's minVersion); the same request "
                    + "again answers 200 with the original body; the same transferId with other fields is 409. A "
                    + "payment to a merchant with a fee schedule answers fee and feeAccountId. Roles: payments or "
                    + "treasury; only treasury may debit a SYSTEM account (403 forbidden).",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = "application/json", schema = @Schema(implementation = TransferRequest.class),
                    examples = {
                            @ExampleObject(name = "payment", summary = "A micropayment", value = TransferExamples.PAYMENT),
                            @ExampleObject(name = "top-up", summary = "A top-up from a SYSTEM account (treasury)",
                                    value = TransferExamples.TOP_UP),
                            @ExampleObject(name = "hold", summary = "A hold for 300 s", value = TransferExamples.HOLD)})),
            responses = {
                    @ApiResponse(responseCode = "201", description = "Posted, or held when pending was given",
                            content = @Content(mediaType = "application/json",
                                    schema = @Schema(implementation = TransferResponses.TransferResponse.class),
                                    examples = {
                                            @ExampleObject(name = "payment", value = TransferExamples.PAYMENT_POSTED),
                                            @ExampleObject(name = "top-up", value = TransferExamples.TOP_UP_POSTED),
                                            @ExampleObject(name = "hold", value = TransferExamples.HOLD_PLACED),
                                            @ExampleObject(name = "payment with a fee",
                                                    value = TransferExamples.PAYMENT_WITH_FEE)})),
                    @ApiResponse(responseCode = "200", description = "The same request again: the original answer",
                            content = @Content(mediaType = "application/json",
                                    schema = @Schema(implementation = TransferResponses.TransferResponse.class)))})
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
    @Operation(summary = "A transfer as it stands now",
            description = "The transfer as POST /transfers answered it, with its current status (POSTED, PENDING, "
                    + "VOIDED, EXPIRED), postedAmount and refundedAmount: whether a payment went through, for a client "
                    + "whose request timed out. Roles: payments, treasury, support or analyst.",
            responses = @ApiResponse(responseCode = "200", description = "The transfer", content = @Content(
                    mediaType = "application/json", schema = @Schema(implementation = TransferResponses.TransferState.class))))
    @GetMapping("/transfers/{transferId}")
    TransferResponses.TransferState get(@PathVariable String transferId) {
        RequestFields.requireId("transferId", transferId);
        return registry.find(transferId).map(responses::state).orElseThrow(() -> new LedgerRejection(
                RejectionCode.TRANSFER_NOT_FOUND, "there is no transfer '" + transferId + "'",
                Map.of("transferId", transferId)));
    }

    @Operation(summary = "Move money in up to 1000 transfers at once",
            description = "Answers 200 with one result per transfer in request order: POSTED or PENDING, or REJECTED "
                    + "with the code and detail POST /transfers would have answered. With atomic true all are posted "
                    + "or none is (fee splits, multi-leg payments): then the failing one carries its code and the "
                    + "others linked_transfer_failed. Roles: payments or treasury (treasury to debit a SYSTEM account).",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = "application/json", schema = @Schema(implementation = BatchRequest.class),
                    examples = @ExampleObject(name = "tip with a fee", summary = "A tip and its platform fee, atomic",
                            value = TransferExamples.BATCH))),
            responses = @ApiResponse(responseCode = "200", description = "One result per transfer", content = @Content(
                    mediaType = "application/json", schema = @Schema(implementation = BatchResponse.class),
                    examples = @ExampleObject(name = "tip with a fee", value = TransferExamples.BATCH_POSTED))))
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
