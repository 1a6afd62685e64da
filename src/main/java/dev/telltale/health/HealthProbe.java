package dev.telltale.health;

import dev.telltale.config.Durations;
import dev.telltale.config.HealthCheckConfig;
import dev.telltale.failure.ExchangeFailure;
import dev.telltale.failure.Failure;
import dev.telltale.failure.Phase;
import dev.telltale.upstream.ConnectSettings;
import dev.telltale.upstream.ConnectionPools;
import dev.telltale.upstream.ResponseSink;
import dev.telltale.upstream.Target;
import dev.telltale.upstream.UpstreamConnection;
import dev.telltale.upstream.WireFailures;
import io.netty.channel.EventLoop;
import dev.telltale.http1.ResponseHead;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One active health check: a fresh connection (never a pooled one, which could hide a dead
 * listener), {@code GET path}, healthy on 2xx or 3xx. Every way it can fail is named with the
 * same failure classes as a real request, through the same connection code. {@code doctor}'s
 * last step ({@link TargetCheck}) is this same request, on a connection it watched being opened.
 */
final class HealthProbe implements ResponseSink {

    /**
     * What to send and how long to wait for the answer; {@code timeoutKey} is the setting that
     * applied, {@code maxHeadBytes} the connection's limit on the answer's head.
     */
    record Request(String path, Duration timeout, String timeoutKey, String userAgent, int maxHeadBytes) {
    }

    private final Promise<ProbeResult> result;
    private final Request request;
    private UpstreamConnection connection;
    private ScheduledFuture<?> deadline;

    private HealthProbe(Promise<ProbeResult> result, Request request) {
        this.result = result;
        this.request = request;
    }

    static Future<ProbeResult> run(EventLoop loop, ConnectionPools pools, Target target, HealthCheckConfig config,
                                   String upstreamName) {
        String timeoutKey = "upstreams." + upstreamName + ".health_check.timeout";
        ConnectSettings settings = new ConnectSettings(config.timeout(), timeoutKey, config.timeout(), timeoutKey,
                64 * 1024, Integer.MAX_VALUE, "upstreams." + upstreamName + ".pool.max_connections");
        HealthProbe probe = new HealthProbe(loop.newPromise(), new Request(config.path(), config.timeout(),
                timeoutKey, "telltale-health-check", settings.maxResponseHeaderBytes()));
        pools.acquire(loop, target, settings, false).addListener((Future<UpstreamConnection> done) -> {
            if (done.isSuccess()) {
                probe.send(loop, done.getNow());
            } else {
                probe.finish(failureOf(done.cause(), Phase.CONNECT));
            }
        });
        return probe.result;
    }

    /** Sends {@code request} on a connection just opened (on its loop) and judges the answer; closes it after. */
    static Future<ProbeResult> send(EventLoop loop, UpstreamConnection connection, Request request) {
        HealthProbe probe = new HealthProbe(loop.newPromise(), request);
        probe.send(loop, connection);
        return probe.result;
    }

    private void send(EventLoop loop, UpstreamConnection acquired) {
        connection = acquired;
        connection.bind(this);
        deadline = loop.schedule(() -> finish(ProbeResult.failed(Failure.HTTP_RESPONSE_TIMEOUT,
                "no answer to GET " + request.path() + " within " + Durations.format(request.timeout())
                        + " (" + request.timeoutKey() + ")")),
                request.timeout().toNanos(), TimeUnit.NANOSECONDS);
        // The upstream connection writes bytes: it has no HTTP encoder.
        String get = "GET " + request.path() + " HTTP/1.1\r\nHost: " + connection.target().address()
                + "\r\nUser-Agent: " + request.userAgent() + "\r\nConnection: close\r\nContent-Length: 0\r\n\r\n";
        connection.channel().writeAndFlush(ByteBufUtil.writeUtf8(connection.channel().alloc(), get),
                connection.channel().voidPromise());
    }

    private void finish(ProbeResult outcome) {
        if (deadline != null) {
            deadline.cancel(false);
        }
        if (connection != null) {
            connection.discard();
            connection = null;
        }
        result.trySuccess(outcome);
    }

    /**
     * A failed connection ({@code phase} connect) or exchange, named as the request path names it:
     * the probe is a request like any other to the upstream.
     */
    static ProbeResult failureOf(Throwable cause, Phase phase) {
        ExchangeFailure failure = WireFailures.ofExchange(cause, phase, false);
        return ProbeResult.failed(failure.failure(), failure.detail());
    }

    @Override
    public void onResponseHeadFailed(Throwable cause) {
        ExchangeFailure invalid = WireFailures.ofResponseHead(cause, request.maxHeadBytes(), null);
        finish(ProbeResult.failed(invalid.failure(), invalid.detail()));
    }

    @Override
    public void onResponseHead(ResponseHead head) {
        int status = head.status();
        if (status >= 100 && status < 200) {
            return;
        }
        finish(status < 400 ? ProbeResult.ok(status)
                : new ProbeResult(false, null, "GET " + request.path() + " answered " + status, status));
    }

    @Override
    public void onResponseBody(ByteBuf piece, long bodyBytes) {
        piece.release();
    }

    @Override
    public void onResponseEnd() {
    }

    @Override
    public void onUpstreamReadComplete() {
    }

    @Override
    public void onUpstreamWritabilityChanged(boolean writable) {
    }

    @Override
    public void onUpstreamClosed() {
        ExchangeFailure closed = WireFailures.ofClose(Phase.RESPONSE_HEAD, false);
        finish(ProbeResult.failed(closed.failure(), closed.detail()));
    }

    @Override
    public void onUpstreamError(Throwable cause) {
        // The GET is small and sent at once: what fails after it is the wait for the head.
        finish(failureOf(cause, Phase.RESPONSE_HEAD));
    }

    @Override
    public void onInternalError(RuntimeException bug) {
        finish(ProbeResult.failed(Failure.PROXY_INTERNAL_ERROR, "health check failed inside the proxy: " + bug));
    }
}
