package dev.telltale.docker;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.ReadTimeoutException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;

import java.io.ByteArrayOutputStream;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeUnit;

/**
 * Follows {@code GET /events}: the body never ends while the daemon runs, so it is not
 * aggregated but cut into lines as the chunks come. A refusal (403, 400) is read whole, it
 * is short, and handed over with its status.
 */
final class EventStreamHandler extends ChannelInboundHandlerAdapter {

    /** What the stream says, in order: opened or refused, then lines, then closed, exactly once. */
    interface Listener {
        void opened();

        void refused(Answer answer);

        void line(String line);

        void lineTooLong();

        void closed(Throwable cause);
    }

    static final int MAX_LINE = 1024 * 1024;
    private static final int MAX_REFUSAL = 4096;

    private final HttpRequest request;
    private final Listener listener;
    private final JsonLines lines;
    private ScheduledFuture<?> headTimeout;
    private int status;
    private final ByteArrayOutputStream refusal = new ByteArrayOutputStream();
    private Throwable cause;

    EventStreamHandler(HttpRequest request, Listener listener) {
        this.request = request;
        this.listener = listener;
        this.lines = new JsonLines(MAX_LINE, listener::line, listener::lineTooLong);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.writeAndFlush(request);
        // The daemon sends the head at once; the body may then stay silent for hours.
        headTimeout = ctx.executor().schedule(() -> exceptionCaught(ctx, ReadTimeoutException.INSTANCE),
                DockerApi.READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof HttpResponse response) {
                headTimeout.cancel(false);
                if (response.decoderResult().isFailure()) {
                    exceptionCaught(ctx, response.decoderResult().cause());
                    return;
                }
                status = response.status().code();
                if (status == 200) {
                    listener.opened();
                }
            }
            if (msg instanceof HttpContent content && ctx.channel().isActive()) {
                read(ctx, content);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void read(ChannelHandlerContext ctx, HttpContent content) {
        if (content.decoderResult().isFailure()) {
            exceptionCaught(ctx, content.decoderResult().cause());
            return;
        }
        ByteBuf bytes = content.content();
        if (status == 200) {
            lines.feed(bytes);
        } else {
            byte[] more = new byte[Math.min(bytes.readableBytes(), MAX_REFUSAL - refusal.size())];
            bytes.getBytes(bytes.readerIndex(), more);
            refusal.writeBytes(more);
        }
        if (content instanceof LastHttpContent) {
            if (status != 200) {
                listener.refused(new Answer(status, refusal.toByteArray()));
            } else {
                cause = new ClosedChannelException(); // the daemon ended the stream
            }
            ctx.close();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (this.cause == null) {
            this.cause = cause;
        }
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (headTimeout != null) {
            headTimeout.cancel(false);
        }
        listener.closed(cause);
        ctx.fireChannelInactive();
    }
}
