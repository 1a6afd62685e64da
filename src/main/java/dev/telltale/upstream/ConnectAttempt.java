package dev.telltale.upstream;

import dev.telltale.config.TargetAddress;
import dev.telltale.failure.ExchangeFailure;
import dev.telltale.failure.ExchangeFailureException;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.netty.handler.ssl.SslHandler;
import io.netty.resolver.AddressResolver;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One try to reach a target: resolve its name, then open TCP, all within
 * {@code timeouts.connect}; then, for a TLS upstream, the handshake within
 * {@code timeouts.tls_handshake}. Ends in a ready channel or a classified failure; no request
 * byte was sent to the upstream either way, so {@code retry.on} and {@code retry.attempts}
 * alone decide whether a failure here is retried.
 */
final class ConnectAttempt {

    /** A ready channel and how long its TLS handshake took (null without TLS). */
    record Connected(Channel channel, Long tlsMillis) {
    }

    private final TargetAddress target;
    private final UpstreamTls tls;
    private final ConnectSettings settings;
    private final Target owner;
    private final ExchangeListener steps;
    private final Promise<Connected> result;
    private boolean resolving = true;
    private InetSocketAddress resolved;
    private ChannelFuture connecting;
    private ScheduledFuture<?> deadline;

    private ConnectAttempt(Target target, ConnectSettings settings, ExchangeListener steps,
                           Promise<Connected> result) {
        this.owner = target;
        this.target = target.address();
        this.tls = target.tls();
        this.settings = settings;
        this.steps = steps;
        this.result = result;
    }

    /**
     * {@code channels} makes a channel registered with {@code loop}, with the TLS stages for
     * {@code target} in place when it uses TLS.
     */
    static Future<Connected> start(EventLoop loop, AddressResolver<InetSocketAddress> resolver,
                                   Function<InetAddress, ChannelFuture> channels, Target target, ConnectSettings settings,
                                   ExchangeListener steps) {
        ConnectAttempt attempt = new ConnectAttempt(target, settings, steps, loop.newPromise());
        attempt.run(loop, resolver, channels);
        return attempt.result;
    }

    private void run(EventLoop loop, AddressResolver<InetSocketAddress> resolver, Function<InetAddress, ChannelFuture> channels) {
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
                        fail(WireFailures.ofResolution(done.cause(), target.host()));
                        return;
                    }
                    resolved = done.getNow();
                    steps.dnsResolved(owner, resolved);
                    connect(channels);
                });
    }

    private void connect(Function<InetAddress, ChannelFuture> channels) {
        ChannelFuture registered;
        try {
            registered = channels.apply(resolved.getAddress());
        } catch (RuntimeException e) {
            // No socket could be made, e.g. the process is out of file descriptors.
            fail(WireFailures.ofConnect(e, where(), settings));
            return;
        }
        if (!registered.isSuccess()) {
            registered.channel().close();
            fail(WireFailures.ofConnect(registered.cause(), where(), settings));
            return;
        }
        connecting = registered.channel().connect(resolved);
        connecting.addListener((ChannelFuture done) -> {
            if (done.isSuccess()) {
                cancelDeadline();
                if (result.isDone()) {
                    done.channel().close();
                    return;
                }
                steps.connected(owner);
                if (tls == null) {
                    succeed(done.channel(), null);
                } else {
                    handshake(done.channel());
                }
            } else {
                // Later, not now: Netty is still failing the connect, and a close now would make
                // it build a ClosedChannelException for the promise it has just failed.
                done.channel().eventLoop().execute(done.channel()::close);
                if (!result.isDone()) {
                    fail(WireFailures.ofConnect(done.cause(), where(), settings));
                }
            }
        });
    }

    /** The TLS handler started the handshake when TCP connected; it also enforces the time limit. */
    private void handshake(Channel channel) {
        long start = System.nanoTime();
        FirstBytesHandler firstBytes = channel.pipeline().get(FirstBytesHandler.class);
        channel.pipeline().get(SslHandler.class).handshakeFuture().addListener((Future<Channel> done) -> {
            if (channel.pipeline().context(firstBytes) != null) {
                channel.pipeline().remove(firstBytes);
            }
            if (done.isSuccess()) {
                long millis = (System.nanoTime() - start) / 1_000_000;
                steps.tlsHandshaken(owner, millis);
                succeed(channel, millis);
            } else {
                fail(WireFailures.ofHandshake(done.cause(), firstBytes.firstBytes(),
                        new TlsFailures(tls, tls.expectedName(target), where(), settings)));
                channel.close();
            }
        });
    }

    private void succeed(Channel channel, Long tlsMillis) {
        if (!result.trySuccess(new Connected(channel, tlsMillis))) {
            channel.close();
        }
    }

    private void onDeadline() {
        fail(resolving ? WireFailures.resolutionTimedOut(target.host(), settings)
                : WireFailures.connectTimedOut(where(), settings));
        if (connecting != null) {
            connecting.channel().close();
        }
    }

    private void fail(ExchangeFailure failure) {
        cancelDeadline();
        result.tryFailure(new ExchangeFailureException(failure));
    }

    private void cancelDeadline() {
        if (deadline != null) {
            deadline.cancel(false);
        }
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
