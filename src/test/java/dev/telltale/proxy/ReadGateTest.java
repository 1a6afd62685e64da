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

class ReadGateTest {

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
    private final ReadGate gate = new ReadGate();
    private final EmbeddedChannel channel = new EmbeddedChannel(gate, consumer);

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
        gate.pause(ReadGate.Reason.BODY_BACKPRESSURE);
        channel.writeInbound(message("a"), message("b"));
        assertThat(consumer.seen).isEmpty();
        assertThat(channel.config().isAutoRead()).isFalse();

        gate.resume(ReadGate.Reason.BODY_BACKPRESSURE);
        assertThat(channel.config().isAutoRead()).isTrue();
        channel.writeInbound(message("c"));

        assertThat(consumer.seen).containsExactly("a", "b", "c");
        assertThat(channel.finish()).isFalse();
    }

    /** The next pipelined request pauses reading again: what follows it stays held. */
    @Test
    void stopsPassingOnAsSoonAsTheConsumerPausesAgain() {
        consumer.onMessage = (ctx, text) -> {
            if (text.startsWith("request")) {
                gate.pause(ReadGate.Reason.BODY_BACKPRESSURE);
            }
        };
        gate.pause(ReadGate.Reason.BODY_BACKPRESSURE);
        channel.writeInbound(message("request 1"), message("body 1"), message("request 2"), message("body 2"));

        gate.resume(ReadGate.Reason.BODY_BACKPRESSURE);
        assertThat(consumer.seen).containsExactly("request 1");
        gate.resume(ReadGate.Reason.BODY_BACKPRESSURE);
        assertThat(consumer.seen).containsExactly("request 1", "body 1", "request 2");
        gate.resume(ReadGate.Reason.BODY_BACKPRESSURE);
        assertThat(consumer.seen).containsExactly("request 1", "body 1", "request 2", "body 2");
        assertThat(channel.finish()).isFalse();
    }

    /** A message that resumes reading while others are held does not overtake them. */
    @Test
    void keepsTheOrderWhenAMessageResumesReadingFromInside() {
        consumer.onMessage = (ctx, text) -> gate.resume(ReadGate.Reason.BODY_BACKPRESSURE);
        gate.pause(ReadGate.Reason.BODY_BACKPRESSURE);
        channel.writeInbound(message("a"), message("b"), message("c"));

        gate.resume(ReadGate.Reason.BODY_BACKPRESSURE);

        assertThat(consumer.seen).containsExactly("a", "b", "c");
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void releasesWhatIsHeldWhenTheConnectionCloses() {
        gate.pause(ReadGate.Reason.BODY_BACKPRESSURE);
        ByteBuf held = message("held");
        channel.writeInbound(held);

        channel.close();

        assertThat(held.refCnt()).isZero();
        assertThat(consumer.seen).isEmpty();
    }

    @Test
    void passesOnWhatIsHeldWhenRemovedForATunnel() {
        gate.pause(ReadGate.Reason.UPGRADE);
        channel.writeInbound(message("a"), message("b"));

        channel.pipeline().remove(ReadGate.class);

        assertThat(consumer.seen).containsExactly("a", "b");
        gate.resumeAll();
        assertThat(channel.config().isAutoRead()).as("the tunnel reads").isTrue();
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void readingIsOnOnlyWhenNoReasonHolds() {
        gate.pause(ReadGate.Reason.BODY_BACKPRESSURE);
        gate.pause(ReadGate.Reason.UPGRADE);
        channel.writeInbound(message("a"));

        gate.resume(ReadGate.Reason.BODY_BACKPRESSURE);
        assertThat(channel.config().isAutoRead()).isFalse();
        assertThat(consumer.seen).isEmpty();
        assertThat(gate.holds(ReadGate.Reason.UPGRADE)).isTrue();

        gate.resume(ReadGate.Reason.UPGRADE);
        assertThat(channel.config().isAutoRead()).isTrue();
        assertThat(consumer.seen).containsExactly("a");
        assertThat(channel.finish()).isFalse();
    }

    @Test
    void liftingAReasonThatDoesNotHoldChangesNothing() {
        gate.pause(ReadGate.Reason.PIPELINED);

        gate.resume(ReadGate.Reason.TUNNEL_BACKPRESSURE);

        assertThat(gate.open()).isFalse();
        assertThat(channel.config().isAutoRead()).isFalse();
    }

    /** The proxy stage hands back a request that came during an answer: it goes before what followed it. */
    @Test
    void aPipelinedRequestHeldBackGoesFirstOnceTheAnswerEnds() {
        consumer.onMessage = (ctx, text) -> {
            if (text.equals("request 2") && !consumer.seen.contains("answered")) {
                consumer.seen.remove(consumer.seen.size() - 1);
                gate.holdBack(message(text));
            }
        };
        channel.writeInbound(message("request 1"), message("request 2"), message("body 2"));
        assertThat(consumer.seen).containsExactly("request 1");
        assertThat(gate.holds(ReadGate.Reason.PIPELINED)).isTrue();
        assertThat(channel.config().isAutoRead()).isFalse();

        consumer.seen.add("answered");
        gate.resumeAll();

        assertThat(consumer.seen).containsExactly("request 1", "answered", "request 2", "body 2");
        assertThat(channel.config().isAutoRead()).isTrue();
        assertThat(channel.finish()).isFalse();
    }

    /** A lingering close reads what the client still sends only to drop it: nothing held goes on. */
    @Test
    void readingToDiscardReleasesWhatIsHeldAndReadsWhateverHeld() {
        gate.pause(ReadGate.Reason.BODY_BACKPRESSURE);
        ByteBuf held = message("body");
        channel.writeInbound(held);

        gate.readToDiscard();

        assertThat(held.refCnt()).isZero();
        assertThat(consumer.seen).isEmpty();
        assertThat(gate.open()).isTrue();
        assertThat(channel.config().isAutoRead()).isTrue();
        assertThat(channel.finish()).isFalse();
    }
}
