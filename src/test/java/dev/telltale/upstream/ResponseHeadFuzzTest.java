package dev.telltale.upstream;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.telltale.failure.ExchangeFailureException;
import dev.telltale.http1.ResponseHead;
import dev.telltale.testing.Transcript;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.TooLongFrameException;
import org.junit.jupiter.api.Tag;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes what an upstream may send for one request, through the handler that reads responses off
 * the bytes, as an upstream connection reads it, with chunked bodies passed on as they came and
 * dechunked. Properties: the only failures are classified ones; a head frames its body one way
 * only; the outcome is the same however the bytes are cut into reads (but for how much of a
 * refused response went on before its body broke); every buffer is released.
 */
@Tag("fuzz")
class ResponseHeadFuzzTest {

    private static final int MAX_HEAD_BYTES = 2048;

    @FuzzTest(maxDuration = "20s")
    void responsesAreReadTheSameWhateverTheReadsAndOnlyClassifiedFailuresEscape(FuzzedDataProvider data) {
        int readSize = data.consumeInt(1, 64);
        byte[] input = data.consumeRemainingAsBytes();
        for (boolean dechunk : new boolean[] {false, true}) {
            List<String> inOneRead = Transcript.ofReads(t -> channel(t, dechunk), input, Math.max(1, input.length));
            List<String> inPieces = Transcript.ofReads(t -> channel(t, dechunk), input, readSize);
            assertThat(Transcript.beforeTheRefusedMessage(inPieces))
                    .isEqualTo(Transcript.beforeTheRefusedMessage(inOneRead));
        }
    }

    private static EmbeddedChannel channel(Transcript transcript, boolean dechunk) {
        UpstreamHandler handler = new UpstreamHandler(MAX_HEAD_BYTES);
        EmbeddedChannel channel = new EmbeddedChannel(handler);
        handler.serve(new RecordingSink(transcript), false, dechunk);
        return channel;
    }

    /** Writes what the handler delivers into the transcript. */
    private record RecordingSink(Transcript transcript) implements ResponseSink {

        @Override
        public void onResponseHead(ResponseHead head) {
            assertThat(head.chunked() && head.contentLength() >= 0).as("framed two ways").isFalse();
            transcript.record("head " + new String(head.bytes(), 0, head.length(), StandardCharsets.ISO_8859_1));
        }

        @Override
        public void onResponseHeadFailed(Throwable cause) {
            assertThat(cause).isInstanceOfAny(TooLongFrameException.class, PrematureChannelClosureException.class);
            transcript.refuse(cause.getMessage());
        }

        @Override
        public void onResponseBody(ByteBuf piece, long bodyBytes) {
            try {
                assertThat(bodyBytes).isLessThanOrEqualTo(piece.readableBytes());
                transcript.body(piece.toString(StandardCharsets.ISO_8859_1));
            } finally {
                piece.release();
            }
        }

        @Override
        public void onResponseEnd() {
            transcript.record("end ");
        }

        @Override
        public void onUpstreamReadComplete() {
        }

        @Override
        public void onUpstreamWritabilityChanged(boolean writable) {
        }

        @Override
        public void onUpstreamClosed() {
            transcript.record("closed");
        }

        @Override
        public void onUpstreamError(Throwable cause) {
            assertThat(cause).isInstanceOf(ExchangeFailureException.class);
            transcript.refuse(cause.getMessage());
        }

        @Override
        public void onInternalError(RuntimeException bug) {
            throw bug;
        }
    }
}
