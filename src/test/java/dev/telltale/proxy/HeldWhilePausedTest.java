package dev.telltale.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

import static org.assertj.core.api.Assertions.assertThat;

class HeldWhilePausedTest {

    /** Records what reaches it, and may act on the channel as each message arrives. */
    private static final class Consumer extends ChannelInboundHandlerAdapter {
        final List<String> seen = new ArrayList<>();
        BiConsumer<ChannelHandlerContext, String> onMessage = (ctx, text) -> { };

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            String text = buf.toString(StandardCharsets.US_ASCII);
            buf.release();
            seen.add(text);
            onMessage.accept(ctx, text);
        }
    }

    private final Consumer consumer = new Consumer();
    private final EmbeddedChannel channel = new EmbeddedChannel(new HeldWhilePaused(), consumer);

    private static ByteBuf message(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII);
    }

    @Test
    void passesMessagesStraightOnWhileReading() {
        channel.writeInbound(message("a"), message("b"));

        assertThat(consumer.seen).containsExactly("a", "b");
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void holdsWhilePausedAndPassesOnInOrderWhenReadingResumes() {
        channel.config().setAutoRead(false);
        channel.writeInbound(message("a"), message("b"));
        assertThat(consumer.seen).isEmpty();

        channel.config().setAutoRead(true);
        channel.writeInbound(message("c"));

        assertThat(consumer.seen).containsExactly("a", "b", "c");
        assertThat(channel.finish()).isFalse();
    }

    /** The next pipelined request pauses reading again: what follows it stays held. */
    @Test
    void stopsPassingOnAsSoonAsTheConsumerPausesAgain() {
        consumer.onMessage = (ctx, text) -> {
            if (text.startsWith("request")) {
                ctx.channel().config().setAutoRead(false);
            }
        };
        channel.config().setAutoRead(false);
        channel.writeInbound(message("request 1"), message("body 1"), message("request 2"), message("body 2"));

        channel.config().setAutoRead(true);
        assertThat(consumer.seen).containsExactly("request 1");
        channel.config().setAutoRead(true);
        assertThat(consumer.seen).containsExactly("request 1", "body 1", "request 2");
        channel.config().setAutoRead(true);
        assertThat(consumer.seen).containsExactly("request 1", "body 1", "request 2", "body 2");
        assertThat(channel.finish()).isFalse();
    }

    /** A message that resumes reading while others are held does not overtake them. */
    @Test
    void keepsTheOrderWhenAMessageResumesReadingFromInside() {
        consumer.onMessage = (ctx, text) -> ctx.channel().config().setAutoRead(true);
        channel.config().setAutoRead(false);
        channel.writeInbound(message("a"), message("b"), message("c"));

        channel.config().setAutoRead(true);

        assertThat(consumer.seen).containsExactly("a", "b", "c");
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void releasesWhatIsHeldWhenTheConnectionCloses() {
        channel.config().setAutoRead(false);
        ByteBuf held = message("held");
        channel.writeInbound(held);

        channel.close();

        assertThat(held.refCnt()).isZero();
        assertThat(consumer.seen).isEmpty();
    }

    @Test
    void passesOnWhatIsHeldWhenRemovedForATunnel() {
        channel.config().setAutoRead(false);
        channel.writeInbound(message("a"), message("b"));

        channel.pipeline().remove(HeldWhilePaused.class);

        assertThat(consumer.seen).containsExactly("a", "b");
        assertThat(channel.finish()).isFalse();
    }
}
