package dev.microledger.query.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A plain HTTP client for the service under test, so tests see exactly what a client sees. */
public final class TestHttp {

    private static final ObjectMapper mapper = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final String baseUrl;
    private final String key;

    /** A client with a key that holds every role query-service serves. */
    public TestHttp(int port) {
        this(port, TestKeys.all());
    }

    /**
     * A client that sends this key, or none when it is null. It waits until the service knows
     * the key, which it learns from the key topic within a moment of the key being published.
     */
    public TestHttp(int port, String key) {
        this.baseUrl = "http://127.0.0.1:" + port;
        this.key = key;
        if (key != null) {
            awaitKeyKnown();
        }
    }

    private void awaitKeyKnown() {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (get("/accounts/key-check").status() != 401) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new IllegalStateException("the service did not learn the test key from " + TestKeys.TOPIC + " within " + TIMEOUT);
    }

    public Response get(String path) {
        return send("GET", path, "application/json");
    }

    public Response get(String path, String accept) {
        return send("GET", path, accept);
    }

    /** A GET with this key instead of the client's own. */
    public Response sendWithKey(String path, String otherKey) {
        return new TestHttp(baseUrl, otherKey).get(path);
    }

    /** A request of any method with this key instead of the client's own. */
    public Response sendWithKey(String method, String path, String otherKey) {
        return new TestHttp(baseUrl, otherKey).send(method, path, "application/json");
    }

    private TestHttp(String baseUrl, String key) {
        this.baseUrl = baseUrl;
        this.key = key;
    }

    public Response send(String method, String path, String accept) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(TIMEOUT)
                .header("Accept", accept)
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (key != null) {
            builder.header("Authorization", "Bearer " + key);
        }
        HttpRequest request = builder.build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body(), response.headers().firstValue("WWW-Authenticate").orElse(null),
                    response.headers().firstValue("Retry-After").orElse(null));
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(method + " " + path + " was interrupted", e);
        }
    }

    /**
     * Reads the account with {@code ?minVersion=}, asking again while the answer is 503
     * projection_behind, as a client that has just written would; anything else ends the wait.
     */
    public JsonNode awaitAccount(String accountId, long version, Duration timeout) {
        long deadlineNanos = System.nanoTime() + timeout.toNanos();
        Response response;
        do {
            response = get("/accounts/" + accountId + "?minVersion=" + version);
            if (response.status() == 200) {
                return response.json();
            }
            if (response.status() != 503) {
                throw new AssertionError("GET /accounts/" + accountId + " answered " + response);
            }
        } while (System.nanoTime() < deadlineNanos);
        throw new AssertionError("account " + accountId + " did not reach version " + version + " within " + timeout
                + ": " + response);
    }

    /** A response; {@link #json()} parses the body on demand. */
    public record Response(int status, String contentType, String body, String wwwAuthenticate, String retryAfter) {

        public JsonNode json() {
            try {
                return mapper.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON (status " + status + "): " + body, e);
            }
        }

        @Override
        public String toString() {
            return status + " " + contentType + " " + body;
        }
    }
}
