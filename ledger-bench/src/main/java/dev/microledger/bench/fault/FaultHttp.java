package dev.microledger.bench.fault;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The fault run's HTTP calls, over one shared HTTP/1.1 client. A call that gets no answer (the
 * service is down, the connection was cut, the time ran out) is an answer too, status
 * {@link #NO_ANSWER}: during a fault run that is the normal case, and the caller decides whether
 * to ask again.
 */
final class FaultHttp {

    /** The status of a call that got no HTTP answer at all. */
    static final int NO_ANSWER = -1;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    private final HttpClient http;
    private final String key;

    /** @param key the key sent with every request, or null to send none (the health endpoints need none) */
    FaultHttp(String key) {
        this.key = key;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** An answer: the status ({@link #NO_ANSWER} when none came), the body, and why there was none. */
    record Reply(int status, String body, String failure) {

        boolean answered() {
            return status != NO_ANSWER;
        }

        /** @return the body as JSON, or null when it is not JSON */
        JsonNode json() {
            if (body == null || body.isEmpty()) {
                return null;
            }
            try {
                return JSON.readTree(body);
            } catch (IOException exception) {
                return null;
            }
        }

        /** @return the problem's {@code code}, or the status when the body names none */
        String code() {
            JsonNode json = json();
            String code = json == null ? "" : json.path("code").asText("");
            return code.isEmpty() ? "http_" + status : code;
        }

        /** @return a short description for a report: the status and the start of the body, or the failure */
        String describe() {
            if (!answered()) {
                return "no answer: " + failure;
            }
            String text = body == null ? "" : body.replaceAll("\\s+", " ");
            return status + " " + (text.length() > 300 ? text.substring(0, 300) + "…" : text);
        }
    }

    Reply get(URI baseUrl, String path, Duration timeout) throws InterruptedException {
        return send(HttpRequest.newBuilder(baseUrl.resolve(path)).GET(), timeout);
    }

    Reply post(URI baseUrl, String path, String jsonBody, Duration timeout) throws InterruptedException {
        HttpRequest.BodyPublisher body = jsonBody == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(jsonBody, StandardCharsets.UTF_8);
        return send(HttpRequest.newBuilder(baseUrl.resolve(path)).header("Content-Type", "application/json")
                .POST(body), timeout);
    }

    Reply put(URI baseUrl, String path, String jsonBody, Duration timeout) throws InterruptedException {
        return send(HttpRequest.newBuilder(baseUrl.resolve(path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(jsonBody, StandardCharsets.UTF_8)), timeout);
    }

    private Reply send(HttpRequest.Builder builder, Duration timeout) throws InterruptedException {
        builder.timeout(timeout);
        if (key != null) {
            builder.header("Authorization", "Bearer " + key);
        }
        HttpRequest request = builder.build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Reply(response.statusCode(), response.body(), null);
        } catch (IOException exception) {
            return new Reply(NO_ANSWER, null, exception.getClass().getSimpleName()
                    + (exception.getMessage() == null ? "" : ": " + exception.getMessage()));
        }
    }
}
