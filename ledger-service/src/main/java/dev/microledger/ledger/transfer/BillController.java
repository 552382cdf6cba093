package dev.microledger.ledger.transfer;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.microledger.ledger.account.BillIssuedEvent;
import dev.microledger.ledger.account.BillLine;
import dev.microledger.ledger.money.Currencies;
import dev.microledger.ledger.rejection.LedgerRejection;
import dev.microledger.ledger.web.CommandRetries;
import dev.microledger.ledger.web.ProblemResponses;
import dev.microledger.ledger.web.RequestFields;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Consolidated billing of postpaid accounts: closing a billing period now, and the one external
 * charge that pays for many small payments (a bill payment).
 */
@RestController
@Tag(name = "Bills", description = "Consolidated billing of postpaid accounts (role treasury)")
class BillController {

    private final CommandGateway commands;
    private final CommandRetries retries;
    private final Currencies currencies;
    private final BillRegistry bills;

    BillController(CommandGateway commands, CommandRetries retries, Currencies currencies, BillRegistry bills) {
        this.commands = commands;
        this.retries = retries;
        this.currencies = currencies;
        this.bills = bills;
    }

    record PaymentRequest(
            @Schema(description = "Chosen by the client, the idempotency key; shares one id space with transfers",
                    example = "phone-bill-1") String paymentId,
            @Schema(description = "The account that pays the bill, usually a SYSTEM funding account",
                    example = "funding") String debitAccountId,
            @Schema(description = "At most what is outstanding; all of it when absent") String amount) {
    }

    record LineResponse(String merchantAccountId, String category, long count, String total) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record BillResponse(String billId, String accountId, String periodStart, String periodEnd, String amountDue,
                        String amountPaid, String currency, String dueAt, String status, String issuedAt,
                        List<LineResponse> lines, String paymentId, Map<String, Long> versions) {
    }

    @Operation(summary = "Close a postpaid account's billing period now and issue its bill",
            description = "Closes the open billing period of a postpaid account (a USER account with a credit limit) "
                    + "now; the period also closes by itself at its end. 201 with the bill, its lines by merchant and "
                    + "category and the account's version; a period with nothing to bill issues none: 200 "
                    + "{\"billId\":null}. An account that is not postpaid is 422 account_not_postpaid. Role: treasury.",
            responses = {
                    @ApiResponse(responseCode = "201", description = "The bill issued", content = @Content(
                            mediaType = "application/json", schema = @Schema(implementation = BillResponse.class),
                            examples = @ExampleObject(name = "bill", value = TransferExamples.BILL_ISSUED))),
                    @ApiResponse(responseCode = "200", description = "Nothing to bill: only billId, null", content = @Content(
                            mediaType = "application/json", schema = @Schema(implementation = BillResponse.class),
                            examples = @ExampleObject(name = "nothing to bill", value = TransferExamples.NO_BILL)))})
    @PostMapping("/accounts/{accountId}/bills")
    ResponseEntity<?> close(@PathVariable String accountId) {
        RequestFields.requireId("accountId", accountId);
        BillCommandHandler.Closed closed = retries.run("close_billing_period",
                () -> commands.sendAndWait(new BillCommandHandler.CloseBillingPeriods(accountId, true)));
        List<BillIssuedEvent> issued = closed.issued();
        if (issued.isEmpty()) {
            return ResponseEntity.ok(Collections.singletonMap("billId", null));
        }
        BillIssuedEvent bill = issued.get(issued.size() - 1);
        BillRegistry.BillRecord record = new BillRegistry.BillRecord(bill.billId(), bill.accountId(), bill.periodStart(),
                bill.periodEnd(), bill.currency(), bill.amountDueMinor(), bill.dueAt(), bill.occurredAt(), bill.lines());
        return ResponseEntity.status(HttpStatus.CREATED).body(body(record, 0, null,
                Map.of(accountId, closed.version())));
    }

    @Operation(summary = "Pay a bill",
            description = "Moves the amount (all that is outstanding when absent) from debitAccountId to the billed "
                    + "account: the one external charge that pays for many small payments. More than is outstanding "
                    + "is 422 payment_exceeds_bill. Idempotent on paymentId. Past dueAt unpaid, the billed account's "
                    + "payments are declined with 422 bill_overdue. Role: treasury.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = "application/json", schema = @Schema(implementation = PaymentRequest.class),
                    examples = @ExampleObject(name = "in full", value = TransferExamples.BILL_PAYMENT))),
            responses = {
                    @ApiResponse(responseCode = "201", description = "The bill after the payment", content = @Content(
                            mediaType = "application/json", schema = @Schema(implementation = BillResponse.class),
                            examples = @ExampleObject(name = "in full", value = TransferExamples.BILL_PAID))),
                    @ApiResponse(responseCode = "200", description = "The same payment again: the original answer",
                            content = @Content(mediaType = "application/json",
                                    schema = @Schema(implementation = BillResponse.class)))})
    @PostMapping("/bills/{billId}/payments")
    ResponseEntity<?> pay(@PathVariable String billId, @RequestBody PaymentRequest request) {
        RequestFields.requireId("billId", billId);
        if (request == null) {
            throw LedgerRejection.invalid("a payment object is required");
        }
        String paymentId = RequestFields.requireId("paymentId", request.paymentId());
        String debitAccountId = RequestFields.requireId("debitAccountId", request.debitAccountId());
        Long amountMinor = null;
        if (request.amount() != null) {
            // The bill's currency decides the amount's scale; an unknown bill is a 404 before that.
            String currency = bills.find(billId).map(BillRegistry.BillRecord::currency).orElse(null);
            if (currency != null) {
                amountMinor = currencies.parsePositive("amount", request.amount(), currency).amountMinor();
            }
        }
        BillCommandHandler.PayBill command = new BillCommandHandler.PayBill(billId, paymentId, debitAccountId,
                amountMinor);
        BillCommandHandler.PaymentResult result = retries.run("pay_bill", () -> commands.sendAndWait(command));
        if (result.rejection() != null) {
            return ProblemResponses.response(ProblemResponses.problem(result.rejection()));
        }
        return ResponseEntity.status(result.replayed() ? HttpStatus.OK : HttpStatus.CREATED)
                .body(body(result.bill(), result.amountPaidMinor(), paymentId, result.versions()));
    }

    private BillResponse body(BillRegistry.BillRecord bill, long amountPaidMinor, String paymentId,
                              Map<String, Long> versions) {
        String currency = bill.currency();
        List<LineResponse> lines = bill.lines().stream().map((BillLine line) -> new LineResponse(
                line.merchantAccountId(), line.category(), line.count(), currencies.format(line.totalMinor(), currency)))
                .toList();
        boolean paid = amountPaidMinor >= bill.amountDueMinor();
        return new BillResponse(bill.billId(), bill.accountId(), text(bill.periodStart()), text(bill.periodEnd()),
                currencies.format(bill.amountDueMinor(), currency), currencies.format(amountPaidMinor, currency),
                currency, text(bill.dueAt()), paid ? "PAID" : "OPEN", text(bill.issuedAt()), lines, paymentId, versions);
    }

    private static String text(Instant instant) {
        return instant.toString();
    }
}
