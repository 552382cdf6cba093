package dev.microledger.bench.load;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The HTTP calls the benchmark makes, over one shared HTTP/1.1 client. HTTP/1.1 because that is
 * what the services' clients use in practice, and so each concurrent client holds a connection
 * of its own, as a real caller would.
 */
public final class LedgerClient {

    /**
     * Longer than ledger-service's own wait for a group commit (30 s), so a slow answer is
     * measured as slow rather than turned into a client-side timeout.
     */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(45);

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(5);

    private final URI ledgerUrl;
    private final URI queryUrl;
    private final HttpClient http;
    private final String key;

    /**
     * @param key the key sent with every request: it needs payments and treasury, accounts, and
     *     support for the projection probes
     */
    public LedgerClient(URI ledgerUrl, URI queryUrl, String key) {
        this.key = key;
        this.ledgerUrl = ledgerUrl;
        this.queryUrl = queryUrl;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public URI ledgerUrl() {
        return ledgerUrl;
    }

    public URI queryUrl() {
        return queryUrl;
    }

    /** {@code PUT /accounts/{id}}; answers the status and body. */
    public Answer openAccount(String accountId, String kind) throws IOException, InterruptedException {
        String body = "{\"currency\":\"USD\",\"kind\":\"" + kind + "\"}";
        HttpRequest request = HttpRequest.newBuilder(ledgerUrl.resolve("/accounts/" + encode(accountId)))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return send(request);
    }

    /** {@code PUT /accounts/{id}/limits} or {@code /budget}: {@code path} is the part after the id. */
    public Answer putAccountPolicy(String accountId, String path, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(ledgerUrl.resolve("/accounts/" + encode(accountId) + path))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return send(request);
    }

    /** {@code POST /transfers} or {@code POST /transfers/batch}, with a body the caller wrote. */
    public Answer postTransfers(boolean batch, String body) throws IOException, InterruptedException {
        return send(transferRequest(batch, body));
    }

    /**
     * {@code GET /accounts/{id}?minVersion=N} on query-service: 200 once the projection has
     * applied that version, 503 when it has not within query-service's own wait (about 2 s).
     */
    public Answer accountAtVersion(String accountId, long minVersion) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(queryUrl.resolve("/accounts/" + encode(accountId) + "?minVersion=" + minVersion))
                .timeout(QUERY_TIMEOUT)
                .GET()
                .build();
        return send(request);
    }

    private HttpRequest transferRequest(boolean batch, String body) {
        return HttpRequest.newBuilder(ledgerUrl.resolve(batch ? "/transfers/batch" : "/transfers"))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
    }

    private Answer send(HttpRequest request) throws IOException, InterruptedException {
        HttpRequest withKey = HttpRequest.newBuilder(request, (name, value) -> true)
                .header("Authorization", "Bearer " + key).build();
        HttpResponse<String> response = http.send(withKey, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Answer(response.statusCode(), response.body());
    }

    private static String encode(String accountId) {
        return URLEncoder.encode(accountId, StandardCharsets.UTF_8);
    }

    /** A status code and the body as text. */
    public record Answer(int status, String body) {
    }
}
