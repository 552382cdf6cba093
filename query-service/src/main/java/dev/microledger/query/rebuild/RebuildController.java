package dev.microledger.query.rebuild;

import dev.microledger.query.consuming.ProjectionRebuild;
import dev.microledger.query.consuming.RebuildStatus;
import dev.microledger.query.web.ProblemCode;
import dev.microledger.query.web.QueryProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.Parameter;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;

/**
 * Operations: rebuild every projection from the start of the topic into new tables, and follow it.
 * The service keeps answering from the current tables until the rebuild has caught up, then
 * switches over. These paths belong behind the operators' network edge, like the actuator.
 */
@RestController
@Tag(name = "Projections", description = "Operating the projections: rebuilds and records set aside (role operator)")
class RebuildController {

    static final String PATH = "/admin/projections/rebuild";
    static final String SWITCH_PATH = PATH + "/switch";

    private final ProjectionRebuild rebuild;

    RebuildController(ProjectionRebuild rebuild) {
        this.rebuild = rebuild;
    }

    @Operation(description = "Builds a new generation of tables from the start of the topic while the live one keeps "
            + "answering, then switches to it. Role: operator.",
            responses = @ApiResponse(responseCode = "202", description = "Started: its progress", content = @Content(
                    mediaType = "application/json", schema = @Schema(implementation = RebuildStatus.class))),
            summary = "Start rebuilding every projection from the start of the topic; 202 with its progress, "
            + "409 rebuild_in_progress when one is under way")
    @PostMapping(PATH)
    public ResponseEntity<RebuildStatus> start(
            @Parameter(description = "auto (the default): switch to the rebuilt tables as soon as they have caught up; "
                    + "manual: once caught up, follow the topic and switch on POST " + SWITCH_PATH)
            @RequestParam(required = false) String switchover) {
        boolean manual = switchover(switchover);
        RebuildStatus started;
        try {
            started = rebuild.rebuild(manual);
        } catch (ProjectionRebuild.RebuildAlreadyRunning e) {
            throw new QueryProblem(ProblemCode.REBUILD_IN_PROGRESS, e.getMessage()
                    + " Follow it with GET " + PATH + "; start another once it has switched or failed.");
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).location(URI.create(PATH)).body(started);
    }

    @Operation(description = "Role: operator.",
            responses = @ApiResponse(responseCode = "202", description = "Switching: the rebuild's progress",
                    content = @Content(mediaType = "application/json",
                            schema = @Schema(implementation = RebuildStatus.class))),
            summary = "Switch to the rebuilt tables of a rebuild started with switchover=manual that has caught up; "
            + "409 rebuild_not_ready when none waits")
    @PostMapping(SWITCH_PATH)
    public ResponseEntity<RebuildStatus> switchOver() {
        RebuildStatus waiting;
        try {
            waiting = rebuild.requestSwitch();
        } catch (ProjectionRebuild.RebuildNotReady e) {
            throw new QueryProblem(ProblemCode.REBUILD_NOT_READY, e.getMessage()
                    + " Start one with POST " + PATH + "?switchover=manual and wait for state READY.");
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).location(URI.create(PATH)).body(waiting);
    }

    private static boolean switchover(String switchover) {
        if (switchover == null || switchover.equals("auto")) {
            return false;
        }
        if (switchover.equals("manual")) {
            return true;
        }
        throw new QueryProblem(ProblemCode.VALIDATION_FAILED, "switchover must be auto or manual");
    }

    @Operation(description = "Role: operator.",
            summary = "The progress of the current or last rebuild: state, records done of total, rate, "
            + "time left, offsets per partition, and the live generation")
    @GetMapping(PATH)
    public RebuildStatus status() {
        return rebuild.status();
    }
}
