package dev.microledger.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.microledger.launcher.demo.DemoSeeder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in a real browser, Debian's headless Chromium driven through its ChromeDriver,
 * against the whole system seeded with the demo's month: the page loads without console errors,
 * a lookup shows the balance query-service holds, the charts are drawn with data, a postpaid
 * account's bill and what aggregation saved show the figures query-service holds, and their CSV
 * links download files. One seeded system serves every test. Screenshots of both views and of a
 * bill are written to target/screenshots, and also to the directory the system property
 * {@value #SCREENSHOTS_PROPERTY} names (the README's pictures come from
 * {@code -Ddashboard.screenshots.dir=$PWD/docs}).
 */
class DashboardBrowserIntegrationTests {

    static final String SCREENSHOTS_PROPERTY = "dashboard.screenshots.dir";
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration PAGE_TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static EmbeddedSystem system;
    private static ChromeDriver browser;
    private static Path downloads;
    private static DemoSeeder.Result seeded;
    private static String seedingOutput;

    @BeforeAll
    static void startSeededSystemAndBrowser() throws Exception {
        assertThat(CHROMIUM).as("Debian's chromium package (apt-get install chromium chromium-driver; .ci/run does)").isExecutable();
        assertThat(CHROMEDRIVER).as("Debian's chromium-driver package").isExecutable();
        Path directory = TestDirectories.enterableByOthers(Files.createTempDirectory("micro-ledger-dashboard"));
        downloads = Files.createDirectories(directory.resolve("downloads"));
        system = EmbeddedSystem.start(EmbeddedSystem.Settings.defaults(directory.resolve("data")).withPorts(0, 0, 0, 0, 0)
                .withLedgerArguments(List.of(LauncherOptions.DEMO_CLOCK_ARGUMENT)));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        seeded = Launcher.seedDemo(system, new PrintStream(printed, true, StandardCharsets.UTF_8));
        seedingOutput = printed.toString(StandardCharsets.UTF_8);
        assertThat(seeded).as("the demo was seeded; the launcher printed:%n%s", seedingOutput).isNotNull();
        browser = startBrowser();
    }

    @AfterAll
    static void stop() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (system != null) {
            system.close();
        }
        if (downloads != null) {
            try (Stream<Path> files = Files.walk(downloads)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    @BeforeEach
    void forgetEarlierConsoleLines() {
        consoleErrors();
    }

    @Test
    void theDemoSeedsAMonthThatGotExactlyTheAnswersThePlanExpectedAndSaysWhereTheDashboardIs() {
        assertThat(seeded.outcome()).isEqualTo(DemoSeeder.Outcome.SEEDED);
        assertThat(seeded.mismatches()).isEmpty();
        assertThat(seeded.mismatchCount()).isZero();
        assertThat(seedingOutput).contains("article payments", "declined payments", "fee schedules", "kim's bills",
                "weekly merchant payouts", "Dashboard: " + system.queryUrl() + "/#/account/alice");
        assertThat(seeded.report().declineCount()).isPositive();
        assertThat(seeded.report().declines()).containsKeys("insufficient_funds", "limit_exceeded", "account_frozen");
    }

    @Test
    void theDemoBillsKimPaysEveryMerchantOutAndFillsTheSavingsReport() throws Exception {
        JsonNode bills = query("/accounts/kim/bills").path("bills");
        JsonNode settlements = query("/settlements").path("settlements");
        JsonNode savings = query("/analytics/savings").path("rows");

        assertThat(bills).isNotEmpty();
        assertThat(bills).anyMatch(bill -> bill.path("status").asText().equals("PAID"));
        for (JsonNode bill : bills) {
            assertThat(bill.path("lines")).isNotEmpty();
            BigDecimal total = BigDecimal.ZERO;
            for (JsonNode line : bill.path("lines")) {
                total = total.add(new BigDecimal(line.path("total").asText()));
            }
            assertThat(total).isEqualByComparingTo(bill.path("amountDue").asText()).isPositive();
            assertThat(bill.path("overdue").asBoolean()).isFalse();
        }
        List<String> paidOut = new ArrayList<>();
        settlements.forEach(settlement -> paidOut.add(settlement.path("merchantAccountId").asText()));
        assertThat(paidOut).contains("daily-herald", "tech-weekly", "city-gazette", "science-now", "creator-lena",
                "pixel-forge", "dragon-quarry", "webtoon-kr", "game-kr");
        assertThat(settlements).filteredOn(settlement -> settlement.path("merchantAccountId").asText().equals("daily-herald"))
                .allSatisfy(settlement -> assertThat(new BigDecimal(settlement.path("fees").asText())).isPositive());
        List<String> currencies = new ArrayList<>();
        for (JsonNode row : savings) {
            currencies.add(row.path("currency").asText());
            long payments = row.path("payments").asLong();
            assertThat(payments).as(row.toString())
                    .isGreaterThan(row.path("externalCharges").asLong() + row.path("payouts").asLong());
            assertThat(row.path("payouts").asLong()).as(row.toString()).isPositive();
            assertThat(new BigDecimal(row.path("saved").asText())).as(row.toString()).isPositive();
        }
        assertThat(currencies).containsExactly("KRW", "USD");
        assertThat(query("/accounts/platform-fees").path("balance").asText())
                .isEqualTo(seeded.report().economics().feesReceived());
    }

    @Test
    void theAccountViewShowsKimsBillWithItsLinesAndDownloadsThemAsCsv() throws Exception {
        JsonNode bills = query("/accounts/kim/bills").path("bills");
        JsonNode bill = bills.get(0);
        for (JsonNode candidate : bills) {
            if (candidate.path("status").asText().equals("OPEN")) {
                bill = candidate;
                break;
            }
        }
        open("/#/account/kim");
        awaitState("accountState", "ready");

        assertThat(panelState("panel-bill")).isEqualTo("ready");
        assertThat(text("bill-title")).isEqualTo(bill.path("status").asText().equals("OPEN") ? "Open bill" : "Latest bill");
        String facts = text("bill-facts");
        assertThat(facts).contains(bill.path("status").asText().toLowerCase(),
                exactMoney(bill.path("amountDue").asText(), "KRW"), exactMoney(bill.path("amountPaid").asText(), "KRW"));
        List<WebElement> rows = browser.findElements(By.cssSelector("#bill-lines tr"));
        JsonNode lines = bill.path("lines");
        assertThat(rows).hasSize(lines.size() + 1);
        for (int index = 0; index < lines.size(); index++) {
            JsonNode line = lines.get(index);
            // The merchant by the name the demo opened it with, which query-service answers.
            String merchantName = query("/accounts/" + line.path("merchantAccountId").asText()).path("displayName").textValue();
            assertThat(merchantName).isNotBlank().isNotEqualTo(line.path("merchantAccountId").asText());
            assertThat(rows.get(index).getText()).isEqualTo(merchantName + " "
                    + line.path("category").asText() + " " + grouped(line.path("count").asLong()) + " "
                    + exactMoney(line.path("total").asText(), "KRW"));
        }
        assertThat(rows.get(lines.size()).getText()).startsWith("Total").endsWith(exactMoney(bill.path("amountDue").asText(), "KRW"));

        String fileName = bill.path("billId").asText() + ".csv";
        browser.findElement(By.id("bill-csv")).click();
        awaitTrue(() -> "downloaded".equals(browser.findElement(By.id("bill-csv")).getAttribute("data-state")), "the download");
        List<String> csv = downloaded(fileName);
        assertThat(csv.get(0)).isEqualTo("billId,merchantAccountId,category,count,total,currency");
        assertThat(csv).hasSize(lines.size() + 1);
        assertThat(csv.get(1)).startsWith(bill.path("billId").asText() + "," + lines.get(0).path("merchantAccountId").asText() + ",");
        assertThat(consoleErrors()).isEmpty();
        screenshot("dashboard-bill.png");
    }

    @Test
    void theAccountViewShowsTheBalanceQueryServiceHoldsAndDrawsItsCharts() throws Exception {
        JsonNode alice = query("/accounts/alice");
        JsonNode spending = query("/accounts/alice/spending?month=" + currentMonth());
        open("/#/account");

        WebElement input = browser.findElement(By.id("lookup-id"));
        input.clear();
        input.sendKeys("alice");
        browser.findElement(By.cssSelector("#lookup button[type=submit]")).click();
        awaitState("accountState", "ready");

        assertThat(text("account-balance")).isEqualTo(money(alice.path("balance").asText(), "USD"));
        assertThat(text("account-available")).isEqualTo(money(alice.path("available").asText(), "USD"));
        assertThat(text("account-status")).isEqualTo("OPEN");
        assertThat(panelState("panel-budget")).isEqualTo("ready");
        assertThat(chartPoints("chart-budget")).isEqualTo(2);
        assertThat(chartPoints("chart-account-category")).isEqualTo(spending.path("byCategory").size()).isPositive();
        // The daily chart ends today, not at the month's end.
        assertThat(chartPoints("chart-daily")).isEqualTo(daysSoFar(spending)).isPositive();
        assertThat(chartOption("chart-daily", "scales.y.title.text")).isEqualTo("USD per day");
        assertThat(canvasHasInk("chart-account-category")).isTrue();
        assertThat(canvasHasInk("chart-daily")).isTrue();
        assertThat(browser.findElements(By.cssSelector("#entries tr"))).hasSize(20);
        assertThat(browser.findElements(By.cssSelector("#alerts li"))).isNotEmpty();
        // alice pays from a wallet: she has no bills, and no bill panel.
        assertThat(browser.findElement(By.id("panel-bill")).isDisplayed()).isFalse();
        assertThat(consoleErrors()).isEmpty();
        screenshot("dashboard-account.png");
    }

    @Test
    void theAnalystViewShowsWhatAggregationSavedAndDrawsSpendingByCategoryAndHourSizesAndDeclines() throws Exception {
        open("/#/analyst");
        awaitState("analystState", "ready");
        String from = browser.findElement(By.id("analyst-from")).getAttribute("value");
        String to = browser.findElement(By.id("analyst-to")).getAttribute("value");
        JsonNode savings = query("/analytics/savings?currency=USD&from=" + from + "&to=" + to).path("rows").get(0);

        assertThat(panelState("panel-analyst-savings")).isEqualTo("ready");
        List<String> flows = browser.findElements(By.cssSelector("#savings-flows tr")).stream().map(WebElement::getText).toList();
        assertThat(flows).containsExactly(
                "Payments carried in the ledger " + grouped(savings.path("payments").asLong()) + " "
                        + money(savings.path("paymentsTotal").asText(), "USD"),
                "External charges (top-ups, bill payments) " + grouped(savings.path("externalCharges").asLong()) + " "
                        + money(savings.path("externalChargesTotal").asText(), "USD"),
                "Payouts to merchants " + grouped(savings.path("payouts").asLong()) + " "
                        + money(savings.path("payoutsTotal").asText(), "USD"));
        assertThat(text("savings-facts")).contains(money(savings.path("perPaymentCardCost").asText(), "USD"),
                money(savings.path("aggregatedCardCost").asText(), "USD"),
                money(savings.path("saved").asText(), "USD") + " ("
                        + new BigDecimal(savings.path("savedPercent").asText()).stripTrailingZeros().toPlainString() + " %)");
        assertThat(new BigDecimal(savings.path("saved").asText())).isPositive();
        assertThat(chartPoints("chart-analyst-savings")).isEqualTo(2);
        assertThat(canvasHasInk("chart-analyst-savings")).isTrue();
        String fileName = "savings-USD-" + from + "-" + to + ".csv";
        browser.findElement(By.id("savings-csv")).click();
        awaitTrue(() -> "downloaded".equals(browser.findElement(By.id("savings-csv")).getAttribute("data-state")), "the download");
        List<String> csv = downloaded(fileName);
        assertThat(csv.get(0)).startsWith("currency,cardRate,cardFixed,payments,");
        assertThat(csv).hasSize(2);
        assertThat(csv.get(1)).startsWith("USD,");

        assertThat(chartPoints("chart-analyst-category")).isPositive();
        assertThat(chartPoints("chart-analyst-hour")).isEqualTo(24);
        assertThat(chartPoints("chart-analyst-sizes")).isPositive();
        assertThat(chartPoints("chart-analyst-declines")).isPositive();
        for (String canvas : List.of("chart-analyst-category", "chart-analyst-hour", "chart-analyst-sizes", "chart-analyst-declines")) {
            assertThat(canvasHasInk(canvas)).as(canvas).isTrue();
        }
        // Each currency's sum in its own digits: 0.00 USD, 0 KRW.
        assertThat(browser.findElements(By.cssSelector("#trial-balance tr"))).extracting(WebElement::getText)
                .isNotEmpty()
                .allSatisfy(row -> assertThat(row).endsWith(" " + money("0", row.substring(0, row.indexOf(' ')))))
                .anySatisfy(row -> assertThat(row).startsWith("KRW ").endsWith(" 0 KRW"));
        assertThat(consoleErrors()).isEmpty();
        screenshot("dashboard-analyst.png");
    }

    @Test
    void theDashboardAsksForAKeyAndSaysClearlyWhyOneIsRefused() {
        browser.get(system.queryUrl() + "/");
        browser.executeScript("sessionStorage.clear()");
        openSignedOut("/#/account/alice");

        assertThat(browser.executeScript("return document.body.dataset.signIn")).isEqualTo("asked");
        assertThat(browser.findElement(By.id("view-sign-in")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("view-account")).isDisplayed()).isFalse();

        signIn("mlk_aaaaaaaaaaaaaaaa_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");
        awaitTrue(() -> "refused".equals(browser.executeScript("return document.body.dataset.signIn")), "the refusal");
        assertThat(text("sign-in-message")).contains("The key was refused");

        signIn(system.keptKey("dashboard-support.key", "dashboard support", "support"));
        awaitState("accountState", "ready");
        assertThat(text("account-status")).isEqualTo("OPEN");
        browser.get(system.queryUrl() + "/#/analyst");
        awaitTrue(() -> "refused".equals(browser.executeScript("return document.body.dataset.signIn")), "the refusal");
        assertThat(text("sign-in-message")).contains("role analyst");

        browser.findElement(By.id("sign-out")).click();
        assertThat(browser.executeScript("return sessionStorage.length")).isEqualTo(0L);
        consoleErrors();
    }

    @Test
    void anUnknownAccountShowsTheProblemsDetailAndNoStaleFigures() throws Exception {
        String detail = queryAnswer("/accounts/nobody-here").path("detail").asText();
        open("/#/account/alice");
        awaitState("accountState", "ready");

        browser.get(system.queryUrl() + "/#/account/nobody-here");
        awaitState("accountState", "failed");

        WebElement problem = browser.findElement(By.id("account-error"));
        assertThat(problem.isDisplayed()).isTrue();
        assertThat(problem.getText()).contains("nobody-here", detail, "account_not_found");
        assertThat(browser.findElement(By.id("account")).isDisplayed()).isFalse();
        // The browser reports the 404 itself; nothing else may have gone wrong.
        assertThat(consoleErrors()).allSatisfy(line -> assertThat(line).contains("/accounts/nobody-here", "404"));
    }

    @Test
    void anAccountThatOnlyReceivesShowsEmptyStatesRatherThanEmptyCharts() {
        open("/#/account/creator-lena");
        awaitState("accountState", "ready");

        assertThat(panelState("panel-budget")).isEqualTo("empty");
        assertThat(text("panel-budget")).contains("No budget set");
        assertThat(panelState("panel-category")).isEqualTo("empty");
        assertThat(text("panel-category")).contains("No payments in this period");
        assertThat(panelState("panel-daily")).isEqualTo("empty");
        assertThat(panelState("panel-entries")).isEqualTo("ready");
        assertThat(browser.findElement(By.id("panel-bill")).isDisplayed()).isFalse();
        assertThat(browser.executeScript("return Chart.getChart(document.getElementById('chart-account-category')) === undefined"))
                .isEqualTo(true);
        assertThat(consoleErrors()).isEmpty();
    }

    @ParameterizedTest(name = "{0} {1} reads \"{2}\", exactly \"{3}\"")
    @CsvSource(delimiter = '|', textBlock = """
            0.402386 | USD | 0.40         | 0.402386
            0.0025   | USD | 0.0025       | 0.0025
            0.995    | USD | 1.00         | 0.995
            16.01    | USD | 16.01        | 16.01
            1234567  | USD | 1,234,567.00 | 1,234,567.00
            -1.5     | EUR | −1.50        | −1.50
            15000    | KRW | 15,000       | 15,000
            15000.50 | KRW | 15,001       | 15,000.5
            1000     | JPY | 1,000        | 1,000
            0        | KRW | 0            | 0
            """)
    void amountsReadAsPeopleReadThemInTheirCurrencysDigits(String amount, String currency, String readable, String exact) {
        assertThat(formatted("money", amount, currency)).isEqualTo(readable + " " + currency).isEqualTo(money(amount, currency));
        assertThat(formatted("exactMoney", amount, currency)).isEqualTo(exact + " " + currency)
                .isEqualTo(exactMoney(amount, currency));
    }

    @Test
    void anAverageOfManyDigitsReadsInCentsASubCentPaymentKeepsItsDigitsAndOnTrackNeverStandsBesideAProjectionOverBudget()
            throws Exception {
        String month = currentMonth();
        // query-service's pace has a tolerance: ON_TRACK with a projection over the budget is an answer it can give.
        long script = answerPatched("/accounts/alice/spending?month=", "{\"averagePayment\":\"0.402386\",\"largestPayment\":\"0.0025\","
                + "\"budget\":{\"monthly\":\"30\",\"used\":\"10\",\"usedPercent\":33.3,\"pace\":\"ON_TRACK\","
                + "\"projectedSpend\":\"38.75\",\"month\":\"" + month + "\"}}");
        try {
            open("/#/account/alice");
            awaitState("accountState", "ready");

            assertThat(fact("spending-facts", "Average payment")).isEqualTo("0.40 USD");
            assertThat(fact("spending-facts", "Largest payment")).isEqualTo("0.0025 USD");
            assertThat(fact("budget-facts", "Projected this month")).isEqualTo("38.75 USD");
            assertThat(text("budget-pace")).isEqualTo("heading over budget");
            assertThat(text("panel-budget")).doesNotContainIgnoringCase("on track");
            assertThat(consoleErrors()).isEmpty();
        } finally {
            browser.executeCdpCommand("Page.removeScriptToEvaluateOnNewDocument", Map.of("identifier", String.valueOf(script)));
        }
        // Without the changed answer, the page shows query-service's own again.
        String average = query("/accounts/alice/spending?month=" + month).path("averagePayment").asText();
        open("/#/account/alice");
        awaitState("accountState", "ready");
        assertThat(fact("spending-facts", "Average payment")).isEqualTo(money(average, "USD"));
    }

    @Test
    void aMonthIsComparedWithAsManyDaysOfTheMonthBeforeAndItsChartEndsToday() throws Exception {
        JsonNode spending = query("/accounts/alice/spending?month=" + currentMonth());
        LocalDate from = LocalDate.parse(spending.path("from").asText());
        LocalDate to = LocalDate.parse(spending.path("to").asText());
        LocalDate today = LocalDate.now(ZoneId.of(spending.path("timezone").asText()));
        int elapsed = today.isAfter(to) ? to.getDayOfMonth() : today.getDayOfMonth();
        LocalDate previousFrom = from.minusMonths(1);
        int days = Math.min(elapsed, previousFrom.lengthOfMonth());
        JsonNode previous = query("/accounts/alice/spending?from=" + previousFrom + "&to=" + previousFrom.plusDays(days - 1));
        BigDecimal spent = new BigDecimal(spending.path("spent").asText());
        BigDecimal before = new BigDecimal(previous.path("spent").asText());
        String month = previousFrom.getMonth().getDisplayName(TextStyle.SHORT, Locale.US);
        // The demo's history begins 30 days ago, so early in a month the same days of the month before may be empty.
        String change = "nothing before";
        if (before.signum() > 0) {
            BigDecimal percent = spent.subtract(before).multiply(BigDecimal.valueOf(100)).divide(before, 1, RoundingMode.HALF_UP);
            String sign = percent.signum() > 0 ? "+" : percent.signum() < 0 ? "−" : "";
            change = sign + percent.abs().stripTrailingZeros().toPlainString() + " %";
        }

        open("/#/account/alice");
        awaitState("accountState", "ready");

        String label = "Against " + month + (days == 1 ? " 1" : " 1–" + days);
        assertThat(fact("spending-facts", label)).isEqualTo(change + " (" + money(previous.path("spent").asText(), "USD") + " then)");
        assertThat(chartPoints("chart-daily")).isEqualTo(daysSoFar(spending));
        assertThat(consoleErrors()).isEmpty();
    }

    @Test
    void aKrwAccountShowsNoDecimalsItsOwnSmallPaymentThresholdAndTimesWithTheirZone() throws Exception {
        JsonNode kim = query("/accounts/kim");
        open("/#/account/kim");
        awaitState("accountState", "ready");

        assertThat(text("account-balance")).isEqualTo(money(kim.path("balance").asText(), "KRW")).doesNotContain(".");
        assertThat(text("spending-facts")).contains("Small payments (up to 1,000 KRW each)");
        assertThat(fact("spending-facts", "Spent")).matches("[0-9,]+ KRW");
        List<WebElement> cells = browser.findElements(By.cssSelector("#entries tr td:first-child"));
        assertThat(cells).isNotEmpty().allSatisfy(cell -> assertThat(cell.getText()).matches(".*\\d{2}:\\d{2}( [AP]M)? (UTC|GMT[+−-][0-9:]+|[A-Z]{2,5})"));
        assertThat(browser.findElements(By.cssSelector("#entries tr td.num"))).isNotEmpty()
                .allSatisfy(cell -> assertThat(cell.getText()).doesNotContain("."));
        assertThat(consoleErrors()).isEmpty();
    }

    @Test
    void merchantsAreShownByTheNamesPeopleKnowThemByWithTheirIdsAtHand() throws Exception {
        JsonNode spending = query("/accounts/alice/spending?month=" + currentMonth());
        JsonNode entries = query("/accounts/alice/entries?limit=20").path("entries");
        open("/#/account/alice");
        awaitState("accountState", "ready");

        JsonNode top = spending.path("topMerchants");
        assertThat(top).isNotEmpty();
        List<WebElement> merchants = browser.findElements(By.cssSelector("#top-merchants a"));
        assertThat(merchants).hasSize(Math.min(top.size(), 5));
        for (int index = 0; index < merchants.size(); index++) {
            String merchantId = top.get(index).path("accountId").asText();
            String name = query("/accounts/" + merchantId).path("displayName").textValue();
            assertThat(name).as(merchantId).isNotBlank();
            assertThat(merchants.get(index).getText()).isEqualTo(name);
            assertThat(merchants.get(index).getAttribute("title")).isEqualTo(merchantId);
        }
        List<WebElement> counterparties = browser.findElements(By.cssSelector("#entries td a.account-link"));
        List<String> expected = new ArrayList<>();
        for (JsonNode entry : entries) {
            if (entry.path("counterpartyAccountId").isTextual()) {
                String counterparty = entry.path("counterpartyAccountId").asText();
                JsonNode account = query("/accounts/" + counterparty);
                expected.add(account.path("displayName").isTextual() ? account.path("displayName").asText() : counterparty);
            }
        }
        assertThat(counterparties).extracting(WebElement::getText).containsExactlyElementsOf(expected);
        assertThat(counterparties).extracting(WebElement::getText).anySatisfy(name -> assertThat(name).isIn(
                "Daily Herald", "Tech Weekly", "City Gazette", "Science Now", "Lena Draws", "Omar Cooks", "Yuki Sings",
                "Pixel Forge", "Dragon Quarry"));
        assertThat(consoleErrors()).isEmpty();
    }

    @Test
    void theStartPageFindsAnAccountRemembersTheRecentOnesAndLeadsToTheAnalystView() {
        open("/#/account/erin");
        awaitState("accountState", "ready");
        open("/#/account");
        awaitState("accountState", "empty");

        assertThat(browser.findElement(By.id("start")).isDisplayed()).isTrue();
        assertThat(browser.findElements(By.cssSelector("#recent-accounts a"))).extracting(WebElement::getText).first().isEqualTo("erin");

        browser.findElement(By.id("search-prefix")).sendKeys("ali");
        awaitState("searchState", "ready");
        List<WebElement> found = browser.findElements(By.cssSelector("#search-results a"));
        assertThat(found).extracting(WebElement::getText).contains("alice").allSatisfy(id -> assertThat(id).startsWith("ali"));
        found.stream().filter(link -> link.getText().equals("alice")).findFirst().orElseThrow().click();
        awaitState("accountState", "ready");
        assertThat(browser.getCurrentUrl()).endsWith("#/account/alice");
        assertThat(browser.findElement(By.id("start")).isDisplayed()).isFalse();

        open("/#/account");
        awaitState("accountState", "empty");
        assertThat(browser.findElements(By.cssSelector("#recent-accounts a"))).extracting(WebElement::getText)
                .startsWith("alice", "erin");
        browser.findElement(By.id("start-analyst")).click();
        awaitState("analystState", "ready");
        assertThat(browser.findElement(By.id("view-analyst")).isDisplayed()).isTrue();
        assertThat(consoleErrors()).isEmpty();
    }

    @Test
    void everyAnalystPanelDownloadsItsFiguresAsCsvAndItsChartsCarryValuesAndUnits() throws Exception {
        open("/#/analyst");
        awaitState("analystState", "ready");
        String from = browser.findElement(By.id("analyst-from")).getAttribute("value");
        String to = browser.findElement(By.id("analyst-to")).getAttribute("value");
        String period = "USD-" + from + "-" + to;
        Map<String, String[]> downloads = Map.of(
                "category-csv", new String[] {"spending-by-category-" + period + ".csv", "key,total,count,payers,currency"},
                "hour-csv", new String[] {"spending-by-hour-" + period + ".csv", "key,total,count,payers,currency"},
                "sizes-csv", new String[] {"payment-sizes-" + period + ".csv", "upTo,count,total,currency"},
                "declines-csv", new String[] {"declines-" + period + ".csv", "reason,layer,hour,count"},
                "trial-balance-csv", new String[] {"trial-balance.csv", "currency,accounts,sumOfBalances"});
        for (Map.Entry<String, String[]> download : downloads.entrySet()) {
            String id = download.getKey();
            browser.findElement(By.id(id)).click();
            awaitTrue(() -> "downloaded".equals(browser.findElement(By.id(id)).getAttribute("data-state")), "the download of " + id);
            List<String> csv = downloaded(download.getValue()[0]);
            assertThat(csv).as(id).hasSizeGreaterThan(1);
            assertThat(csv.get(0)).as(id).isEqualTo(download.getValue()[1]);
        }

        JsonNode categories = query("/analytics/spending?groupBy=category&currency=USD&from=" + from + "&to=" + to).path("rows");
        assertThat(valueLabels("chart-analyst-category")).hasSize(categories.size())
                .contains(money(categories.get(0).path("total").asText(), "USD"));
        assertThat(chartOption("chart-analyst-category", "scales.x.title.text")).isEqualTo("spent (USD)");
        assertThat(valueLabels("chart-analyst-savings")).hasSize(2).allSatisfy(label -> assertThat(label).endsWith(" USD"));
        assertThat(valueLabels("chart-analyst-sizes")).isNotEmpty().allSatisfy(label -> assertThat(label).matches("[0-9,]+"));
        assertThat(chartOption("chart-analyst-sizes", "scales.x.title.text")).isEqualTo("payment size (USD)");
        assertThat(chartOption("chart-analyst-sizes", "scales.y.title.text")).isEqualTo("payments");
        assertThat(valueLabels("chart-analyst-declines")).isNotEmpty();
        assertThat(chartOption("chart-analyst-hour", "scales.y.title.text")).isEqualTo("spent (USD)");
        assertThat(consoleErrors()).isEmpty();
    }

    @Test
    void aPhoneSizedWindowNeverScrollsSideways() {
        Dimension wide = browser.manage().window().getSize();
        browser.manage().window().setSize(new Dimension(375, 812));
        try {
            for (String[] page : new String[][] {{"/#/account", "accountState", "empty"},
                    {"/#/account/alice", "accountState", "ready"}, {"/#/account/kim", "accountState", "ready"},
                    {"/#/analyst", "analystState", "ready"}}) {
                open(page[0]);
                awaitState(page[1], page[2]);
                Object width = browser.executeScript("return [document.documentElement.scrollWidth, window.innerWidth]");
                assertThat(width).as(page[0]).asList().hasSize(2);
                List<?> widths = (List<?>) width;
                assertThat(((Number) widths.get(1)).longValue()).as(page[0] + ": the window's width").isLessThanOrEqualTo(400);
                assertThat(((Number) widths.get(0)).longValue()).as(page[0] + ": the page's width (scrollWidth)")
                        .isLessThanOrEqualTo(((Number) widths.get(1)).longValue());
            }
            screenshot("dashboard-phone.png");
        } catch (IOException exception) {
            throw new UncheckedIOException(exception);
        } finally {
            browser.manage().window().setSize(wide);
        }
        assertThat(consoleErrors()).isEmpty();
    }

    @Test
    void theBannerOfADemoLeavesTheDashboardsAddressForWhenTheDataIsIn() {
        ByteArrayOutputStream beforeSeeding = new ByteArrayOutputStream();
        Launcher.printBanner(system, new PrintStream(beforeSeeding, true, StandardCharsets.UTF_8), false);
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        Launcher.printBanner(system, new PrintStream(plain, true, StandardCharsets.UTF_8), true);

        assertThat(beforeSeeding.toString(StandardCharsets.UTF_8)).contains("micro-ledger is running").doesNotContain("Dashboard");
        assertThat(plain.toString(StandardCharsets.UTF_8)).contains("Dashboard: " + system.queryUrl() + "/");
        assertThat(seedingOutput.indexOf("Dashboard: ")).isGreaterThan(seedingOutput.indexOf("Seeded in "));
    }

    @Test
    void thePageStartsWithoutErrorsAndAsksForAnAccount() {
        open("/");

        assertThat(browser.getTitle()).isEqualTo("micro-ledger dashboard");
        assertThat(text("lookup-message")).startsWith("Enter an account id");
        assertThat(browser.executeScript("return typeof Chart")).isEqualTo("function");
        assertThat(consoleErrors()).isEmpty();
    }

    private static ChromeDriver startBrowser() {
        // Both paths are given, so Selenium never looks for (or downloads) a browser or a driver.
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // No sandbox: CI runs as root, where Chromium's sandbox refuses to start.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1400,1800", "--lang=en-US", "--no-first-run", "--disable-extensions");
        LoggingPreferences logging = new LoggingPreferences();
        logging.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logging);
        ChromeDriver driver = new ChromeDriver(service, options);
        // Downloads land in the test's own directory, which is deleted afterwards.
        driver.executeCdpCommand("Browser.setDownloadBehavior", Map.<String, Object>of("behavior", "allow",
                "downloadPath", downloads.toAbsolutePath().toString()));
        driver.manage().timeouts().pageLoadTimeout(PAGE_TIMEOUT);
        driver.manage().timeouts().scriptTimeout(PAGE_TIMEOUT);
        return driver;
    }

    /** Loads the page afresh, so no state of an earlier test is left in it, signed in with the analyst key. */
    private static void open(String path) {
        openSignedOut(path);
        Object signIn = browser.executeScript("return document.body.dataset.signIn");
        if (!"in".equals(signIn)) {
            signIn(analystKey());
            awaitTrue(() -> "in".equals(browser.executeScript("return document.body.dataset.signIn")), "the sign-in");
        }
    }

    private static void openSignedOut(String path) {
        browser.get("about:blank");
        browser.get(system.queryUrl() + path);
        awaitTrue(() -> "complete".equals(browser.executeScript("return document.readyState")), "the page to load");
        awaitTrue(() -> browser.executeScript("return document.body.dataset.signIn") != null, "the page to start");
    }

    private static void signIn(String key) {
        WebElement input = browser.findElement(By.id("sign-in-key"));
        input.clear();
        input.sendKeys(key);
        browser.findElement(By.cssSelector("#sign-in button[type=submit]")).click();
    }

    private static String analystKey() {
        return system.keptKey("dashboard-analyst.key", "dashboard analyst", "analyst");
    }

    private static void awaitState(String name, String state) {
        awaitTrue(() -> state.equals(browser.executeScript("return document.body.dataset." + name)),
                "document.body.dataset." + name + " to be " + state);
    }

    private static void awaitTrue(Supplier<Boolean> condition, String what) {
        long deadline = System.nanoTime() + PAGE_TIMEOUT.toNanos();
        while (!Boolean.TRUE.equals(condition.get())) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("waited " + PAGE_TIMEOUT.toSeconds() + " s for " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException exception) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, exception);
            }
        }
    }

    private static String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private static String panelState(String id) {
        return browser.findElement(By.id(id)).getAttribute("data-state");
    }

    /** A format function of the dashboard's format.js, as the page has it. */
    private static String formatted(String function, String amount, String currency) {
        if (!browser.getCurrentUrl().startsWith(system.queryUrl())) {
            open("/");
        }
        return (String) browser.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + " import('/dashboard/format.js').then(format => done(format[arguments[0]](arguments[1], arguments[2])),"
                + " failure => done('failed: ' + failure));", function, amount, currency);
    }

    /**
     * Makes every page loaded from now on see query-service's JSON answers to paths containing
     * {@code pathPart} with the given fields put in; returns the script's identifier, to remove it.
     */
    private static long answerPatched(String pathPart, String fieldsJson) {
        String script = "(() => { const original = window.fetch.bind(window);"
                + " window.fetch = async (input, init) => { const response = await original(input, init);"
                + " const url = typeof input === 'string' ? input : input.url;"
                + " if (!response.ok || !url.includes(" + JSON.valueToTree(pathPart) + ")) { return response; }"
                + " const body = Object.assign(await response.json(), " + fieldsJson + ");"
                + " return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } }); };"
                + " })();";
        Map<String, Object> added = browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", script));
        return Long.parseLong(String.valueOf(added.get("identifier")));
    }

    /** The text of the fact named {@code term} in the list {@code listId}. */
    private static String fact(String listId, String term) {
        return browser.findElement(By.xpath("//dl[@id='" + listId + "']/dt[normalize-space()='" + term
                + "']/following-sibling::dd[1]")).getText();
    }

    /** The days of the spending answer's period up to today in the account's time zone. */
    private static long daysSoFar(JsonNode spending) {
        LocalDate today = LocalDate.now(ZoneId.of(spending.path("timezone").asText()));
        return java.util.stream.StreamSupport.stream(spending.path("daily").spliterator(), false)
                .filter(day -> !LocalDate.parse(day.path("date").asText()).isAfter(today)).count();
    }

    /** An option of the chart on the canvas, by its dotted path. */
    private static Object chartOption(String canvasId, String path) {
        return browser.executeScript("let value = Chart.getChart(document.getElementById(arguments[0])).options;"
                + " for (const key of arguments[1].split('.')) { value = value == null ? undefined : value[key]; }"
                + " return value === undefined ? null : value;", canvasId, path);
    }

    /** The value labels the chart on the canvas wrote beside its bars. */
    @SuppressWarnings("unchecked")
    private static List<String> valueLabels(String canvasId) {
        Object labels = browser.executeScript("const chart = Chart.getChart(document.getElementById(arguments[0]));"
                + " return chart && chart.$valueLabels ? chart.$valueLabels : [];", canvasId);
        return (List<String>) labels;
    }

    /** The number of points of the chart's first data set; the chart instance must exist. */
    private static long chartPoints(String canvasId) {
        Object points = browser.executeScript("const chart = Chart.getChart(document.getElementById(arguments[0]));"
                + " return chart ? chart.data.datasets[0].data.length : -1;", canvasId);
        assertThat(points).as("chart on #%s", canvasId).isNotEqualTo(-1L);
        return (Long) points;
    }

    /** Whether anything was drawn on the canvas: a pixel that is not fully transparent. */
    private static boolean canvasHasInk(String canvasId) {
        return Boolean.TRUE.equals(((JavascriptExecutor) browser).executeScript("const canvas = document.getElementById(arguments[0]);"
                + " if (!canvas.width || !canvas.height) { return false; }"
                + " const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;"
                + " for (let i = 3; i < pixels.length; i += 4) { if (pixels[i] !== 0) { return true; } }"
                + " return false;", canvasId));
    }

    /** The lines of a file the browser downloaded, once it has finished writing it. */
    private static List<String> downloaded(String fileName) throws IOException {
        Path file = downloads.resolve(fileName);
        awaitTrue(() -> Files.isRegularFile(file) && !Files.exists(downloads.resolve(fileName + ".crdownload")),
                "the browser to save " + fileName);
        return Files.readAllLines(file, StandardCharsets.UTF_8);
    }

    /** The console's errors since the last call (reading the log empties it). */
    private static List<String> consoleErrors() {
        return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .toList();
    }

    private static void screenshot(String name) throws IOException {
        byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        Path own = Files.createDirectories(Path.of("target", "screenshots"));
        Files.write(own.resolve(name), png);
        String wanted = System.getProperty(SCREENSHOTS_PROPERTY, "");
        if (!wanted.isBlank()) {
            Files.write(Files.createDirectories(Path.of(wanted)).resolve(name), png);
        }
    }

    /**
     * The dashboard's way of showing an amount as people read it: grouped thousands, the currency's
     * usual digits (none for KRW and JPY) rounded half up, an amount below one of those digits with
     * all of its own, and the currency.
     */
    static String money(String amount, String currency) {
        BigDecimal value = new BigDecimal(amount);
        int digits = usualDigits(currency);
        boolean belowSmallest = value.signum() != 0 && value.abs().compareTo(BigDecimal.ONE.movePointLeft(digits)) < 0;
        BigDecimal shown = belowSmallest ? value.stripTrailingZeros() : value.setScale(digits, RoundingMode.HALF_UP);
        return written(shown) + " " + currency;
    }

    /** The dashboard's way of showing an amount exactly (entries, bills): the usual digits at least, every other digit kept. */
    static String exactMoney(String amount, String currency) {
        BigDecimal value = new BigDecimal(amount).stripTrailingZeros();
        int digits = usualDigits(currency);
        return written(value.scale() < digits ? value.setScale(digits) : value) + " " + currency;
    }

    private static int usualDigits(String currency) {
        return currency.equals("KRW") || currency.equals("JPY") ? 0 : 2;
    }

    private static String written(BigDecimal value) {
        String plain = value.abs().toPlainString();
        int dot = plain.indexOf('.');
        String whole = dot < 0 ? plain : plain.substring(0, dot);
        String fraction = dot < 0 ? "" : plain.substring(dot);
        StringBuilder grouped = new StringBuilder();
        for (int index = 0; index < whole.length(); index++) {
            if (index > 0 && (whole.length() - index) % 3 == 0) {
                grouped.append(',');
            }
            grouped.append(whole.charAt(index));
        }
        return (value.signum() < 0 ? "−" : "") + grouped + fraction;
    }

    /** The dashboard's way of showing a count: grouped thousands. */
    static String grouped(long count) {
        return String.format(Locale.ROOT, "%,d", count);
    }

    private static String currentMonth() {
        return YearMonth.now().toString();
    }

    private static JsonNode query(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static JsonNode queryAnswer(String path) throws IOException, InterruptedException {
        return JSON.readTree(get(path).body());
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(system.queryUrl() + path))
                .header("Authorization", "Bearer " + system.keptKey("dashboard-analyst.key", "dashboard analyst", "analyst"))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
