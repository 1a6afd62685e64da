package dev.telltale.admin;

import dev.telltale.config.AdminConfig;
import dev.telltale.container.ContainerView;
import dev.telltale.testing.ProxyHarness;
import dev.telltale.upstream.Transport;

/**
 * The admin listener in front of an in-process proxy, wired as a running proxy wires it: the
 * metrics hear every exchange, the access log and the open client connections; readiness and
 * /status read the proxy's live state.
 */
final class AdminUnderTest {

    private AdminUnderTest() {
    }

    static AdminServer start(ProxyHarness proxy, ProxyMetrics metrics, ContainerView containers) throws Exception {
        proxy.server().listen(metrics);
        metrics.watch(proxy.accessLog());
        metrics.watchClientConnections(proxy.server()::openClientConnections);
        return AdminServer.start(new AdminConfig("127.0.0.1", 0), Transport.nio(), new AdminSources(
                proxy.incidents(),
                () -> Readiness.of(proxy.server().runtime().config(), proxy.server().runtime().upstreams(),
                        proxy.server().isListening(), proxy.server().isDraining()),
                metrics::scrape,
                () -> StatusReport.of(proxy.server().runtime().config(), proxy.server().runtime().upstreams(),
                        proxy.incidents(), proxy.server().isDraining(), containers)));
    }

    static AdminServer start(ProxyHarness proxy, ProxyMetrics metrics) throws Exception {
        return start(proxy, metrics, ContainerView.NONE);
    }
}
