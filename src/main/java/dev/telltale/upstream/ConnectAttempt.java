package dev.telltale.upstream;

import dev.telltale.config.TargetAddress;
import dev.telltale.failure.Failure;
import dev.telltale.failure.Phase;
import dev.telltale.failure.UpstreamFailure;
import dev.telltale.failure.UpstreamFailureException;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.resolver.AddressResolver;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;

import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.TimeUnit;

/**
 * One try to reach a target: resolve its name, then open TCP, all within
 * {@code timeouts.connect}. Ends in a connected channel or a classified failure; nothing was
 * sent to the upstream either way, so every failure here may be retried.
 */
final class ConnectAttempt {

    private final TargetAddress target;
    private final ConnectSettings settings;
    private final Promise<Channel> result;
    private Phase phase = Phase.CONNECT;
    private boolean resolving = true;
    private InetSocketAddress resolved;
    private ChannelFuture connecting;
    private ScheduledFuture<?> deadline;

    private ConnectAttempt(TargetAddress target, ConnectSettings settings, Promise<Channel> result) {
        this.target = target;
        this.settings = settings;
        this.result = result;
    }

    static Future<Channel> start(EventLoop loop, AddressResolver<InetSocketAddress> resolver,
                                 Bootstrap bootstrap, TargetAddress target, ConnectSettings settings) {
        ConnectAttempt attempt = new ConnectAttempt(target, settings, loop.newPromise());
        attempt.run(loop, resolver, bootstrap);
        return attempt.result;
    }

    private void run(EventLoop loop, AddressResolver<InetSocketAddress> resolver, Bootstrap bootstrap) {
        long timeoutNanos = settings.connectTimeout().toNanos();
        if (timeoutNanos > 0) {
            deadline = loop.schedule(this::onDeadline, timeoutNanos, TimeUnit.NANOSECONDS);
        }
        resolver.resolve(InetSocketAddress.createUnresolved(target.host(), target.port()))
                .addListener((Future<InetSocketAddress> done) -> {
                    resolving = false;
                    if (result.isDone()) {
                        return;
                    }
                    if (!done.isSuccess()) {
                        fail(classifyResolution(done.cause()));
                        return;
                    }
                    resolved = done.getNow();
                    connect(bootstrap);
                });
    }

    private void connect(Bootstrap bootstrap) {
        connecting = bootstrap.connect(resolved);
        connecting.addListener((ChannelFuture done) -> {
            if (done.isSuccess()) {
                cancelDeadline();
                if (!result.trySuccess(done.channel())) {
                    done.channel().close();
                }
            } else if (!result.isDone()) {
                fail(classifyConnect(done.cause()));
            }
        });
    }

    private void onDeadline() {
        String limit = ConnectFailures.limitText(settings);
        if (resolving) {
            fail(new UpstreamFailure(Failure.DNS_TIMEOUT, phase,
                    "name " + target.host() + " did not resolve within " + limit, false, ConnectFailures.limitKey(settings)));
        } else {
            fail(new UpstreamFailure(Failure.CONNECTION_TIMEOUT, phase,
                    "no TCP connection to " + where() + " within " + limit, false, ConnectFailures.limitKey(settings)));
        }
        if (connecting != null) {
            connecting.channel().close();
        }
    }

    private void fail(UpstreamFailure failure) {
        cancelDeadline();
        result.tryFailure(new UpstreamFailureException(failure));
    }

    private void cancelDeadline() {
        if (deadline != null) {
            deadline.cancel(false);
        }
    }

    private UpstreamFailure classifyResolution(Throwable cause) {
        if (ConnectFailures.isDnsTimeout(cause)) {
            return new UpstreamFailure(Failure.DNS_TIMEOUT, phase,
                    "name " + target.host() + ": DNS query timed out", false);
        }
        String why = cause instanceof UnknownHostException ? "does not resolve" : "could not be resolved";
        return new UpstreamFailure(Failure.DNS_ERROR, phase,
                "name " + target.host() + " " + why + " (" + ConnectFailures.shortCause(cause) + ")", false);
    }

    private UpstreamFailure classifyConnect(Throwable cause) {
        if (cause instanceof ConnectTimeoutException) {
            return new UpstreamFailure(Failure.CONNECTION_TIMEOUT, phase,
                    "no TCP connection to " + where() + " within " + ConnectFailures.limitText(settings), false,
                    ConnectFailures.limitKey(settings));
        }
        return ConnectFailures.fromSocket(cause, phase, "connect to " + where());
    }

    private String where() {
        if (resolved == null || resolved.getAddress() == null) {
            return target.toString();
        }
        String ip = resolved.getAddress().getHostAddress();
        String address = (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + resolved.getPort();
        return address.equals(target.toString()) ? address : target + " (" + address + ")";
    }
}
