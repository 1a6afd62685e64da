package dev.telltale.upstream;

import io.netty.channel.Channel;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * One open connection to a target, serving one exchange at a time. Touched only on its
 * channel's event loop, which is also the event loop of the client it serves. For an HTTP/2
 * target it is one stream of a multiplexed connection ({@link Http2Session}), with no pool: it
 * serves its one exchange and closes.
 */
public final class UpstreamConnection {

    private final Channel channel;
    private final Target target;
    private final UpstreamHandler handler;
    private final TargetPool pool;
    private final Long tlsMillis;
    private int exchangesServed;
    private long idleSinceNanos;
    private long idledBeforeReuseNanos;
    private long configuredKeepNanos;
    private long announcedKeepNanos;
    private boolean idle;
    private boolean serving;
    private String remoteAddress;

    UpstreamConnection(Channel channel, Target target, UpstreamHandler handler, TargetPool pool, Long tlsMillis) {
        this.channel = channel;
        this.target = target;
        this.handler = handler;
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

    /** The trailer section of the response just ended, when it was de-chunked; null otherwise or when it had none. */
    public String trailerSection() {
        return handler.trailerSection();
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

    /** Starts serving an exchange: everything the upstream sends now goes to {@code sink}. */
    public void bind(ResponseSink sink) {
        bind(sink, false, false);
    }

    /**
     * As above, for a request whose response has no body if it is a HEAD ({@code headRequest}), and
     * whose chunked body goes to a client that cannot read chunks ({@code dechunk}: HTTP/1.0).
     */
    public void bind(ResponseSink sink, boolean headRequest, boolean dechunk) {
        exchangesServed++;
        serving = true;
        target.requestStarted();
        handler.serve(sink, headRequest, dechunk);
    }

    /** Returns the connection to its pool for at most {@code keepIdleNanos}. */
    public void release(long keepIdleNanos) {
        release(keepIdleNanos, IdleCloses.NONE);
    }

    /**
     * Returns the connection to its pool for at most {@code configuredNanos} (the proxy's own
     * {@code pool.idle_timeout}) and {@code announcedKeepNanos} (from the target's
     * {@code Keep-Alive: timeout}, its margin already taken), and a margin less than the idle limit
     * the target has shown, even if it shows it only while this connection idles.
     */
    public void release(long configuredNanos, long announcedKeepNanos) {
        unbind();
        if (pool == null || Math.min(configuredNanos, announcedKeepNanos) <= 0 || !channel.isActive()) {
            // An HTTP/2 stream (no pool) serves one exchange; its connection stays for the next streams.
            channel.close();
            return;
        }
        // Idle since the response's end was read, not since now: the target's own idle clock started
        // as it sent that end, and whatever the proxy did since (relaying, logging, a pause) is idle time to it.
        long ended = handler.responseEndedAt();
        idleSinceNanos = ended != 0 ? ended : System.nanoTime();
        this.configuredKeepNanos = configuredNanos;
        this.announcedKeepNanos = announcedKeepNanos;
        idle = true;
        pool.offer(this);
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
        handler.unbind();
    }

    boolean idle() {
        return idle;
    }

    /** How long it has idled in the pool. */
    long idleNanos(long nowNanos) {
        return nowNanos - idleSinceNanos;
    }

    /**
     * Whether it may still serve a request that can ({@code replayable}) or cannot be sent again
     * after the keep-alive race. Under a target's own limit a request that cannot keeps a second
     * margin away from it.
     */
    boolean fresh(long nowNanos, boolean replayable) {
        long targetKeep = Math.min(announcedKeepNanos, IdleCloses.keep(target.idleCloses().limitNanos(nowNanos)));
        long keep = Math.min(configuredKeepNanos, targetKeep);
        if (!replayable && targetKeep < configuredKeepNanos) {
            keep -= IdleCloses.margin(keep);
        }
        return nowNanos - idleSinceNanos < keep;
    }

    /**
     * The target closed this pooled connection as a request went out on it: it had idled about the
     * target's limit when it was taken from the pool, which teaches that limit as a close while idle does.
     */
    public void lostTheRace() {
        if (reused()) {
            target.idleCloses().closedWhileIdle(idledBeforeReuseNanos, System.nanoTime());
        }
    }

    /** Taken from the pool for an exchange. */
    void reuse(long nowNanos) {
        idledBeforeReuseNanos = nowNanos - idleSinceNanos;
        idle = false;
    }

    void markBusy() {
        idle = false;
    }
}
