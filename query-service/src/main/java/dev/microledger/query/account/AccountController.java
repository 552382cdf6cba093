package dev.microledger.query.account;

import dev.microledger.query.web.RequestChecks;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** An account's balances as projected. */
@RestController
class AccountController {

    private final AccountLookup accounts;

    AccountController(AccountLookup accounts) {
        this.accounts = accounts;
    }

    @Operation(summary = "An account's balance, holds, available funds and version as projected")
    @GetMapping("/accounts/{accountId}")
    public AccountResponse account(@PathVariable String accountId,
                                   @Parameter(description = AccountLookup.MIN_VERSION) @RequestParam(required = false) String minVersion) {
        String id = RequestChecks.accountId(accountId);
        return AccountResponse.of(accounts.require(id, RequestChecks.minVersion(minVersion)));
    }
}
