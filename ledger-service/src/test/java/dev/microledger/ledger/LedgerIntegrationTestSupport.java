package dev.microledger.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.microledger.broker.SharedTestBroker;
import dev.microledger.ledger.account.AccountView;
import dev.microledger.ledger.account.ReadAccountCommand;
import dev.microledger.postgres.PostgresDatabase;
import dev.microledger.postgres.SharedTestPostgres;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

/**
 * Starts ledger-service against real things: the Kafka broker shared by the test JVM and a real
 * PostgreSQL database, {@code ledger_service_test} on the test JVM's shared PostgreSQL server, which
 * every class of this module that extends this one shares. Every test uses fresh account ids, so a
 * database that already holds other tests' data does not disturb the assertions.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability
public abstract class LedgerIntegrationTestSupport {

    protected static final String TOPIC = "ledger.events.test-" + UUID.randomUUID();
    protected static final ObjectMapper JSON = new ObjectMapper();
    /** The revenue account of the XFE currency's default fee schedule; tests open it. */
    protected static final String DEFAULT_FEE_ACCOUNT = "default-fees-xfe";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    protected int port;

    @Autowired
    private CommandGateway commands;

    @DynamicPropertySource
    static void realInfrastructure(DynamicPropertyRegistry registry) {
        registry.add("ledger.kafka.bootstrap-servers", () -> SharedTestBroker.get().bootstrapServers());
        registry.add("ledger.kafka.username", () -> SharedTestBroker.ledgerServiceLogin().username());
        registry.add("ledger.kafka.password", () -> SharedTestBroker.ledgerServiceLogin().password());
        registry.add("ledger.kafka.topic", () -> TOPIC);
        registry.add("ledger.access.admin-key", () -> TestKeys.ADMIN_KEY);
        registry.add("ledger.events.chain-key", () -> TestKeys.EVENT_CHAIN_KEY);
        // XTS, ISO 4217's code for testing, has no practical maximum, so that a test can reach the range of a long.
        registry.add("ledger.currencies.XTS", () -> 2);
        registry.add("ledger.amounts.transfer-max.XTS", () -> "92233720368547758.07");
        registry.add("ledger.access.keys-topic", () -> TOPIC + ".keys");
        // XFE has a ledger-wide default fee schedule; no other currency has one, so no other test pays it.
        registry.add("ledger.currencies.XFE", () -> 6);
        registry.add("ledger.fees.defaults.XFE.rate", () -> "0.02");
        registry.add("ledger.fees.defaults.XFE.fixed", () -> "0.0001");
        registry.add("ledger.fees.defaults.XFE.maximum", () -> "0.5");
        registry.add("ledger.fees.defaults.XFE.revenue-account-id", () -> DEFAULT_FEE_ACCOUNT);
        // XFN's default names a revenue account that no test opens.
        registry.add("ledger.currencies.XFN", () -> 6);
        registry.add("ledger.fees.defaults.XFN.rate", () -> "0.02");
        registry.add("ledger.fees.defaults.XFN.revenue-account-id", () -> "never-opened-fees");
        // A tiny cache and frequent snapshots make every test exercise eviction and snapshot loading.
        registry.add("ledger.accounts.cache-entries-max", () -> 16);
        registry.add("ledger.accounts.snapshot-events-max", () -> 10);
        // Holds expire within a tenth of a second of falling due, so expiry tests need not wait long.
        registry.add("ledger.holds.expiry-interval-millis", () -> 100);
        PostgresDatabase database = SharedTestPostgres.database("ledger_service_test");
        registry.add("spring.datasource.url", database::url);
        registry.add("spring.datasource.username", database::username);
        registry.add("spring.datasource.password", database::password);
    }

    /** A fresh id for this test run, so tests never see each other's accounts or transfers. */
    protected static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 13);
    }

    /** The account as the command side holds it: balance, held funds, status, limits, version. */
    protected AccountView readAccount(String accountId) {
        return commands.sendAndWait(new ReadAccountCommand(accountId));
    }

    protected Response put(String path, String body) {
        return send(HttpRequest.newBuilder(uri(path)).PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    protected Response post(String path, String body) {
        return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    protected Response get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    /** Sends a request as is, without the test's key: for tests of access itself. */
    protected Response sendRaw(HttpRequest.Builder request) {
        return exchange(request);
    }

    protected URI url(String path) {
        return uri(path);
    }

    protected Response openAccount(String accountId, String currency, String kind, String creditLimit) {
        String limit = creditLimit == null ? "" : ",\"creditLimit\":\"" + creditLimit + "\"";
        return put("/accounts/" + accountId, "{\"currency\":\"" + currency + "\",\"kind\":\"" + kind + "\"" + limit + "}");
    }

    protected Response transfer(String transferId, String debit, String credit, String amount, String currency) {
        return post("/transfers", "{\"transferId\":\"" + transferId + "\",\"debitAccountId\":\"" + debit
                + "\",\"creditAccountId\":\"" + credit + "\",\"amount\":\"" + amount + "\",\"currency\":\""
                + currency + "\"}");
    }

    protected Response transfer(String transferId, String debit, String credit, String amount, String currency,
                                String extraFields) {
        return post("/transfers", "{\"transferId\":\"" + transferId + "\",\"debitAccountId\":\"" + debit
                + "\",\"creditAccountId\":\"" + credit + "\",\"amount\":\"" + amount + "\",\"currency\":\""
                + currency + "\"," + extraFields + "}");
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private Response send(HttpRequest.Builder request) {
        return exchange(request.header("Authorization", "Bearer " + TestKeys.allRoles(port)));
    }

    private static Response exchange(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body(), response.headers().map());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** An HTTP answer with its body parsed as JSON where it is JSON. */
    protected record Response(int status, String contentType, String body, java.util.Map<String, java.util.List<String>> headers) {

        public String header(String name) {
            return headers.entrySet().stream().filter(entry -> entry.getKey().equalsIgnoreCase(name))
                    .map(entry -> entry.getValue().get(0)).findFirst().orElse(null);
        }

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON: " + body, e);
            }
        }

        public String code() {
            return json().path("code").asText(null);
        }
    }
}
