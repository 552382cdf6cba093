package dev.microledger.ledger.publishing;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class LedgerEventMapperTests {

    @ParameterizedTest(name = "{0} names the account {1}")
    @CsvSource(delimiter = '|', nullValues = "NONE", textBlock = """
            {"displayName":"Daily Herald"}                    | Daily Herald
            {"name":"Daily Herald"}                           | Daily Herald
            {"displayName":"Daily Herald","name":"herald"}    | Daily Herald
            {"displayName":"  ","name":"herald"}              | herald
            {"displayName":" 웹툰 Plus "}                      | 웹툰 Plus
            {"displayName":42}                                | NONE
            {"displayName":{"en":"Daily Herald"}}             | NONE
            {"label":"Daily Herald"}                          | NONE
            {}                                                | NONE
            NONE                                              | NONE
            """)
    void anAccountsDisplayNameComesFromItsMetadata(String metadataJson, String displayName) {
        assertThat(LedgerEventMapper.displayName(metadataJson)).isEqualTo(displayName);
    }

    @ParameterizedTest(name = "a name of {0} code points is left out, not cut short")
    @CsvSource({"129", "500"})
    void aNameLongerThanTheLimitIsLeftOut(int length) {
        assertThat(LedgerEventMapper.displayName("{\"displayName\":\"" + "n".repeat(length) + "\"}")).isNull();
    }
}
