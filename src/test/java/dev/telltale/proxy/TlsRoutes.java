package dev.telltale.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telltale.testing.ProxyHarness;
import dev.telltale.testing.RawHttpClient;
import dev.telltale.testing.RawHttpClient.RawResponse;
import dev.telltale.upstream.Transport;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** A proxy with one TLS upstream {@code app} behind one catch-all route {@code secure}, for the TLS tests. */
final class TlsRoutes {

    static final String GET = "GET /x HTTP/1.1\r\nHost: a\r\n\r\n";
    private static final Duration WAIT = Duration.ofSeconds(5);

    private TlsRoutes() {
    }

    /** {@code tls} and {@code timeouts} are YAML flow mappings, e.g. {@code { enabled: true }}. */
    static ProxyHarness proxyTo(Transport transport, String target, String tls, String timeouts) throws Exception {
        return ProxyHarness.start(transport, """
                upstreams:
                  app:
                    targets: ["%s"]
                    tls: %s
                routes:
                  - name: secure
                    match: { path_prefix: / }
                    upstream: app
                    timeouts: %s
                """.formatted(target, tls, timeouts));
    }

    /**
     * Sends one GET through a fresh proxy, checks the proxy's error response and that its log line
     * matches it (same request ID, one attempt: a failed handshake sent nothing and is not
     * retried), and returns the log line.
     */
    static JsonNode failedRequest(Transport transport, String target, String tls, String timeouts,
                                  int status, String failure) throws Exception {
        try (ProxyHarness proxy = proxyTo(transport, target, tls, timeouts);
             RawHttpClient client = proxy.client()) {
            RawResponse response = client.exchange(GET);

            assertThat(response.status()).isEqualTo(status);
            assertThat(response.header("proxy-status")).startsWith("telltale; error=" + failure + ";");
            JsonNode line = proxy.log().awaitFirstEntry(WAIT);
            assertThat(line.get("request_id").asText()).isEqualTo(response.header("x-request-id"));
            assertThat(line.get("status").asInt()).isEqualTo(status);
            assertThat(line.get("failure").asText()).isEqualTo(failure);
            assertThat(line.get("origin").asText()).isEqualTo("proxy");
            assertThat(line.get("attempts").asInt()).isEqualTo(1);
            assertThat(line.get("tls_ms").isNull()).isTrue();
            return line;
        }
    }

    static JsonNode failedRequest(Transport transport, String target, String tls, int status, String failure)
            throws Exception {
        return failedRequest(transport, target, tls, "{}", status, failure);
    }
}
