package dev.telltale.upstream;

import io.netty.channel.Channel;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * One open connection to a target, serving one exchange at a time. Touched only on its
 * channel's event loop, which is also the event loop of the client it serves.
 */
public final class UpstreamConnection {

    private final Channel channel;
    private final Target target;
    private final UpstreamHandler handler;
    private final ResponseHeadInspector inspector;
    private final TargetPool pool;
    private final Long tlsMillis;
    private int exchangesServed;
    private long idleDeadlineNanos;
    private boolean idle;
    private boolean serving;
    private String remoteAddress;

    UpstreamConnection(Channel channel, Target target, UpstreamHandler handler, ResponseHeadInspector inspector,
                       TargetPool pool, Long tlsMillis) {
        this.channel = channel;
        this.target = target;
        this.handler = handler;
        this.inspector = inspector;
        this.pool = pool;
        this.tlsMillis = tlsMillis;
    }

    public Channel channel() {
        return channel;
    }

    public Target target() {
        return target;
    }

    /** The {@code ip:port} this connection really reached. */
    public String remoteAddress() {
        if (remoteAddress == null) {
            SocketAddress remote = channel.remoteAddress();
            if (!(remote instanceof InetSocketAddress inet) || inet.getAddress() == null) {
                return target.toString();
            }
            String ip = inet.getAddress().getHostAddress();
            // Made once per connection: it goes into every access-log line.
            remoteAddress = (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + inet.getPort();
        }
        return remoteAddress;
    }

    /** True when an earlier exchange already used this connection (it came from the pool). */
    public boolean reused() {
        return exchangesServed > 1;
    }

    /**
     * How long this connection's TLS handshake took, for the exchange that opened it: null
     * without TLS and for a reused connection (its handshake belongs to an earlier exchange).
     */
    public Long tlsMillis() {
        return reused() ? null : tlsMillis;
    }

    /** Starts serving an exchange: everything the upstream sends now goes to {@code listener}. */
    public void bind(ResponseListener listener) {
        exchangesServed++;
        serving = true;
        target.requestStarted();
        inspector.expectResponse();
        handler.listener(listener);
    }

    /** Returns the connection to its pool for at most {@code keepIdleNanos}. */
    public void release(long keepIdleNanos) {
        unbind();
        if (keepIdleNanos <= 0 || !channel.isActive()) {
            channel.close();
            return;
        }
        pool.offer(this, keepIdleNanos);
    }

    /** Closes the connection; it cannot serve another exchange. */
    public void discard() {
        unbind();
        channel.close();
    }

    /** Hands the connection over for good (a WebSocket tunnel): no pool, no exchange. */
    public void detach() {
        unbind();
    }

    private void unbind() {
        if (serving) {
            serving = false;
            target.requestEnded();
        }
        handler.listener(null);
    }

    boolean idle() {
        return idle;
    }

    void markIdle(long deadlineNanos) {
        idle = true;
        idleDeadlineNanos = deadlineNanos;
    }

    void markBusy() {
        idle = false;
    }

    long idleDeadlineNanos() {
        return idleDeadlineNanos;
    }
}
