package dev.microledger.query.account;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class AccountResponseTests {

    @ParameterizedTest(name = "{0} balance {1} pending {2} credit limit {3} -> available {4}")
    @CsvSource({
            "USER,     10000000, 0,       0,       10",
            "USER,     -1500000, 0,       5000000, 3.5",
            "USER,     1000000,  250000,  0,       0.75",
            "MERCHANT, 2500,     0,       0,       0.0025",
            "SYSTEM,   -10000000, 0,      5000000, -10",
            "SYSTEM,   -10000000, 1000000, 0,      -11",
    })
    void availableIsBalanceLessPendingPlusCreditLimitExceptForSystemAccounts(String kind, long balanceMinor,
                                                                           long pendingMinor, long creditLimitMinor,
                                                                           String available) {
        AccountRow row = new AccountRow("a", "USD", 6, kind, "OPEN", balanceMinor, pendingMinor, creditLimitMinor, 3,
                Instant.EPOCH, Instant.EPOCH);

        assertThat(AccountResponse.of(row).available()).isEqualTo(available);
    }

    @ParameterizedTest
    @CsvSource({
            "-150,  2, -1.5",
            "0,     6, 0",
            "30000, 2, 300",
            "1,     6, 0.000001",
    })
    void amountsAreRenderedInPlainNotationAtTheAccountsScale(long balanceMinor, int scale, String balance) {
        AccountRow row = new AccountRow("a", "KRW", scale, "USER", "OPEN", balanceMinor, 0, 0, 0, Instant.EPOCH,
                Instant.EPOCH);

        assertThat(AccountResponse.of(row).balance()).isEqualTo(balance);
    }

    @Test
    void anAccountIsAnsweredWithItsDisplayNameOrNullWithoutOne() {
        AccountRow named = new AccountRow("daily-herald", "USD", 6, "MERCHANT", "OPEN", 0, 0, 0, 0, Instant.EPOCH,
                Instant.EPOCH, "Daily Herald");
        AccountRow unnamed = new AccountRow("alice", "USD", 6, "USER", "OPEN", 0, 0, 0, 0, Instant.EPOCH, Instant.EPOCH);

        assertThat(AccountResponse.of(named).displayName()).isEqualTo("Daily Herald");
        assertThat(AccountResponse.of(unnamed).displayName()).isNull();
    }
}
