package dev.telltale.zoo;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The fault zoo: one named misbehaviour per way an upstream can fail an exchange, shared by the demo and the
 * tests so that what the demo shows is what the tests prove.
 */
public final class Misbehaviours {

    private Misbehaviours() {
    }

    /** Writes {@code raw} and keeps the connection open. */
    public static Misbehaviour answers(String raw) {
        return ctx -> ctx.writeAndFlush(bytes(raw));
    }

    /** Writes {@code first}, then {@code second} after {@code pauseMillis}: they reach the proxy in separate reads. */
    public static Misbehaviour answersInTwoParts(String first, long pauseMillis, String second) {
        return ctx -> {
            ctx.writeAndFlush(bytes(first));
            ctx.executor().schedule(() -> ctx.writeAndFlush(bytes(second)), pauseMillis, TimeUnit.MILLISECONDS);
        };
    }

    /** More bytes than two reads take: a read takes at most 64 KiB (the receive allocator's ceiling). */
    private static final int MORE_THAN_TWO_READS = 160 * 1024;

    /**
     * A chunked 200 whose first chunk ({@code text} repeated to more than two reads' worth) is fine,
     * then {@code rest} after {@code pauseMillis}. However late the proxy gets to read, {@code rest}
     * cannot come in the read that completes the head, so the head has gone on to the client
     * before {@code rest} is read: a break in it cuts the body. (A break read with the head gets
     * the proxy's page instead, which a pause alone cannot rule out on a busy machine.)
     */
    public static Misbehaviour chunkedThen(String text, long pauseMillis, String rest) {
        String chunk = text.repeat(MORE_THAN_TWO_READS / text.length() + 1);
        return answersInTwoParts("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n", pauseMillis, rest);
    }

    /** Writes {@code raw}, then closes: the response ends early or is close-delimited. */
    public static Misbehaviour answersThenCloses(String raw) {
        return ctx -> sendThenClose(ctx, raw);
    }

    /** Writes {@code raw} and then goes silent, connection open. */
    public static Misbehaviour answersThenStalls(String raw) {
        return answers(raw);
    }

    /** Answers after {@code millis}, politely. */
    public static Misbehaviour answersAfter(long millis, String raw) {
        return ctx -> ctx.executor().schedule(() -> ctx.writeAndFlush(bytes(raw)), millis, TimeUnit.MILLISECONDS);
    }

    /** Writes {@code raw} as soon as a connection is accepted, before reading anything, then closes. */
    public static Misbehaviour greetsThenCloses(String raw) {
        return new Misbehaviour() {
            @Override
            public boolean onConnect(ChannelHandlerContext ctx) {
                sendThenClose(ctx, raw);
                return true;
            }

            @Override
            public void onRequest(ChannelHandlerContext ctx) {
            }
        };
    }

    /** Reads the request head, then stops reading: the request body backs up. */
    public static Misbehaviour stopsReading() {
        return ctx -> ctx.channel().config().setAutoRead(false);
    }

    /** Reads the request and never answers. */
    public static Misbehaviour silent() {
        return ctx -> { };
    }

    public static Misbehaviour closesBeforeAnyByte() {
        return ChannelHandlerContext::close;
    }

    public static Misbehaviour resetsAfterRequest() {
        return Misbehaviours::reset;
    }

    public static Misbehaviour resetsOnAccept() {
        return new Misbehaviour() {
            @Override
            public boolean onConnect(ChannelHandlerContext ctx) {
                reset(ctx);
                return true;
            }

            @Override
            public void onRequest(ChannelHandlerContext ctx) {
            }
        };
    }

    /** What an SSH server says first: the classic "the target port is not the app" mistake. */
    public static Misbehaviour answersLikeSsh() {
        return answersThenCloses("SSH-2.0-OpenSSH_9.6\r\n");
    }

    public static Misbehaviour closesInTheMiddleOfTheHead() {
        return answersThenCloses("HTTP/1.1 200 OK\r\nContent-Type: text/ht");
    }

    /** A response head of {@code size} bytes of headers. */
    public static Misbehaviour hugeHead(int size) {
        StringBuilder head = new StringBuilder("HTTP/1.1 200 OK\r\n");
        for (int i = 0; head.length() < size; i++) {
            head.append("X-Session-Debug-").append(i).append(": ").append("d".repeat(100)).append("\r\n");
        }
        return answers(head.append("Content-Length: 2\r\n\r\nok").toString());
    }

    /** A valid response whose body is {@code size} bytes, declared by Content-Length. */
    public static Misbehaviour bodyOf(int size) {
        return ctx -> {
            ctx.write(bytes("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: " + size
                    + "\r\n\r\n"));
            ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[size]));
        };
    }

    /** A chunked body that keeps growing, 64 KiB a chunk, up to {@code size} bytes. */
    public static Misbehaviour chunkedBodyOf(int size) {
        return ctx -> {
            ctx.write(bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"));
            for (int sent = 0; sent < size; sent += 65536) {
                ctx.write(bytes("10000\r\n"));
                ctx.write(Unpooled.wrappedBuffer(new byte[65536]));
                ctx.write(bytes("\r\n"));
            }
            ctx.writeAndFlush(bytes("0\r\n\r\n"));
        };
    }

    /** Sends the head and part of the body, then goes quiet with the connection open. */
    public static Misbehaviour stallsMidBody() {
        String start = "<!doctype html><title>Stalled</title><p>The demo app started this page and then stalled";
        return answers("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 4096\r\n\r\n" + start);
    }

    /**
     * A good first chunk of 160 KiB, then, a moment later, a chunk size that is not hexadecimal: the head has
     * gone on by then ({@link #chunkedThen}), so the body is cut (broken in the head's own read, the whole
     * response would be refused with a page).
     */
    public static Misbehaviour breaksChunking() {
        return chunkedThen("<p>The first chunk is fine.</p>\n", 100, "ZZ\r\n");
    }

    /** Answers everything, its health check included, 503: the app is up but says it is not well. */
    public static Misbehaviour failsHealthChecks() {
        String body = "database is unreachable";
        return answersThenCloses("HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\nContent-Length: "
                + body.length() + "\r\nConnection: close\r\n\r\n" + body);
    }

    /** A plain-HTTP server (nginx, Node) reading a TLS ClientHello as a malformed request. */
    public static Misbehaviour answersTlsWithPlainHttp() {
        return onFirstBytes(answersThenCloses(
                "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
    }

    /** A TLS record: fatal alert handshake_failure (21, TLS 1.2, length 2, level 2, 40). */
    public static Misbehaviour refusesEveryTlsHandshake() {
        return onFirstBytes(answersThenCloses("\u0015\u0003\u0003\u0000\u0002\u0002\u0028"));
    }

    /** The same behaviour, done on the first bytes rather than a whole request head. */
    private static Misbehaviour onFirstBytes(Misbehaviour behaviour) {
        return new Misbehaviour() {
            @Override
            public boolean actsOnFirstBytes() {
                return true;
            }

            @Override
            public void onRequest(ChannelHandlerContext ctx) {
                behaviour.onRequest(ctx);
            }
        };
    }

    private static void reset(ChannelHandlerContext ctx) {
        // SO_LINGER 0 makes close() send RST instead of FIN, as a crashing process's kernel does.
        ctx.channel().config().setOption(ChannelOption.SO_LINGER, 0);
        ctx.close();
    }

    private static void sendThenClose(ChannelHandlerContext ctx, String raw) {
        ctx.writeAndFlush(bytes(raw)).addListener(ChannelFutureListener.CLOSE);
    }

    private static ByteBuf bytes(String raw) {
        return Unpooled.copiedBuffer(raw, StandardCharsets.ISO_8859_1);
    }
}
