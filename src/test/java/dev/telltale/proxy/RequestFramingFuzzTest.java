package dev.telltale.proxy;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.telltale.http1.RequestHead;
import dev.telltale.testing.Transcript;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.Tag;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the client side's raw bytes through the request reader, as the proxy reads them.
 * Properties: nothing is thrown out of the pipeline; the requests, bodies and the point of refusal
 * are the same however the bytes are cut into reads (one parser state machine cannot be steered by
 * packet boundaries), but for how much of the refused request went on; an accepted head frames its
 * body one way only; every buffer is released.
 */
@Tag("fuzz")
class RequestFramingFuzzTest {

    private static final int MAX_HEADER_BYTES = 2048;

    @FuzzTest(maxDuration = "20s")
    void requestsAreFramedTheSameWhateverTheReadsAndNothingEscapesOrLeaks(FuzzedDataProvider data) {
        Transcript.assertTheSameWhateverTheReads(data, transcript -> new EmbeddedChannel(
                new ClientRequestReader(MAX_HEADER_BYTES), new Recorder(transcript)));
    }

    /** Writes what the reader passes on into the transcript. */
    private static final class Recorder extends ChannelInboundHandlerAdapter {

        private final Transcript transcript;

        Recorder(Transcript transcript) {
            this.transcript = transcript;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof RequestHead head) {
                    if (!head.isOk()) {
                        transcript.refuse(head.verdict().detail());
                        return;
                    }
                    assertThat(head.chunked() && head.contentLength() >= 0).as("framed two ways").isFalse();
                    assertThat(head.length()).isLessThanOrEqualTo(MAX_HEADER_BYTES + 8192 + 4);
                    transcript.record("head " + new String(head.bytes(), 0, head.length(), StandardCharsets.ISO_8859_1));
                } else if (msg instanceof RequestBodyPiece piece) {
                    if (piece.refusal() != null) {
                        transcript.refuse(piece.refusal());
                        return;
                    }
                    ByteBuf bytes = piece.content();
                    assertThat(piece.dataBytes()).isLessThanOrEqualTo(bytes.readableBytes());
                    if (piece.kind() == RequestBodyPiece.Kind.TRAILERS) {
                        transcript.body("<0>"); // the last chunk's line, made anew
                    }
                    transcript.body(bytes.toString(StandardCharsets.ISO_8859_1));
                    if (piece.last()) {
                        transcript.record("end ");
                    }
                } else {
                    transcript.record("other " + msg.getClass().getSimpleName());
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }
    }
}
