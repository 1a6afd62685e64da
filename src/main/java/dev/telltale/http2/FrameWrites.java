package dev.telltale.http2;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/**
 * The frames that one write of HTTP/1.1 bytes becomes: each is passed on as it is made, and the
 * last carries the write's promise, so the writer hears when all of it went; none completes it at once.
 */
final class FrameWrites {

    private final ChannelHandlerContext ctx;
    private final ChannelPromise promise;
    private Object last;

    FrameWrites(ChannelHandlerContext ctx, ChannelPromise promise) {
        this.ctx = ctx;
        this.promise = promise;
    }

    void add(Object frame) {
        if (last != null) {
            ctx.write(last, ctx.voidPromise());
        }
        last = frame;
    }

    void done() {
        if (last != null) {
            ctx.write(last, promise);
            last = null;
        } else {
            promise.trySuccess();
        }
    }
}
