package dev.telltale.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.telltale.testing.Chromium;
import dev.telltale.testing.Ports;
import dev.telltale.testing.ProxyHarness;
import dev.telltale.testing.TlsFixture;
import dev.telltale.upstream.Transport;
import io.netty.pkitesting.X509Bundle;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Headless Chromium asks the proxy for a page over HTTPS, where ALPN gives it HTTP/2, and the app is
 * down: the browser shows the proxy's page with its request ID, and the log line says the request
 * came over HTTP/2.
 */
@Tag("chromium")
class ErrorPageOverHttp2BrowserTest {

    @TempDir
    Path dir;

    @Test
    void chromiumLoadsTheErrorPageOverHttp2() throws Exception {
        Chromium chromium = Chromium.find();
        X509Bundle server = TlsFixture.certificates().valid;
        Path cert = Files.writeString(dir.resolve("tls.crt"), server.getCertificatePEM());
        Path key = Files.writeString(dir.resolve("tls.key"), server.getPrivateKeyPEM());
        try (ProxyHarness proxy = ProxyHarness.startWhole(Transport.best(), """
                listen:
                  address: 127.0.0.1
                  port: 0
                  tls: { cert: "%s", key: "%s" }
                upstreams:
                  app: { targets: [ "127.0.0.1:%d" ] }
                routes:
                  - { name: web, match: { path_prefix: / }, upstream: app, retry: { attempts: 1 } }
                """.formatted(cert, key, Ports.closed()))) {
            String dom = chromium.dumpDom(dir, "https://127.0.0.1:" + proxy.port() + "/checkout",
                    "--ignore-certificate-errors");
            JsonNode line = proxy.log().awaitEntries(1, Duration.ofSeconds(5)).get(0);
            assertThat(line.get("protocol").asText()).isEqualTo("HTTP/2");
            assertThat(line.get("failure").asText()).isEqualTo("connection_refused");
            assertThat(dom).contains("Connection refused by the application")
                    .contains(line.get("request_id").asText());
        }
    }
}
