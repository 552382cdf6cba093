package dev.microledger.bench.service;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads what a service tells about itself over HTTP: its actuator meters and its JSON answers.
 * Every call has a timeout, and a failed call is an answer ({@code null}), not an exception, so
 * a sampler keeps going through a restart of the service it watches.
 */
public final class ServiceHttp {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    private final URI baseUrl;
    private final HttpClient http;
    private final String key;

    /** @param key the key sent with every request (an operator key for the rebuild) */
    public ServiceHttp(URI baseUrl, String key) {
        this.key = key;
        this.baseUrl = baseUrl;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT).build();
    }

    public URI baseUrl() {
        return baseUrl;
    }

    /**
     * One statistic of an actuator meter, summed over all its tags unless a tag is given.
     *
     * @param meter the meter's name as Micrometer knows it, such as {@code jvm.memory.used}
     * @param tag {@code key:value} to narrow it, or null
     * @param statistic such as {@code VALUE}, {@code COUNT}, {@code TOTAL_TIME} or {@code MAX}
     * @return the value, or null when the service did not answer or has no such meter
     */
    public Double meter(String meter, String tag, String statistic) {
        String path = "/actuator/metrics/" + meter + (tag == null ? "" : "?tag=" + URLEncoder.encode(tag, StandardCharsets.UTF_8));
        JsonNode answer = getJson(path);
        if (answer == null) {
            return null;
        }
        for (JsonNode measurement : answer.path("measurements")) {
            if (measurement.path("statistic").asText().equals(statistic)) {
                return measurement.path("value").asDouble();
            }
        }
        return null;
    }

    /**
     * {@code POST path} without a body.
     *
     * @return the status and the body as JSON (null when it is none), or null when the service did not answer
     */
    public Answer post(String path) {
        HttpRequest request = HttpRequest.newBuilder(baseUrl.resolve(path)).timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            JsonNode body;
            try {
                body = JSON.readTree(response.body());
            } catch (IOException exception) {
                body = null;
            }
            return new Answer(response.statusCode(), body);
        } catch (IOException exception) {
            return null;
        } catch (InterruptedException exception) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** An answer: its status and its JSON body, or null when the body is not JSON. */
    public record Answer(int status, JsonNode body) {
    }

    /**
     * {@code GET path}, answered as JSON.
     *
     * @return the body when the answer was 200, else null
     */
    public JsonNode getJson(String path) {
        HttpRequest request = HttpRequest.newBuilder(baseUrl.resolve(path)).timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + key).GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
        } catch (IOException exception) {
            return null;
        } catch (InterruptedException exception) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
