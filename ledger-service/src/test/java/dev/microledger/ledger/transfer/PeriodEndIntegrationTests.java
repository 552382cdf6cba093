package dev.microledger.ledger.transfer;

import dev.microledger.ledger.LedgerIntegrationTestSupport;
import dev.microledger.postgres.PostgresDatabase;
import dev.microledger.postgres.SharedTestPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What falls due at a period's end happens by itself: a billing period that ended (also while
 * nobody asked) gets its bill, a bill unpaid past its due date stops the account's spending, and a
 * merchant on a weekly schedule is paid out above its minimum. Time is moved with the demo clock,
 * on a database of its own so that the clock may go back to the start of the story (and so that
 * this service's jobs and publisher never touch the other tests' accounts).
 */
class PeriodEndIntegrationTests extends LedgerIntegrationTestSupport {

    private static final PostgresDatabase DATABASE = SharedTestPostgres.freshDatabase("ledger_period_end");

    @DynamicPropertySource
    static void ownDatabaseAndDemoClock(DynamicPropertyRegistry registry) {
        // The pool's own properties are bound after spring.datasource.*, which the support class sets.
        registry.add("spring.datasource.hikari.jdbc-url", DATABASE::url);
        registry.add("spring.datasource.hikari.username", DATABASE::username);
        registry.add("spring.datasource.hikari.password", DATABASE::password);
        registry.add("ledger.demo-clock.enabled", () -> true);
        registry.add("ledger.period-end.check-interval-millis", () -> 3_600_000);
    }

    @Autowired
    private PeriodEndJob job;

    @Autowired
    private JdbcTemplate jdbc;

    private void at(Instant time) {
        assertThat(put("/demo/clock", "{\"at\":\"" + time + "\"}").status()).isEqualTo(200);
    }

    @Test
    void billsCloseAndMerchantsArePaidOutByThemselves() {
        // Tuesday of the week, about seven weeks back: every step below is in the past, as the clock needs.
        Instant start = Instant.now().minus(49, ChronoUnit.DAYS).truncatedTo(ChronoUnit.DAYS).plus(10, ChronoUnit.HOURS);
        at(start);
        openAccount("funding", "USD", "SYSTEM", null);
        openAccount("payouts", "USD", "SYSTEM", null);
        openAccount("kim", "USD", "USER", "50");
        openAccount("news", "USD", "MERCHANT", null);
        assertThat(put("/accounts/news/payouts", "{\"frequency\":\"WEEKLY\",\"payoutAccountId\":\"payouts\","
                + "\"minimum\":\"0.5\"}").status()).isEqualTo(200);
        assertThat(transfer("t-1", "kim", "news", "0.3", "USD").status()).isEqualTo(201);
        at(start.plus(2, ChronoUnit.DAYS));
        assertThat(transfer("t-2", "kim", "news", "0.4", "USD").status()).isEqualTo(201);

        // A week on, the payout is due: both payments, 0.7, are above the minimum.
        at(start.plus(8, ChronoUnit.DAYS));
        job.payOutDue();
        assertThat(readAccount("payouts").balanceMinor()).isEqualTo(700_000);
        assertThat(readAccount("news").balanceMinor()).isZero();
        assertThat(transfer("t-3", "kim", "news", "0.1", "USD").status()).isEqualTo(201);
        // The next week's 0.1 is below the minimum: it waits.
        at(start.plus(15, ChronoUnit.DAYS));
        job.payOutDue();
        assertThat(readAccount("payouts").balanceMinor()).isEqualTo(700_000);
        assertThat(readAccount("news").balanceMinor()).isEqualTo(100_000);

        // Past the end of the month of the first payments, their period has a bill.
        Instant monthEnd = start.atZone(java.time.ZoneOffset.UTC).withDayOfMonth(1).plusMonths(1).toInstant();
        Instant afterMonthEnd = monthEnd.plus(1, ChronoUnit.DAYS);
        if (afterMonthEnd.isBefore(start.plus(16, ChronoUnit.DAYS))) {
            afterMonthEnd = start.plus(16, ChronoUnit.DAYS);
        }
        at(afterMonthEnd);
        job.closeEnded();
        Map<String, Object> bill = jdbc.queryForMap("SELECT bill_id, amount_due_minor, period_end, due_at "
                + "FROM bill_record WHERE account_id = 'kim' ORDER BY period_start LIMIT 1");
        assertThat(((Number) bill.get("amount_due_minor")).longValue()).isPositive();
        job.closeEnded();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM bill_record WHERE account_id = 'kim'", Long.class))
                .isLessThanOrEqualTo(2);

        // Fifteen days after the period's end the bill is overdue and kim can pay nothing more until it is paid.
        at(((java.sql.Timestamp) bill.get("due_at")).toInstant().plusSeconds(60));
        Response declined = transfer("t-4", "kim", "news", "0.1", "USD");
        assertThat(declined.code()).isEqualTo("bill_overdue");
        assertThat(post("/bills/" + bill.get("bill_id") + "/payments", "{\"paymentId\":\"p-1\",\"debitAccountId\":"
                + "\"funding\"}").status()).isEqualTo(201);
        assertThat(transfer("t-4", "kim", "news", "0.1", "USD").status()).isEqualTo(201);
        assertThat(put("/demo/clock", "{\"at\":\"" + Instant.now().plusSeconds(3600) + "\"}").status()).isEqualTo(422);
    }
}
