package dev.microledger.query.alert;

import dev.microledger.query.account.AccountLookup;
import dev.microledger.query.account.AccountRow;
import dev.microledger.query.web.RequestChecks;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.Parameter;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.OptionalLong;

/** An account's spending alerts, newest first. */
@RestController
@Tag(name = "Alerts", description = "Budget, limit, decline and spike alerts (roles support and analyst)")
class AlertController {

    static final int LIMIT_DEFAULT = 100;
    static final int LIMIT_MAX = 1000;

    private final AccountLookup accounts;
    private final AlertQueries alerts;

    AlertController(AccountLookup accounts, AlertQueries alerts) {
        this.accounts = accounts;
        this.alerts = alerts;
    }

    @Operation(description = "Newest first, with types BUDGET_THRESHOLD, BUDGET_PACE, LIMIT_NEAR, LIMIT_REACHED, "
            + "PAYMENT_DECLINED and SPENDING_SPIKE; limit at most 1000. minVersion waits as on GET "
            + "/accounts/{accountId}. Roles: support or analyst.",
            summary = "The account's alerts, newest first: budget thresholds and pace, limits near and reached, "
            + "declined payments and spending spikes")
    @GetMapping("/accounts/{accountId}/alerts")
    public AlertList alerts(@PathVariable String accountId,
                            @Parameter(description = "How many alerts, 1 to 1000; 100 when absent")
                            @RequestParam(required = false) String limit,
                            @Parameter(description = AccountLookup.MIN_VERSION)
                            @RequestParam(required = false) String minVersion) {
        String id = RequestChecks.accountId(accountId);
        int count = RequestChecks.intInRange("limit", limit, LIMIT_DEFAULT, 1, LIMIT_MAX);
        OptionalLong version = RequestChecks.minVersion(minVersion);
        AccountRow account = accounts.require(id, version);
        return alerts.newest(account, count);
    }
}
