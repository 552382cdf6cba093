package dev.microledger.access;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ApiKeySecretsTests {

    @Test
    void generatedKeyCarriesPrefixKeyIdAnd256RandomBits() {
        String key = ApiKeySecrets.generate();

        assertThat(key).startsWith("mlk_");
        assertThat(ApiKeySecrets.keyId(key)).hasValueSatisfying(id -> assertThat(id).matches("[a-z2-7]{16}"));
        String secret = key.substring("mlk_".length() + 16 + 1);
        assertThat(Base64.getUrlDecoder().decode(secret)).hasSize(32);
    }

    @Test
    void generatedKeysDiffer() {
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            keys.add(ApiKeySecrets.generate());
        }
        assertThat(keys).hasSize(1000);
    }

    @Test
    void hashMatchesOnlyTheKeyItWasMadeFrom() {
        String key = ApiKeySecrets.generate();
        String other = ApiKeySecrets.generate();
        String hash = ApiKeySecrets.hash(key);

        assertThat(hash).hasSize(64).doesNotContain(key.substring(21));
        assertThat(ApiKeySecrets.matches(hash, key)).isTrue();
        assertThat(ApiKeySecrets.matches(hash, other)).isFalse();
        assertThat(ApiKeySecrets.matches(hash, key + "x")).isFalse();
        assertThat(ApiKeySecrets.matches(null, key)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "mlk_", "mlk_abc_def", "mlk_ABCDEFGHIJKLMNOP_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "xlk_abcdefghijklmnop_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "mlk_abcdefghijklmnop_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "mlk_abcdefghijklmnop_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa;"})
    void malformedKeysNameNoKeyId(String key) {
        assertThat(ApiKeySecrets.keyId(key)).isEmpty();
    }
}
