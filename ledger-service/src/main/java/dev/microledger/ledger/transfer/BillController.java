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

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Consolidated billing of postpaid accounts: closing a billing period now, and the one external
 * charge that pays for many small payments (a bill payment).
 */
@RestController
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

    record PaymentRequest(String paymentId, String debitAccountId, String amount) {
    }

    record LineResponse(String merchantAccountId, String category, long count, String total) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record BillResponse(String billId, String accountId, String periodStart, String periodEnd, String amountDue,
                        String amountPaid, String currency, String dueAt, String status, String issuedAt,
                        List<LineResponse> lines, String paymentId, Map<String, Long> versions) {
    }

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
