package dev.telltale.testing;

import dev.telltale.accesslog.AccessLog;
import dev.telltale.accesslog.CapturedLines;
import dev.telltale.config.ConfigLoader;
import dev.telltale.config.ProxyConfig;
import dev.telltale.diagnostics.IncidentStore;
import dev.telltale.health.HealthMonitor;
import dev.telltale.proxy.ProxyServer;
import dev.telltale.upstream.Transport;
import io.netty.resolver.dns.DnsServerAddressStreamProviders;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A real proxy on 127.0.0.1 with a random port, started in this JVM from a YAML text through
 * the real config loader, with its access log captured for assertions.
 */
public final class ProxyHarness implements AutoCloseable {

    private final ProxyServer server;
    private final CapturedLines log = new CapturedLines();
    private final Path configFile;
    private final IncidentStore incidents;
    private final HealthMonitor health;
    private final AccessLog accessLog;

    private ProxyHarness(String yaml, Transport transport) throws Exception {
        this(yaml, new ProxyServer.Options(transport, 2, DnsServerAddressStreamProviders.platformDefault()));
    }

    private ProxyHarness(String yaml, ProxyServer.Options options) throws Exception {
        configFile = Files.createTempFile("telltale-test", ".yaml");
        Files.writeString(configFile, yaml, StandardCharsets.UTF_8);
        ProxyConfig config = new ConfigLoader(Map.of()).load(configFile);
        incidents = new IncidentStore(config.incidents());
        accessLog = log.accessLog();
        server = ProxyServer.start(config, accessLog, incidents, options);
        health = HealthMonitor.start(server.runtime().upstreams().values(), server.pools(), server.eventLoops(),
                accessLog);
    }

    /** {@code yaml} is the whole config; it must listen on 127.0.0.1 port 0 itself. */
    public static ProxyHarness startWhole(ProxyServer.Options options, String yaml) throws Exception {
        return new ProxyHarness(yaml, options);
    }

    /** {@code routesAndUpstreams} is the YAML after the listen section. */
    public static ProxyHarness start(Transport transport, String routesAndUpstreams) throws Exception {
        return new ProxyHarness("""
                listen:
                  address: 127.0.0.1
                  port: 0
                """ + routesAndUpstreams, transport);
    }

    /**
     * As {@link #start}, on a listener that takes h2c (HTTP/2 with prior knowledge) beside HTTP/1.1,
     * on the best transport here.
     */
    public static ProxyHarness startH2c(String routesAndUpstreams) throws Exception {
        return new ProxyHarness("""
                listen:
                  address: 127.0.0.1
                  port: 0
                  http2: { cleartext: true }
                """ + routesAndUpstreams, Transport.best());
    }

    /** {@code yaml} is the whole config; it must listen on 127.0.0.1 port 0 itself. */
    public static ProxyHarness startWhole(Transport transport, String yaml) throws Exception {
        return new ProxyHarness(yaml, transport);
    }

    /** One upstream named {@code app} with the given targets, one catch-all route {@code web}. */
    public static ProxyHarness simple(Transport transport, String... targets) throws Exception {
        return start(transport, """
                upstreams:
                  app:
                    targets: [%s]
                routes:
                  - name: web
                    match: { path_prefix: / }
                    upstream: app
                """.formatted(String.join(", ", quoted(targets))));
    }

    private static String[] quoted(String[] targets) {
        String[] out = new String[targets.length];
        for (int i = 0; i < targets.length; i++) {
            out[i] = "\"" + targets[i] + "\"";
        }
        return out;
    }

    public int port() {
        return server.port();
    }

    public CapturedLines log() {
        return log;
    }

    /** The running server, for wiring the admin endpoints to it. */
    public ProxyServer server() {
        return server;
    }

    /** The access log the proxy writes to (captured into {@link #log()}). */
    public AccessLog accessLog() {
        return accessLog;
    }

    /** The incidents the proxy kept, as {@code GET /incidents/{id}} would serve them. */
    public IncidentStore incidents() {
        return incidents;
    }

    public RawHttpClient client() throws IOException {
        return new RawHttpClient(port());
    }

    @Override
    public void close() throws IOException {
        health.close();
        server.close();
        Files.deleteIfExists(configFile);
    }
}
