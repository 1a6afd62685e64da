package dev.telltale.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telltale.accesslog.CapturedLines;
import dev.telltale.config.ConfigLoader;
import dev.telltale.config.ProxyConfig;
import dev.telltale.config.RouteConfig;
import dev.telltale.diagnostics.IncidentStore;
import dev.telltale.testing.ProvokesProxyBugs;
import dev.telltale.testing.RawHttpClient;
import dev.telltale.testing.RawHttpClient.RawResponse;
import dev.telltale.upstream.Transport;
import io.netty.resolver.dns.DnsServerAddressStreamProviders;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A bug in the proxy still ends in a page, a request ID and a log line, and the proxy keeps serving. */
@ProvokesProxyBugs
@Tag("socket")
class InternalErrorTest {

    @TempDir
    Path dir;

    @Test
    void bugWhileSettingUpAnExchangeGives500ProxyInternalError() throws Exception {
        Path file = dir.resolve("proxy.yaml");
        Files.writeString(file, """
                listen: { address: 127.0.0.1, port: 0 }
                upstreams:
                  app: { targets: ["127.0.0.1:9"] }
                routes:
                  - { name: web, match: { path_prefix: / }, upstream: app }
                error_pages: { detail: safe, trusted_networks: [] }
                """);
        ProxyConfig valid = new ConfigLoader(Map.of()).load(file);
        // An invariant the loader guarantees, broken on purpose: the route names no known upstream.
        RouteConfig web = valid.routes().get(0);
        RouteConfig ghost = new RouteConfig("ghost", web.match(), "no-such-upstream", false, web.timeouts(),
                web.limits(), web.retry(), web.overridden());
        ProxyConfig broken = new ProxyConfig(valid.source(), valid.listen(), valid.admin(), valid.defaults(),
                valid.upstreams(), List.of(ghost), valid.errorPages(), valid.requestId(), valid.accessLog(),
                valid.incidents(), valid.docker(), valid.watch(), valid.shutdownGrace(), valid.tracing());
        CapturedLines log = new CapturedLines();
        try (ProxyServer server = ProxyServer.start(broken, log.accessLog(), new IncidentStore(broken.incidents()),
                new ProxyServer.Options(Transport.nio(), 1, DnsServerAddressStreamProviders.platformDefault()))) {
            for (int i = 0; i < 2; i++) {
                try (RawHttpClient client = new RawHttpClient(server.port())) {
                    RawResponse response = client.exchange("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
                    assertThat(response.status()).isEqualTo(500);
                    assertThat(response.header("proxy-status")).startsWith("telltale; error=proxy_internal_error");
                    // Safe detail for this untrusted client: no exception text, never a stack trace.
                    assertThat(response.bodyText()).doesNotContain("NullPointerException").doesNotContain("at dev.");
                    assertThat(response.header("proxy-status")).doesNotContain("NullPointerException");
                }
            }
            List<JsonNode> lines = log.awaitEntries(2, Duration.ofSeconds(5));
            assertThat(lines).allSatisfy(line -> {
                assertThat(line.get("status").asInt()).isEqualTo(500);
                assertThat(line.get("failure").asText()).isEqualTo("proxy_internal_error");
                assertThat(line.get("failure_detail").asText()).startsWith("internal error in the proxy: ");
            });
        }
    }
}
