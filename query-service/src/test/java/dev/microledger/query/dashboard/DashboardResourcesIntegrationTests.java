package dev.microledger.query.dashboard;

import dev.microledger.query.support.TestDatabase;
import dev.microledger.query.support.TestHttp;
import dev.microledger.query.support.TestHttp.Response;
import dev.microledger.query.support.TestKafka;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * query-service serves its dashboard itself: the page at {@code /}, its scripts and styles, and
 * the chart library from the WebJar, so the page works without the internet. Every file the page
 * names, and every module its scripts import, is fetched as a browser would.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class DashboardResourcesIntegrationTests {

    private static final String TAG = TestKafka.uniqueTag();
    private static final TestDatabase DATABASE = TestDatabase.forTestClass("dashboard");
    private static final Pattern PAGE_REFERENCE = Pattern.compile("(?:src|href)=\"(/[^\"#]+)\"");
    private static final Pattern MODULE_IMPORT = Pattern.compile("from '\\./([a-z]+\\.js)'");

    @LocalServerPort
    private int port;

    private TestHttp http;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestKafka.registerConnection(registry);
        registry.add("query.kafka.topic", () -> "ledger.events.dashboard-" + TAG);
        registry.add("query.kafka.group-id", () -> "query-dashboard-" + TAG);
        DATABASE.register(registry);
    }

    @BeforeEach
    void client() {
        http = new TestHttp(port);
    }

    @Test
    void theDashboardPageIsServedAtTheRoot() {
        Response page = http.get("/", "text/html");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body()).contains("<title>micro-ledger dashboard</title>", "id=\"view-account\"", "id=\"view-analyst\"");
    }

    @Test
    void everyFileThePageNamesAndEveryModuleItImportsIsServed() {
        Set<String> pageReferences = new LinkedHashSet<>();
        Matcher references = PAGE_REFERENCE.matcher(http.get("/", "text/html").body());
        while (references.find()) {
            pageReferences.add(references.group(1));
        }
        assertThat(pageReferences).contains("/dashboard/app.css", "/dashboard/app.js")
                .anyMatch(reference -> reference.startsWith("/webjars/chart.js/"));

        Set<String> fetched = new HashSet<>();
        Deque<String> toFetch = new ArrayDeque<>(pageReferences);
        while (!toFetch.isEmpty()) {
            String path = toFetch.removeFirst();
            if (!fetched.add(path)) {
                continue;
            }
            Response file = http.get(path, "*/*");
            assertThat(file.status()).as(path).isEqualTo(200);
            assertThat(file.body()).as(path).isNotBlank();
            if (path.endsWith(".css")) {
                assertThat(file.contentType()).as(path).startsWith("text/css");
            }
            if (path.endsWith(".js")) {
                assertThat(file.contentType()).as(path).contains("javascript");
            }
            if (path.startsWith("/dashboard/") && path.endsWith(".js")) {
                Matcher imports = MODULE_IMPORT.matcher(file.body());
                while (imports.find()) {
                    toFetch.add("/dashboard/" + imports.group(1));
                }
            }
        }
        assertThat(fetched).contains("/dashboard/account.js", "/dashboard/analyst.js", "/dashboard/api.js",
                "/dashboard/charts.js", "/dashboard/format.js", "/dashboard/panels.js");
    }

    @Test
    void theChartLibraryComesFromTheWebJar() {
        Response library = http.get("/webjars/chart.js/4.5.1/dist/chart.umd.min.js", "*/*");

        assertThat(library.status()).isEqualTo(200);
        assertThat(library.contentType()).contains("javascript");
        assertThat(library.body()).contains("Chart.js v4.5.1");
    }

    @Test
    void aMissingFileIsNotFoundAsAProblemAndOtherPathsStayProblems() {
        for (String path : new String[] {"/dashboard/no-such-file.js", "/webjars/chart.js/0.0.0/dist/chart.umd.js",
                "/no-such-thing"}) {
            Response missing = http.get(path);
            assertThat(missing.status()).as(path).isEqualTo(404);
            assertThat(missing.contentType()).as(path).startsWith("application/problem+json");
            assertThat(missing.json().path("code").asText()).as(path).isEqualTo("not_found");
        }
    }
}
