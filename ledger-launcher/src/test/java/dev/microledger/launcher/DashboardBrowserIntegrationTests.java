package dev.microledger.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.microledger.launcher.demo.DemoSeeder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
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
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
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
                money(bill.path("amountDue").asText()) + " KRW", money(bill.path("amountPaid").asText()) + " KRW");
        List<WebElement> rows = browser.findElements(By.cssSelector("#bill-lines tr"));
        JsonNode lines = bill.path("lines");
        assertThat(rows).hasSize(lines.size() + 1);
        for (int index = 0; index < lines.size(); index++) {
            JsonNode line = lines.get(index);
            assertThat(rows.get(index).getText()).isEqualTo(line.path("merchantAccountId").asText() + " "
                    + line.path("category").asText() + " " + grouped(line.path("count").asLong()) + " "
                    + money(line.path("total").asText()) + " KRW");
        }
        assertThat(rows.get(lines.size()).getText()).startsWith("Total").endsWith(money(bill.path("amountDue").asText()) + " KRW");

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

        assertThat(text("account-balance")).isEqualTo(money(alice.path("balance").asText()) + " USD");
        assertThat(text("account-available")).isEqualTo(money(alice.path("available").asText()) + " USD");
        assertThat(text("account-status")).isEqualTo("OPEN");
        assertThat(panelState("panel-budget")).isEqualTo("ready");
        assertThat(chartPoints("chart-budget")).isEqualTo(2);
        assertThat(chartPoints("chart-account-category")).isEqualTo(spending.path("byCategory").size()).isPositive();
        assertThat(chartPoints("chart-daily")).isEqualTo(spending.path("daily").size()).isPositive();
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
                        + money(savings.path("paymentsTotal").asText()) + " USD",
                "External charges (top-ups, bill payments) " + grouped(savings.path("externalCharges").asLong()) + " "
                        + money(savings.path("externalChargesTotal").asText()) + " USD",
                "Payouts to merchants " + grouped(savings.path("payouts").asLong()) + " "
                        + money(savings.path("payoutsTotal").asText()) + " USD");
        assertThat(text("savings-facts")).contains(money(savings.path("perPaymentCardCost").asText()) + " USD",
                money(savings.path("aggregatedCardCost").asText()) + " USD",
                money(savings.path("saved").asText()) + " USD ("
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
        assertThat(browser.findElements(By.cssSelector("#trial-balance tr"))).extracting(WebElement::getText)
                .allSatisfy(row -> assertThat(row).endsWith(" 0.00"));
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

    /** The dashboard's way of showing an amount: grouped thousands, at least two decimals, never rounded. */
    static String money(String amount) {
        BigDecimal value = new BigDecimal(amount);
        String plain = value.abs().toPlainString();
        int dot = plain.indexOf('.');
        String whole = dot < 0 ? plain : plain.substring(0, dot);
        String fraction = dot < 0 ? "" : plain.substring(dot + 1);
        StringBuilder grouped = new StringBuilder();
        for (int index = 0; index < whole.length(); index++) {
            if (index > 0 && (whole.length() - index) % 3 == 0) {
                grouped.append(',');
            }
            grouped.append(whole.charAt(index));
        }
        String decimals = fraction.length() >= 2 ? fraction : (fraction + "00").substring(0, 2);
        return (value.signum() < 0 ? "−" : "") + grouped + "." + decimals;
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
