package dev.telltale.proxy;

import org.junit.jupiter.api.Tag;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.telltale.testing.Ports;
import dev.telltale.testing.ProxyHarness;
import dev.telltale.testing.RawHttpClient;
import dev.telltale.testing.RawHttpClient.RawResponse;
import dev.telltale.upstream.Transport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static dev.telltale.testing.Transports.TRANSPORTS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an untrusted client may see: at safe detail no internal address, port or exception text
 * reaches the page, the JSON, the text or the header; anything reflected is escaped.
 */
@Tag("socket")
class ErrorPageSafetyTest {

    private static final List<String> ACCEPTS = List.of("text/html", "application/problem+json", "*/*");

    private static ProxyHarness untrusted(Transport transport, int port) throws Exception {
        return ProxyHarness.start(transport, """
                upstreams:
                  app-backend-7: { targets: ["127.0.0.2:%d"] }
                routes:
                  - { name: secret-route, match: { path_prefix: / }, upstream: app-backend-7 }
                error_pages: { detail: safe, trusted_networks: [] }
                """.formatted(port));
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void safeDetailLeaksNoAddressPortNameOrExceptionText(Transport transport) throws Exception {
        int port = Ports.closed();
        try (ProxyHarness proxy = untrusted(transport, port)) {
            for (String accept : ACCEPTS) {
                RawResponse response;
                try (RawHttpClient client = proxy.client()) {
                    response = client.exchange("GET /x HTTP/1.1\r\nHost: a\r\nAccept: " + accept + "\r\n\r\n");
                }
                assertThat(response.status()).isEqualTo(502);
                String everything = response.bodyText() + "\n" + response.header("proxy-status");
                assertThat(everything).as(accept)
                        // 127.0.0.2, not .1: the generic advice rightly mentions binding to 127.0.0.1.
                        .doesNotContain("127.0.0.2").doesNotContain(String.valueOf(port))
                        .doesNotContain("app-backend-7").doesNotContain("secret-route")
                        .doesNotContain("Exception").doesNotContain("refused:")
                        .contains(response.header("x-request-id"));
                assertThat(response.header("proxy-status")).startsWith("telltale; error=connection_refused; details=\"");
            }
            // The operator still finds the whole story by the request ID.
            String id = proxy.log().awaitFirstEntry(java.time.Duration.ofSeconds(5)).get("request_id").asText();
            assertThat(proxy.incidents().find(id)).hasValueSatisfying(incident ->
                    assertThat(incident.detail()).contains("127.0.0.2:" + port));
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void scriptInThePathIsEscapedAndAHostileRequestIdIsReplaced(Transport transport) throws Exception {
        try (ProxyHarness proxy = ProxyHarness.start(transport, """
                upstreams:
                  app: { targets: ["127.0.0.1:%d"] }
                routes:
                  - { name: api, match: { path_prefix: /api }, upstream: app }
                """.formatted(Ports.closed()))) {
            String hostileId = "\"><script>alert(2)</script>";
            RawResponse page;
            try (RawHttpClient client = proxy.client()) {
                page = client.exchange("GET /<script>alert(1)</script>?q=%22%3E HTTP/1.1\r\nHost: a\r\n"
                        + "Accept: text/html\r\nX-Request-Id: " + hostileId + "\r\n\r\n");
            }
            assertThat(page.status()).isEqualTo(404);
            assertThat(page.header("x-request-id")).matches("[0-9a-z]{20}");
            assertThat(page.bodyText()).doesNotContain("<script").doesNotContain("alert(2)")
                    .contains(page.header("x-request-id"));
            assertThat(page.header("content-security-policy")).isEqualTo("default-src 'none'; style-src 'unsafe-inline'");
            assertThat(page.header("x-content-type-options")).isEqualTo("nosniff");

            RawResponse json;
            try (RawHttpClient client = proxy.client()) {
                json = client.exchange("GET /<script>alert(1)</script> HTTP/1.1\r\nHost: a\r\n"
                        + "Accept: application/json\r\n\r\n");
            }
            JsonNode problem = new ObjectMapper().readTree(json.bodyText());
            assertThat(problem.get("failure").asText()).isEqualTo("destination_not_found");
            assertThat(problem.get("request_id").asText()).isEqualTo(json.header("x-request-id"));
        }
    }

    @ParameterizedTest
    @MethodSource(TRANSPORTS)
    void transientFailureAsksToRetryAndThePageReloadsItself(Transport transport) throws Exception {
        try (ProxyHarness proxy = ProxyHarness.simple(transport, "127.0.0.1:" + Ports.closed());
             RawHttpClient client = proxy.client()) {
            RawResponse page = client.exchange("GET / HTTP/1.1\r\nHost: a\r\nAccept: text/html\r\n\r\n");
            assertThat(page.status()).isEqualTo(502);
            assertThat(page.header("retry-after")).isEqualTo("5");
            assertThat(page.bodyText()).contains("http-equiv=\"refresh\"");
        }
    }
}
