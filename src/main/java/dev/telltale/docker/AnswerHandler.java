package dev.telltale.docker;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpRequest;

import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CompletableFuture;

/**
 * Sends one request on a fresh connection and completes {@code answer} with the aggregated
 * response, or with why none came; then closes. The aggregator before it caps the size.
 */
final class AnswerHandler extends SimpleChannelInboundHandler<FullHttpResponse> {

    private final HttpRequest request;
    private final CompletableFuture<Answer> answer;

    AnswerHandler(HttpRequest request, CompletableFuture<Answer> answer) {
        this.request = request;
        this.answer = answer;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.writeAndFlush(request).addListener(written -> {
            if (!written.isSuccess()) {
                answer.completeExceptionally(written.cause());
                ctx.close();
            }
        });
        ctx.fireChannelActive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
        if (response.decoderResult().isFailure()) {
            answer.completeExceptionally(response.decoderResult().cause());
        } else {
            answer.complete(new Answer(response.status().code(), ByteBufUtil.getBytes(response.content())));
        }
        ctx.close();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        answer.completeExceptionally(cause);
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        answer.completeExceptionally(new ClosedChannelException());
        ctx.fireChannelInactive();
    }
}
