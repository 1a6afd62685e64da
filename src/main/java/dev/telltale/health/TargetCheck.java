package dev.telltale.health;

import dev.telltale.config.TargetAddress;
import dev.telltale.config.UpstreamConfig;
import dev.telltale.failure.Failure;
import dev.telltale.failure.Phase;
import dev.telltale.upstream.ExchangeListener;
import dev.telltale.upstream.ConnectionPools;
import dev.telltale.upstream.Target;
import dev.telltale.upstream.UpstreamConnection;
import io.netty.channel.EventLoop;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;

import javax.net.ssl.SSLSession;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code doctor} does to one target, step by step as an engineer would by hand: resolve its
 * name, open TCP, shake hands over TLS when the upstream uses it, GET the health path. The steps
 * are the proxy's own connection code and health probe, so every failure is named and worded
 * exactly as a request would see it; this class only hears them (an {@link ExchangeListener} of the
 * one connection attempt), stamps them in a {@link CheckTimeline}, and says which step failed.
 */
public final class TargetCheck implements ExchangeListener {

    public enum Step { DNS, CONNECT, TLS, HTTP }

    public enum Verdict { OK, FAILED, SKIPPED }

    /** {@code failure} is null for a step that did not fail, and for a health answer that is not 2xx or 3xx. */
    public record StepResult(Step step, Verdict verdict, Failure failure, String detail, long millis) {
    }

    /**
     * {@code address} is the IP the name resolved to (null when it did not); {@code status} that
     * of the health answer, 0 when none came.
     */
    public record Report(TargetAddress target, String address, String path, int status, List<StepResult> steps) {
        public boolean failed() {
            return steps.stream().anyMatch(step -> step.verdict() == Verdict.FAILED);
        }
    }

    private static final String USER_AGENT = "telltale-doctor";

    private final EventLoop loop;
    private final Target target;
    private final UpstreamConfig upstream;
    private final CheckLimits limits;
    private final String path;
    private final List<StepResult> steps = new ArrayList<>();
    private final Promise<Report> result;
    private final CheckTimeline timeline;
    private String ip;
    private String reached;

    private TargetCheck(EventLoop loop, Target target, UpstreamConfig upstream, CheckLimits limits) {
        this.loop = loop;
        this.target = target;
        this.upstream = upstream;
        this.limits = limits;
        this.path = upstream.healthCheck() != null ? upstream.healthCheck().path() : "/";
        this.result = loop.newPromise();
        this.timeline = new CheckTimeline(loop.ticker());
    }

    /** Checks {@code target}, one of {@code upstream}'s, on a new connection; completes on {@code loop}. */
    public static Future<Report> run(EventLoop loop, ConnectionPools pools, UpstreamConfig upstream, Target target,
                                     CheckLimits limits) {
        TargetCheck check = new TargetCheck(loop, target, upstream, limits);
        loop.execute(() -> {
            check.timeline.begin();
            pools.acquire(loop, target, limits.connect(), false, check).addListener(
                    (Future<UpstreamConnection> done) -> check.onConnected(done));
        });
        return check.result;
    }

    @Override
    public void dnsResolved(Target resolving, InetSocketAddress resolved) {
        String host = target.address().host();
        ip = resolved.getAddress().getHostAddress();
        boolean literal = NetUtil.isValidIpV4Address(host) || NetUtil.isValidIpV6Address(host);
        reached = (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + resolved.getPort();
        passed(Step.DNS, literal ? host + " is an IP address, nothing to resolve" : host + " -> " + ip);
    }

    @Override
    public void connected(Target connecting) {
        passed(Step.CONNECT, "connected to " + reached);
    }

    private void onConnected(Future<UpstreamConnection> done) {
        if (!done.isSuccess()) {
            ProbeResult failure = HealthProbe.failureOf(done.cause(), Phase.CONNECT);
            // The steps that succeeded were heard and stamped, so the first one missing is the one that failed.
            Step failed = timeline.next();
            failed(failed, failure.failure(), failure.detail());
            finish(0);
            return;
        }
        UpstreamConnection connection = done.getNow();
        if (upstream.tls().enabled()) {
            passed(Step.TLS, handshake(connection));
        } else {
            steps.add(new StepResult(Step.TLS, Verdict.SKIPPED, null,
                    "upstreams." + upstream.name() + ".tls.enabled is false", 0));
            timeline.skipped(Step.TLS);
        }
        HealthProbe.send(loop, connection, new HealthProbe.Request(path, limits.response(), limits.responseKey(),
                USER_AGENT, limits.connect().maxResponseHeaderBytes()))
                .addListener((Future<ProbeResult> answered) -> onAnswer(answered.getNow()));
    }

    private void onAnswer(ProbeResult answer) {
        if (answer.healthy()) {
            passed(Step.HTTP, "GET " + path + " -> " + answer.status());
        } else if (answer.failure() == null) {
            failed(Step.HTTP, null, "GET " + path + " -> " + answer.status() + ", expected 2xx or 3xx");
        } else {
            failed(Step.HTTP, answer.failure(), answer.detail());
        }
        finish(answer.status());
    }

    /** "TLSv1.3, certificate valid until 2026-03-01": what an operator checks first by hand. */
    private static String handshake(UpstreamConnection connection) {
        SSLSession session = connection.channel().pipeline().get(SslHandler.class).engine().getSession();
        String until = "";
        try {
            Certificate[] chain = session.getPeerCertificates();
            if (chain.length > 0 && chain[0] instanceof X509Certificate leaf) {
                until = ", certificate valid until "
                        + LocalDate.ofInstant(leaf.getNotAfter().toInstant(), ZoneOffset.UTC);
            }
        } catch (javax.net.ssl.SSLPeerUnverifiedException noCertificate) {
            // Nothing to add: the protocol alone still says the handshake completed.
        }
        return session.getProtocol() + until;
    }

    private void passed(Step step, String detail) {
        steps.add(new StepResult(step, Verdict.OK, null, detail, timeline.ended(step)));
    }

    private void failed(Step step, Failure failure, String detail) {
        steps.add(new StepResult(step, Verdict.FAILED, failure, detail, timeline.ended(step)));
    }

    private void finish(int status) {
        for (int i = steps.size(); i < Step.values().length; i++) {
            steps.add(new StepResult(Step.values()[i], Verdict.SKIPPED, null, null, 0));
        }
        result.trySuccess(new Report(target.address(), ip, path, status, List.copyOf(steps)));
    }
}
