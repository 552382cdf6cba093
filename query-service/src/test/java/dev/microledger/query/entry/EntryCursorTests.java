package dev.microledger.query.entry;

import dev.microledger.query.web.ProblemCode;
import dev.microledger.query.web.QueryProblem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EntryCursorTests {

    @Test
    void aCursorDecodesToTheSequenceItWasMadeFrom() {
        assertThat(EntryCursor.decode(EntryCursor.encode(0))).isZero();
        assertThat(EntryCursor.decode(EntryCursor.encode(123_456_789_012L))).isEqualTo(123_456_789_012L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "!!!", "a+b/", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void aCursorThatIsNotBase64OfAFittingLengthIsRefused(String cursor) {
        assertRefused(cursor);
    }

    @ParameterizedTest
    @ValueSource(strings = {"not a cursor", "before:", "before:-1", "before:1x", "before:9999999999999999999", "after:5"})
    void aCursorThisServiceDidNotHandOutIsRefused(String text) {
        assertRefused(Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.US_ASCII)));
    }

    private static void assertRefused(String cursor) {
        assertThatThrownBy(() -> EntryCursor.decode(cursor))
                .isInstanceOfSatisfying(QueryProblem.class,
                        problem -> assertThat(problem.code()).isEqualTo(ProblemCode.VALIDATION_FAILED));
    }
}
