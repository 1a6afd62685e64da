package dev.telltale.proxy;

import org.junit.jupiter.api.Tag;
import dev.telltale.testing.Ports;
import dev.telltale.testing.ProxyHarness;
import dev.telltale.testing.RawHttpClient;
import dev.telltale.testing.RawHttpClient.RawResponse;
import dev.telltale.upstream.Transport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.telltale.testing.Transports.TRANSPORTS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An answer sent before the request body was read, to a client still sending that body: the
 * client gets the answer, not a reset, and the connection then closes.
 */
@Tag("socket")
class LingeringCloseTest {

    private static final int BODY = 8 * 1024 * 1024;

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void aClientStillSendingItsBodyReadsTheErrorPageAndThenTheClose(Transport transport) throws Exception {
        int port = Ports.closed();
        try (ProxyHarness proxy = ProxyHarness.start(transport, """
                upstreams:
                  app: { targets: ["127.0.0.1:%d"] }
                routes:
                  - { name: web, match: { path_prefix: / }, upstream: app, retry: { hold: 0 } }
                """.formatted(port));
             RawHttpClient client = proxy.client()) {
            RawResponse answer = sendWholeBodyThenRead(client);
            assertThat(answer.status()).isEqualTo(502);
            assertThat(answer.header("proxy-status")).contains("error=connection_refused");
            assertThat(answer.header("connection")).isEqualTo("close");
            long closing = System.nanoTime();
            assertThat(client.closedByPeer()).isTrue();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closing))
                    .as("closed once the client fell quiet").isLessThan(LingeringClose.MAX_MS + 2_000);
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void aBodyRefusedByItsDeclaredLengthIsAnsweredTheSameWay(Transport transport) throws Exception {
        try (ProxyHarness proxy = ProxyHarness.startWhole(transport, """
                listen: { address: 127.0.0.1, port: 0, max_request_body_bytes: 1024 }
                upstreams:
                  app: { targets: ["127.0.0.1:%d"] }
                routes:
                  - { name: web, match: { path_prefix: / }, upstream: app }
                """.formatted(Ports.closed()));
             RawHttpClient client = proxy.client()) {
            RawResponse answer = sendWholeBodyThenRead(client);
            assertThat(answer.status()).isEqualTo(413);
            assertThat(answer.header("connection")).isEqualTo("close");
            assertThat(client.closedByPeer()).isTrue();
        }
    }

    /** A POST with all of its body in one write that blocks until the proxy has taken it, then the answer. */
    private static RawResponse sendWholeBodyThenRead(RawHttpClient client) throws Exception {
        OutputStream out = client.output();
        out.write(("POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: " + BODY + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        // Far more than the socket buffers hold: without the proxy reading on, the write would fail.
        CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
            try {
                out.write(new byte[BODY]);
                out.flush();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        sending.get(30, TimeUnit.SECONDS);
        return client.read();
    }
}
