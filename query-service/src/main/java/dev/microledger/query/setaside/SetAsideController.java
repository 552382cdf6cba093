package dev.microledger.query.setaside;

import dev.microledger.query.consuming.SetAsideRecords;
import dev.microledger.query.web.ProblemCode;
import dev.microledger.query.web.QueryProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.Parameter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Operations on the records the projection set aside ({@code operator}): what was set aside and
 * why, which accounts are held, and applying a record again once its cause is fixed.
 */
@RestController
@Tag(name = "Projections", description = "Operating the projections: rebuilds and records set aside (role operator)")
class SetAsideController {

    private static final Logger log = LoggerFactory.getLogger(SetAsideController.class);
    static final String PATH = "/admin/projections/set-aside";
    static final String HELD_PATH = "/admin/projections/held-accounts";
    static final int LIMIT_DEFAULT = 100;
    private static final Set<String> REASONS = Set.of("integrity", "gap", "invariant", "malformed", "failure");

    private final SetAsideRecords records;

    SetAsideController(SetAsideRecords records) {
        this.records = records;
    }

    record SetAsideList(long total, List<SetAsideRecords.SetAsideRecord> records) {
    }

    record HeldList(List<SetAsideRecords.HeldAccount> accounts) {
    }

    record Replayed(int partition, long offset, String result) {
    }

    @Operation(description = "A record is set aside when it fails its integrity check, leaves a gap, breaks an invariant, cannot be "
            + "read or fails to project; the rest of the topic goes on. Role: operator.",
            summary = "The records the projection set aside, newest first, with where they came from and why; "
            + "400 validation_failed for an unknown reason or a limit out of range")
    @GetMapping(PATH)
    SetAsideList list(@Parameter(description = "integrity, gap, invariant, malformed or failure")
                      @RequestParam(required = false) String reason,
                      @Parameter(description = "only the records of this account")
                      @RequestParam(required = false) String accountId,
                      @Parameter(description = "at most this many, 1 to " + SetAsideRecords.LIMIT_MAX + "; 100 by default")
                      @RequestParam(required = false) String limit) {
        if (reason != null && !REASONS.contains(reason)) {
            throw new QueryProblem(ProblemCode.VALIDATION_FAILED, "reason must be one of " + REASONS);
        }
        if (accountId != null && !SetAsideRecords.isAccountId(accountId)) {
            throw new QueryProblem(ProblemCode.VALIDATION_FAILED, "accountId is not an account id");
        }
        return new SetAsideList(records.count(), records.list(reason, accountId, limit(limit)));
    }

    @Operation(description = "Role: operator.",
            summary = "The accounts held by a record set aside: their reads answer 503 account_held")
    @GetMapping(HELD_PATH)
    HeldList held(@Parameter(description = "at most this many, 1 to " + SetAsideRecords.LIMIT_MAX + "; 100 by default")
                  @RequestParam(required = false) String limit) {
        return new HeldList(records.held(limit(limit)));
    }

    @Operation(description = "Role: operator.",
            summary = "Apply a set-aside record of the live topic again, once its cause is fixed: APPLIED, DUPLICATE "
            + "or SET_ASIDE_AGAIN (with its new reason in the list); 404 not_found when no such record is set aside, "
            + "409 replay_failed when projecting it fails again")
    @PostMapping(PATH + "/{partition}/{offset}/replay")
    Replayed replay(@PathVariable String partition, @PathVariable String offset) {
        int partitionNumber = (int) number(partition, "partition", Integer.MAX_VALUE);
        long offsetNumber = number(offset, "offset", Long.MAX_VALUE);
        SetAsideRecords.ReplayResult result;
        try {
            result = records.replay(partitionNumber, offsetNumber);
        } catch (DataAccessException | IllegalStateException e) {
            log.warn("Replaying the set-aside record at partition {} offset {} failed: {}", partitionNumber, offsetNumber,
                    e.getMessage());
            throw new QueryProblem(ProblemCode.REPLAY_FAILED, "Projecting the record failed again; it stays set aside: "
                    + e.getClass().getSimpleName(), Map.of("partition", partitionNumber, "offset", offsetNumber));
        }
        if (result == SetAsideRecords.ReplayResult.NOT_FOUND) {
            throw new QueryProblem(ProblemCode.NOT_FOUND, "No record at partition " + partitionNumber + " offset "
                    + offsetNumber + " of the live topic is set aside.");
        }
        log.info("Replayed the set-aside record at partition {} offset {}: {}", partitionNumber, offsetNumber, result);
        return new Replayed(partitionNumber, offsetNumber, result.name());
    }

    private static int limit(String text) {
        if (text == null) {
            return LIMIT_DEFAULT;
        }
        return (int) numberInRange(text, "limit", 1, SetAsideRecords.LIMIT_MAX);
    }

    private static long number(String text, String name, long max) {
        return numberInRange(text, name, 0, max);
    }

    private static long numberInRange(String text, String name, long min, long max) {
        try {
            long value = Long.parseLong(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new QueryProblem(ProblemCode.VALIDATION_FAILED, name + " must be a whole number from " + min + " to " + max);
    }
}
