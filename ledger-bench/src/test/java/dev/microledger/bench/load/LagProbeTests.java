package dev.microledger.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The probe against a stand-in for query-service that holds every {@code ?minVersion=} read until
 * the test releases it, as query-service holds it until the projection commits.
 */
class LagProbeTests {

    private HttpServer server;
    private final CountDownLatch projected = new CountDownLatch(1);
    private final AtomicInteger held = new AtomicInteger();

    @BeforeEach
    void startStandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/accounts/", exchange -> {
            held.incrementAndGet();
            try {
                projected.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stopStandIn() {
        projected.countDown();
        server.stop(0);
    }

    /**
     * Samples come due while earlier ones still wait, which is what a long lag looks like. Each must
     * be measured: a sample skipped because every probe was busy is a slow one left out.
     */
    @Test
    void samplesDueWhileEarlierOnesWaitAreMeasuredNotSkipped() throws Exception {
        int samples = 48;
        try (LagProbe probe = probeOfStandIn()) {
            long acknowledged = System.nanoTime();
            for (int index = 0; index < samples; index++) {
                probe.onAccepted(LagProbe.SAMPLE_EVERY, "payee-" + index, 1, acknowledged);
            }
            awaitHeld(samples);
            projected.countDown();
            Histogram lag = probe.finish(TimeUnit.SECONDS.toNanos(10));

            assertThat(probe.skipped()).isZero();
            assertThat(lag.getTotalCount()).isEqualTo(samples);
            assertThat(probe.timeouts()).isZero();
            assertThat(probe.failures()).isZero();
        }
    }

    @Test
    void aSampleDueWhileEveryProbeIsBusyIsCountedAsSkipped() throws Exception {
        try (LagProbe probe = probeOfStandIn()) {
            long acknowledged = System.nanoTime();
            for (int index = 0; index < LagProbe.PROBES_MAX + 3; index++) {
                probe.onAccepted(LagProbe.SAMPLE_EVERY, "payee-" + index, 1, acknowledged);
            }
            awaitHeld(LagProbe.PROBES_MAX);
            projected.countDown();
            Histogram lag = probe.finish(TimeUnit.SECONDS.toNanos(10));

            assertThat(probe.skipped()).isEqualTo(3);
            assertThat(lag.getTotalCount()).isEqualTo(LagProbe.PROBES_MAX);
        }
    }

    @Test
    void onlyEveryFiftiethAcceptedTransferIsSampled() throws Exception {
        projected.countDown();
        try (LagProbe probe = probeOfStandIn()) {
            long acknowledged = System.nanoTime();
            for (int index = 0; index < 3 * LagProbe.SAMPLE_EVERY; index++) {
                probe.onAccepted(1, "payee-" + index, 1, acknowledged);
            }
            Histogram lag = probe.finish(TimeUnit.SECONDS.toNanos(10));

            assertThat(lag.getTotalCount()).isEqualTo(3);
            assertThat(probe.skipped()).isZero();
        }
    }

    /** A probe whose ledger and query-service are both the stand-in. */
    private LagProbe probeOfStandIn() {
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        return new LagProbe(new LedgerClient(url, url, "mlk_test"));
    }

    private void awaitHeld(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (held.get() < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(held.get()).isEqualTo(count);
    }
}
