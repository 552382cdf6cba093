package dev.microledger.bench.fault;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PaymentClientTests {

    @ParameterizedTest
    @CsvSource({
            "201, true",
            "200, true",
            "422, true",
            "409, true",
            "400, true",
            "404, true",
            "-1,  false",
            "401, false",
            "403, false",
            "429, false",
            "500, false",
            "502, false",
            "503, false"})
    void onlyAnAnswerThatARetryWouldRepeatEndsTheRetries(int status, boolean definite) {
        assertThat(PaymentClient.isDefinite(status)).isEqualTo(definite);
    }
}
