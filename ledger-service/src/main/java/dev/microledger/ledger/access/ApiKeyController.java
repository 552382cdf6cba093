package dev.microledger.ledger.access;

import dev.microledger.access.ApiKey;
import dev.microledger.access.Role;
import dev.microledger.ledger.rejection.LedgerRejection;
import dev.microledger.ledger.rejection.RejectionCode;
import dev.microledger.ledger.web.RequestFields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Key management ({@code admin}): create (the key is in that one answer only), list, revoke.
 * A revocation binds on ledger-service at once and on query-service within seconds.
 */
@RestController
@Tag(name = "Keys", description = "API key management (role admin)")
class ApiKeyController {

    private static final Logger log = LoggerFactory.getLogger(ApiKeyController.class);
    private static final int NAME_LENGTH_MAX = 64;

    private final LedgerKeyDirectory directory;

    ApiKeyController(LedgerKeyDirectory directory) {
        this.directory = directory;
    }

    record CreateKeyRequest(String name, List<String> roles) {
    }

    /** A key as listed or revoked: never the secret. */
    record KeyBody(String keyId, String name, List<String> roles, Instant createdAt, Instant lastUsedAt,
                   Instant revokedAt) {
    }

    /** A key just created: the one answer that holds the key itself. */
    record CreatedKeyBody(String keyId, String name, List<String> roles, String key, Instant createdAt) {
    }

    record KeyList(List<KeyBody> keys) {
    }

    @Operation(summary = "Create an API key",
            description = "Creates a key with a name and one or more roles (payments, treasury, accounts, support, "
                    + "analyst, operator, admin). The key itself is in this answer only; the ledger keeps its hash. "
                    + "Role: admin.",
            responses = @ApiResponse(responseCode = "201", description = "The key, shown this once", content = @Content(
                    mediaType = "application/json", schema = @Schema(implementation = CreatedKeyBody.class))))
    @PostMapping(path = "/admin/keys", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<CreatedKeyBody> create(@RequestBody CreateKeyRequest request) {
        if (request == null) {
            throw LedgerRejection.invalid("a key object is required: {\"name\":\"paywall\",\"roles\":[\"payments\"]}");
        }
        String name = RequestFields.requireText("name", request.name(), NAME_LENGTH_MAX);
        Set<Role> roles = roles(request.roles());
        LedgerKeyDirectory.CreatedKey created = directory.create(name, roles);
        log.info("Created key {} ({}) with roles {}", created.key().keyId(), name, wireNames(created.key()));
        ApiKey key = created.key();
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(new CreatedKeyBody(key.keyId(), key.name(), wireNames(key), created.secret(), key.createdAt()));
    }

    @Operation(summary = "List the API keys",
            description = "Every key with its roles, creation, last use and revocation; never a secret. Role: admin.",
            responses = @ApiResponse(responseCode = "200", description = "The keys", content = @Content(
                    mediaType = "application/json", schema = @Schema(implementation = KeyList.class))))
    @GetMapping(path = "/admin/keys", produces = MediaType.APPLICATION_JSON_VALUE)
    KeyList list() {
        List<KeyBody> keys = new ArrayList<>();
        for (ApiKeyStore.StoredKey stored : directory.list()) {
            ApiKey key = stored.key();
            keys.add(new KeyBody(key.keyId(), key.name(), wireNames(key), key.createdAt(), stored.lastUsedAt(),
                    key.revokedAt()));
        }
        return new KeyList(keys);
    }

    @Operation(summary = "Revoke an API key",
            description = "The key is refused (401) at once on ledger-service and within 5 s on query-service. "
                    + "Role: admin.",
            responses = @ApiResponse(responseCode = "200", description = "The key with revokedAt", content = @Content(
                    mediaType = "application/json", schema = @Schema(implementation = KeyBody.class))))
    @DeleteMapping(path = "/admin/keys/{keyId}", produces = MediaType.APPLICATION_JSON_VALUE)
    KeyBody revoke(@PathVariable String keyId) {
        ApiKey key = directory.revoke(keyId).orElseThrow(() -> new LedgerRejection(RejectionCode.KEY_NOT_FOUND,
                "there is no key '" + keyId + "'", Map.of("keyId", keyId)));
        log.info("Revoked key {} ({})", key.keyId(), key.name());
        return new KeyBody(key.keyId(), key.name(), wireNames(key), key.createdAt(), null, key.revokedAt());
    }

    private static Set<Role> roles(List<String> names) {
        if (names == null || names.isEmpty()) {
            throw LedgerRejection.invalid("roles is required: one or more of " + allRoles());
        }
        if (names.size() > Role.values().length) {
            throw LedgerRejection.invalid("roles holds at most " + Role.values().length + " roles");
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String name : names) {
            roles.add(Role.fromWireName(name).orElseThrow(() -> LedgerRejection.invalid(
                    "roles holds '" + name + "', which is not one of " + allRoles())));
        }
        return roles;
    }

    private static List<String> wireNames(ApiKey key) {
        return key.roles().stream().sorted().map(Role::wireName).toList();
    }

    private static List<String> allRoles() {
        return EnumSet.allOf(Role.class).stream().map(Role::wireName).toList();
    }
}
