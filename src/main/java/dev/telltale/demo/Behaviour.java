package dev.telltale.demo;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * What a demo upstream does with the bytes a connection has sent it so far. The factories are
 * named by behaviour, each the way a real upstream fails; the route that uses one says which
 * failure class it shows.
 */
@FunctionalInterface
interface Behaviour {

    /** Called after each read with everything received on this connection; true once it has acted. */
    boolean onBytes(ChannelHandlerContext ctx, String received);

    /** Acts once a whole request head has arrived. */
    static Behaviour onRequestHead(Consumer<ChannelHandlerContext> action) {
        return (ctx, received) -> {
            if (!received.contains("\r\n\r\n")) {
                return false;
            }
            action.accept(ctx);
            return true;
        };
    }

    /** Acts on the first bytes, whatever they are: for a TLS ClientHello, which is no HTTP head. */
    static Behaviour onFirstBytes(Consumer<ChannelHandlerContext> action) {
        return (ctx, received) -> {
            action.accept(ctx);
            return true;
        };
    }

    static Behaviour staysSilent() {
        return onRequestHead(ctx -> { });
    }

    static Behaviour resetsAfterRequest() {
        return onRequestHead(ctx -> {
            // SO_LINGER 0 makes close() send RST instead of FIN, as a crashing process's kernel does.
            ctx.channel().config().setOption(ChannelOption.SO_LINGER, 0);
            ctx.close();
        });
    }

    /** What an SSH server says first: the classic "the target port is not the app" mistake. */
    static Behaviour answersLikeSsh() {
        return onRequestHead(ctx -> sendThenClose(ctx, "SSH-2.0-OpenSSH_9.6\r\n"));
    }

    static Behaviour closesInTheMiddleOfTheHead() {
        return onRequestHead(ctx -> sendThenClose(ctx, "HTTP/1.1 200 OK\r\nContent-Type: text/ht"));
    }

    static Behaviour sendsHugeHead(int bytes) {
        StringBuilder head = new StringBuilder("HTTP/1.1 200 OK\r\n");
        for (int i = 0; head.length() < bytes; i++) {
            head.append("X-Session-Debug-").append(i).append(": ").append("d".repeat(100)).append("\r\n");
        }
        String whole = head.append("Content-Length: 2\r\n\r\nok").toString();
        return onRequestHead(ctx -> ctx.writeAndFlush(ascii(whole)));
    }

    static Behaviour sendsBodyOf(int bytes) {
        return onRequestHead(ctx -> {
            ctx.write(ascii("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: "
                    + bytes + "\r\n\r\n"));
            ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[bytes]));
        });
    }

    /** Sends the head and part of the body, then goes quiet with the connection open. */
    static Behaviour stallsMidBody() {
        String start = "<!doctype html><title>Stalled</title><p>The demo app started this page and then stalled";
        return onRequestHead(ctx -> ctx.writeAndFlush(ascii("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                + "Content-Length: 4096\r\n\r\n" + start)));
    }

    /**
     * A good first chunk, then, a moment later, a chunk size that is not hexadecimal: the head
     * has gone on by then, so the body is cut (broken in the head's own read, the whole response
     * would be refused with a page instead).
     */
    static Behaviour breaksChunking() {
        String chunk = "<p>The first chunk is fine.";
        return onRequestHead(ctx -> {
            ctx.writeAndFlush(ascii("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(chunk.length()) + "\r\n" + chunk
                    + "\r\n"));
            ctx.executor().schedule(() -> ctx.writeAndFlush(ascii("ZZ\r\n")), 100, TimeUnit.MILLISECONDS);
        });
    }

    /** Answers everything, its health check included, 503: the app is up but says it is not well. */
    static Behaviour failsHealthChecks() {
        String body = "database is unreachable";
        return onRequestHead(ctx -> sendThenClose(ctx, "HTTP/1.1 503 Service Unavailable\r\n"
                + "Content-Type: text/plain\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n"
                + body));
    }

    /** A plain-HTTP server (nginx, Node) reading a TLS ClientHello as a malformed request. */
    static Behaviour answersTlsWithPlainHttp() {
        return onFirstBytes(ctx -> sendThenClose(ctx,
                "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
    }

    /** A TLS record: fatal alert handshake_failure (21, TLS 1.2, length 2, level 2, 40). */
    static Behaviour refusesEveryTlsHandshake() {
        return onFirstBytes(ctx -> sendThenClose(ctx, "\u0015\u0003\u0003\u0000\u0002\u0002\u0028"));
    }

    private static void sendThenClose(ChannelHandlerContext ctx, String raw) {
        ctx.writeAndFlush(ascii(raw)).addListener(ChannelFutureListener.CLOSE);
    }

    private static ByteBuf ascii(String raw) {
        return Unpooled.copiedBuffer(raw, StandardCharsets.ISO_8859_1);
    }
}
