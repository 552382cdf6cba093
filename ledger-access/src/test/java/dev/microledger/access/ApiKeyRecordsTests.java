package dev.microledger.access;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiKeyRecordsTests {

    @Test
    void keyRecordRoundTripsWithoutTheSecret() {
        String secret = ApiKeySecrets.generate();
        ApiKey key = new ApiKey(ApiKeySecrets.keyId(secret).orElseThrow(), "paywall", Set.of(Role.PAYMENTS, Role.SUPPORT),
                ApiKeySecrets.hash(secret), Instant.parse("2026-12-01T10:00:00Z"), null);

        byte[] record = ApiKeyRecords.encode(key);

        assertThat(new String(record, StandardCharsets.UTF_8)).doesNotContain(secret.substring(21))
                .contains("\"roles\":[\"payments\",\"support\"]");
        assertThat(ApiKeyRecords.decode(record)).isEqualTo(key);
        ApiKey revoked = key.revokedAt(Instant.parse("2026-12-02T10:00:00Z"));
        assertThat(ApiKeyRecords.decode(ApiKeyRecords.encode(revoked)).revokedAt()).isEqualTo(revoked.revokedAt());
    }

    @Test
    void recordsThatAreNotKeysAreRefused() {
        assertThatThrownBy(() -> ApiKeyRecords.decode("{}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ApiKeyRecords.decode("not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ApiKeyRecords.decode(("{\"keyId\":\"abcdefghijklmnop\",\"name\":\"x\",\"roles\":[\"root\"],"
                + "\"hash\":\"00\",\"createdAt\":\"2026-12-01T10:00:00Z\"}").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown role");
    }
}
