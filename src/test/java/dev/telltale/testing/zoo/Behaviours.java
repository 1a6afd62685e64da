package dev.telltale.testing.zoo;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** The fault zoo: one named misbehaviour per way an upstream can fail an exchange. */
public final class Behaviours {

    private Behaviours() {
    }

    /** Writes {@code raw} and keeps the connection open. */
    public static Misbehaviour answers(String raw) {
        return (ctx, request) -> ctx.writeAndFlush(bytes(raw));
    }

    /** Writes {@code first}, then {@code second} after {@code pauseMillis}: they reach the proxy in separate reads. */
    public static Misbehaviour answersInTwoParts(String first, long pauseMillis, String second) {
        return (ctx, request) -> {
            ctx.writeAndFlush(bytes(first));
            ctx.executor().schedule(() -> ctx.writeAndFlush(bytes(second)), pauseMillis,
                    java.util.concurrent.TimeUnit.MILLISECONDS);
        };
    }

    /** Writes {@code raw}, then closes: the response ends early or is close-delimited. */
    public static Misbehaviour answersThenCloses(String raw) {
        return (ctx, request) -> ctx.writeAndFlush(bytes(raw)).addListener(ChannelFutureListener.CLOSE);
    }

    /** Writes {@code raw} and then goes silent, connection open. */
    public static Misbehaviour answersThenStalls(String raw) {
        return answers(raw);
    }

    /** Writes {@code raw} as soon as a connection is accepted, before reading anything, then closes. */
    public static Misbehaviour greetsThenCloses(String raw) {
        return new Misbehaviour() {
            @Override
            public boolean onConnect(ChannelHandlerContext ctx) {
                ctx.writeAndFlush(bytes(raw)).addListener(ChannelFutureListener.CLOSE);
                return true;
            }

            @Override
            public void onRequest(ChannelHandlerContext ctx, io.netty.buffer.ByteBuf request) {
            }
        };
    }

    /** Reads the request head, then stops reading: the request body backs up. */
    public static Misbehaviour stopsReading() {
        return (ctx, request) -> ctx.channel().config().setAutoRead(false);
    }

    public static Misbehaviour silent() {
        return (ctx, request) -> { };
    }

    public static Misbehaviour closesBeforeAnyByte() {
        return (ctx, request) -> ctx.close();
    }

    public static Misbehaviour resetsAfterRequest() {
        return (ctx, request) -> reset(ctx);
    }

    public static Misbehaviour resetsOnAccept() {
        return new Misbehaviour() {
            @Override
            public boolean onConnect(ChannelHandlerContext ctx) {
                reset(ctx);
                return true;
            }

            @Override
            public void onRequest(ChannelHandlerContext ctx, io.netty.buffer.ByteBuf request) {
            }
        };
    }

    /** A response head of {@code size} bytes of headers. */
    public static Misbehaviour hugeHead(int size) {
        StringBuilder head = new StringBuilder("HTTP/1.1 200 OK\r\n");
        int i = 0;
        while (head.length() < size) {
            head.append("X-Padding-").append(i++).append(": ").append("p".repeat(100)).append("\r\n");
        }
        return answers(head.append("Content-Length: 2\r\n\r\nok").toString());
    }

    /** A valid response whose body is {@code size} bytes, declared by Content-Length. */
    public static Misbehaviour bodyOf(int size) {
        return (ctx, request) -> {
            ctx.write(bytes("HTTP/1.1 200 OK\r\nContent-Length: " + size + "\r\n\r\n"));
            ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[size]));
        };
    }

    /** A chunked body that keeps growing, 64 KiB a chunk, up to {@code size} bytes. */
    public static Misbehaviour chunkedBodyOf(int size) {
        return (ctx, request) -> {
            ctx.write(bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"));
            for (int sent = 0; sent < size; sent += 65536) {
                ctx.write(bytes("10000\r\n"));
                ctx.write(Unpooled.wrappedBuffer(new byte[65536]));
                ctx.write(bytes("\r\n"));
            }
            ctx.writeAndFlush(bytes("0\r\n\r\n"));
        };
    }

    /** Answers after {@code millis}, politely. */
    public static Misbehaviour answersAfter(long millis, String raw) {
        return (ctx, request) -> ctx.executor().schedule(() -> ctx.writeAndFlush(bytes(raw)), millis,
                TimeUnit.MILLISECONDS);
    }

    private static void reset(ChannelHandlerContext ctx) {
        // SO_LINGER 0 makes close() send RST instead of FIN.
        ctx.channel().config().setOption(ChannelOption.SO_LINGER, 0);
        ctx.close();
    }

    private static io.netty.buffer.ByteBuf bytes(String raw) {
        return Unpooled.copiedBuffer(raw, StandardCharsets.ISO_8859_1);
    }
}
