package dev.telltale.demo;

import dev.telltale.failure.Failure;
import dev.telltale.proxy.ProxyServer;
import dev.telltale.upstream.Target;
import dev.telltale.upstream.Transport;
import dev.telltale.upstream.Upstream;
import dev.telltale.zoo.MisbehavingUpstream;
import dev.telltale.zoo.Misbehaviour;
import dev.telltale.zoo.Misbehaviours;
import io.netty.channel.EventLoopGroup;
import io.netty.resolver.dns.DnsServerAddressStreamProvider;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The upstreams of {@code proxy demo}, all in this process on 127.0.0.1: a healthy app and one
 * upstream per failure class that can be shown locally, plus the config that puts a route under
 * {@code /demo/<class>} in front of each.
 */
public final class Demo implements AutoCloseable {

    private static final String FAILING_CHECKS = "failing_health_check";

    private final EventLoopGroup group;
    private final List<DemoCase> cases = new ArrayList<>();
    private LoopbackDns dns;
    private FullAcceptQueue fullQueue;
    private MisbehavingUpstream busy;
    private PoolHolder holder;
    private HelloApp index;
    /** The index page; its links need the admin port, known once the proxy runs. */
    private volatile byte[] indexPage = new byte[0];

    private Demo(Transport transport) {
        group = transport.newEventLoopGroup(2, "telltale-demo");
    }

    /** Starts every built-in upstream, on {@code transport} like the proxy itself. */
    public static Demo start(Transport transport) throws IOException, InterruptedException {
        Demo demo = new Demo(transport);
        try {
            demo.build(transport);
            return demo;
        } catch (IOException | InterruptedException | RuntimeException e) {
            demo.close();
            throw e;
        }
    }

    private void build(Transport t) throws IOException, InterruptedException {
        dns = new LoopbackDns(group, t);
        fullQueue = new FullAcceptQueue();
        busy = MisbehavingUpstream.on(group, t, Misbehaviours.silent());
        add(null, "app", targets(new HelloApp(group, t).target()), "", "answers 200 with a small page");
        index = new HelloApp(group, t, () -> indexPage);
        add(Failure.DNS_ERROR, "unknown_name", targets(LoopbackDns.UNKNOWN + ":3000"), "",
                "its name does not resolve (NXDOMAIN)");
        add(Failure.DNS_TIMEOUT, "unanswered_name", targets(LoopbackDns.UNANSWERED + ":3000"),
                "timeouts: { connect: 1s }", "the DNS server never answers for its name");
        add(Failure.CONNECTION_REFUSED, "closed_port", targets("127.0.0.1:" + closedPort()), "",
                "nothing listens on its port");
        add(Failure.CONNECTION_TIMEOUT, "full_accept_queue", targets(fullQueue.target()),
                "timeouts: { connect: 1s }", "never accepts: the connect hangs");
        add(Failure.DESTINATION_UNAVAILABLE, FAILING_CHECKS, withTargets(raw(t, Misbehaviours.failsHealthChecks()),
                "health_check: { path: /health, interval: 500ms, timeout: 1s, healthy_threshold: 2,"
                        + " unhealthy_threshold: 2 }"), "", "fails its health checks, so it is marked down");
        add(Failure.CONNECTION_LIMIT_REACHED, "busy", withTargets(busy.target(), "pool: { max_connections: 1 }"),
                "timeouts: { response_header: 0 }", "its one allowed connection is held by a request");
        add(Failure.TLS_PROTOCOL_ERROR, "plain_http_port",
                withTargets(raw(t, Misbehaviours.answersTlsWithPlainHttp()), "tls: { enabled: true }"), "",
                "speaks plain HTTP where TLS is configured");
        add(Failure.TLS_ALERT_RECEIVED, "refuses_tls",
                withTargets(raw(t, Misbehaviours.refusesEveryTlsHandshake()), "tls: { enabled: true }"), "",
                "ends every TLS handshake with an alert");
        add(Failure.CONNECTION_TERMINATED, "resets_after_request", targets(raw(t, Misbehaviours.resetsAfterRequest())),
                "", "resets the connection after the request");
        add(Failure.HTTP_RESPONSE_INCOMPLETE, "cuts_head_off",
                targets(raw(t, Misbehaviours.closesInTheMiddleOfTheHead())), "", "hangs up in the middle of its head");
        add(Failure.HTTP_PROTOCOL_ERROR, "ssh_server", targets(raw(t, Misbehaviours.answersLikeSsh())), "",
                "answers like an SSH server, not HTTP");
        cases.add(new DemoCase(Failure.HTTP_RESPONSE_TRANSFER_CODING, "broken_chunking",
                targets(raw(t, Misbehaviours.breaksChunking())), "", true, "sends a 160 KiB chunk, then a broken chunk size"));
        add(Failure.HTTP_RESPONSE_HEADER_SECTION_SIZE, "huge_head",
                targets(raw(t, Misbehaviours.hugeHead(100 * 1024))), "", "sends 100 KiB of headers (limit 32KiB)");
        add(Failure.HTTP_RESPONSE_BODY_SIZE, "huge_body", targets(raw(t, Misbehaviours.bodyOf(2 * 1024 * 1024))),
                "limits: { max_response_body_bytes: 1MiB }", "sends a 2 MiB body (limit 1MiB)");
        add(Failure.HTTP_RESPONSE_TIMEOUT, "silent", targets(raw(t, Misbehaviours.silent())),
                "timeouts: { response_header: 2s }", "never answers (limit 2s)");
        cases.add(new DemoCase(Failure.CONNECTION_READ_TIMEOUT, "stalls_mid_body",
                targets(raw(t, Misbehaviours.stallsMidBody())), "timeouts: { idle: 2s }", true,
                "stalls in the middle of the body (idle limit 2s)"));
        add(Failure.DESTINATION_NOT_FOUND, null, null, "", "no route matches this path");
    }

    private void add(Failure failure, String upstream, String upstreamYaml, String routeYaml, String shows) {
        cases.add(new DemoCase(failure, upstream, upstreamYaml, routeYaml, false, shows));
    }

    private String raw(Transport transport, Misbehaviour behaviour) throws InterruptedException {
        return MisbehavingUpstream.on(group, transport, behaviour).target();
    }

    private static String targets(String target) {
        return "{ targets: [\"" + target + "\"] }";
    }

    private static String withTargets(String target, String settings) {
        return "{ targets: [\"" + target + "\"], " + settings + " }";
    }

    /** A port that nothing listens on: bound by the system, then freed. */
    private static int closedPort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    /** The proxy must resolve names through this server only: nothing the demo does leaves the machine. */
    public DnsServerAddressStreamProvider nameServers() {
        return dns.provider();
    }

    public String config(int port, int adminPort) {
        return DemoConfig.yaml(cases, port, adminPort, index.target());
    }

    /** From now on {@code /} answers with the index of the demo's links, to the admin listener on {@code adminPort}. */
    public void serveIndex(int adminPort) {
        indexPage = DemoIndex.html(cases, adminPort);
    }

    /**
     * Waits until every URL gives its class: the busy upstream's pool is held, and the upstream
     * that fails its health checks is marked down (about a second).
     */
    public void awaitReady(ProxyServer server, Duration patience) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        String busyPath = cases.stream().filter(c -> c.failure() == Failure.CONNECTION_LIMIT_REACHED)
                .findFirst().orElseThrow().path();
        holder = PoolHolder.hold(server.port(), busyPath, busy, deadline);
        Upstream failing = server.runtime().upstreams().get(FAILING_CHECKS);
        while (failing.targets().stream().map(Target::down).anyMatch(down -> down == null)) {
            if (System.nanoTime() - deadline >= 0) {
                throw new IOException("upstream " + FAILING_CHECKS + " was not marked down within " + patience);
            }
            Thread.sleep(50);
        }
    }

    /** The lines to print: class, status, URL, what the upstream does. */
    public String table(int port, int adminPort) {
        return DemoTable.format(cases, port, adminPort);
    }

    /** Stops every built-in upstream; the requests they hold end, so the proxy can drain at once. */
    @Override
    public void close() {
        if (holder != null) {
            holder.close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        if (fullQueue != null) {
            fullQueue.close();
        }
    }
}
