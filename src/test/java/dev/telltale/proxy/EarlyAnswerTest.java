package dev.telltale.proxy;

import org.junit.jupiter.api.Tag;
import dev.telltale.testing.Ports;
import dev.telltale.testing.ProxyHarness;
import dev.telltale.testing.RawHttpClient;
import dev.telltale.testing.RawHttpClient.RawResponse;
import dev.telltale.upstream.Transport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import static dev.telltale.testing.Transports.TRANSPORTS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The proxy answers before the client has sent its whole body (the app is down, the body is
 * declared too large) and closes the connection. The client, still sending, must still read the
 * page that explains it, not only a reset.
 */
@Tag("socket")
class EarlyAnswerTest {

    private static final int BODY = 8 << 20;

    /** Sends the head, then the body in pieces, as an upload tool does, until done or refused. */
    private static Thread upload(RawHttpClient client, String head) {
        Thread sender = new Thread(() -> {
            try {
                OutputStream out = client.output();
                out.write(head.getBytes(StandardCharsets.US_ASCII));
                byte[] piece = new byte[64 * 1024];
                for (int sent = 0; sent < BODY; sent += piece.length) {
                    out.write(piece);
                }
                out.flush();
            } catch (IOException refused) {
                // the proxy stopped taking the body: what some cases here expect
            }
        }, "uploader");
        sender.start();
        return sender;
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void anUploadToADownAppGetsItsPageNotAReset(Transport transport) throws Exception {
        try (ProxyHarness proxy = ProxyHarness.simple(transport, "127.0.0.1:" + Ports.closed());
             RawHttpClient client = proxy.client()) {
            Thread sender = upload(client, "POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: " + BODY + "\r\n\r\n");
            Thread.sleep(300); // the client is still sending when it starts to read

            RawResponse response = client.read();
            assertThat(response.status()).isEqualTo(502);
            assertThat(response.header("proxy-status")).contains("error=connection_refused");
            assertThat(response.header("connection")).isEqualTo("close");
            sender.join(10_000);
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void aBodyDeclaredTooLargeGets413NotAReset(Transport transport) throws Exception {
        try (ProxyHarness proxy = ProxyHarness.startWhole(transport, """
                     listen: { address: 127.0.0.1, port: 0, max_request_body_bytes: 1KiB }
                     upstreams:
                       app: { targets: [ "127.0.0.1:%d" ] }
                     routes:
                       - { name: web, match: { path_prefix: / }, upstream: app }
                     """.formatted(Ports.closed()));
             RawHttpClient client = proxy.client()) {
            Thread sender = upload(client, "POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: " + BODY + "\r\n\r\n");
            Thread.sleep(300);

            RawResponse response = client.read();
            assertThat(response.status()).isEqualTo(413);
            sender.join(10_000);
        }
    }
}
