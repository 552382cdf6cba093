package dev.microledger.query.web;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestChecksTests {

    @ParameterizedTest
    @ValueSource(strings = {"a", "alice", "news-co", "A1.b_c:d-e", "0", "x234567890123456789012345678901234567890123456789012345678901234"})
    void acceptsIdsOfTheContract(String accountId) {
        assertThat(RequestChecks.accountId(accountId)).isEqualTo(accountId);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-alice", ".a", "a b", "al/ice", "ünïcode", "a%20",
            "x2345678901234567890123456789012345678901234567890123456789012345"})
    void refusesIdsOutsideTheContract(String accountId) {
        assertValidationFailed(() -> RequestChecks.accountId(accountId));
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "12, 12", "999999999999999999, 999999999999999999"})
    void parsesMinVersion(String text, long version) {
        assertThat(RequestChecks.minVersion(text)).isEqualTo(OptionalLong.of(version));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-1", "+1", "1.5", "abc", " 1", "1000000000000000000", "0x10"})
    void refusesMinVersionThatIsNotANonNegativeInteger(String text) {
        assertValidationFailed(() -> RequestChecks.minVersion(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "1001", "-1", "abc", "", "99999999999"})
    void refusesALimitOutsideItsRange(String text) {
        assertValidationFailed(() -> RequestChecks.intInRange("limit", text, 100, 1, 1000));
    }

    @ParameterizedTest
    @CsvSource({"1, 1", "1000, 1000", "0100, 100"})
    void acceptsALimitInsideItsRange(String text, int limit) {
        assertThat(RequestChecks.intInRange("limit", text, 100, 1, 1000)).isEqualTo(limit);
    }

    private static void assertValidationFailed(Runnable check) {
        assertThatThrownBy(check::run)
                .isInstanceOfSatisfying(QueryProblem.class,
                        problem -> assertThat(problem.code()).isEqualTo(ProblemCode.VALIDATION_FAILED));
    }
}
