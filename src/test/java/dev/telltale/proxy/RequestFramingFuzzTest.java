package dev.telltale.proxy;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.telltale.testing.Transcript;
import dev.telltale.testing.Unambiguous;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequestDecoder;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the client side's raw bytes through the strict stage and the decoder, as the proxy
 * reads them. Properties: nothing is thrown out of the pipeline; the requests, bodies and the
 * point of refusal are the same however the bytes are cut into reads (one parser state machine
 * cannot be steered by packet boundaries), but for how much of the refused request went on; what
 * the decoder passes frames one way only; every buffer is released.
 */
class RequestFramingFuzzTest {

    private static final int MAX_HEADER_BYTES = 2048;

    @FuzzTest(maxDuration = "20s")
    void requestsAreFramedTheSameWhateverTheReadsAndNothingEscapesOrLeaks(FuzzedDataProvider data) {
        int readSize = data.consumeInt(1, 64);
        byte[] input = data.consumeRemainingAsBytes();

        List<String> inOneRead = transcript(input, Math.max(1, input.length));
        List<String> inPieces = transcript(input, readSize);

        assertThat(Transcript.beforeTheRefusedMessage(inPieces)).isEqualTo(Transcript.beforeTheRefusedMessage(inOneRead));
    }

    private static List<String> transcript(byte[] input, int readSize) {
        EmbeddedChannel channel = new EmbeddedChannel(new StrictRequestFraming(MAX_HEADER_BYTES),
                new HttpRequestDecoder(ClientChannelInitializer.decoderConfig(MAX_HEADER_BYTES)));
        List<ByteBuf> sent = new ArrayList<>();
        Transcript transcript = new Transcript();
        for (int at = 0; at < input.length; at += readSize) {
            ByteBuf read = Unpooled.copiedBuffer(input, at, Math.min(readSize, input.length - at));
            sent.add(read);
            channel.writeInbound(read); // rethrows anything that reached the end of the pipeline
            drain(channel, transcript);
        }
        channel.finish();
        drain(channel, transcript);
        assertThat(sent).allSatisfy(read -> assertThat(read.refCnt()).isZero());
        return transcript.entries();
    }

    private static void drain(EmbeddedChannel channel, Transcript transcript) {
        Object msg;
        while ((msg = channel.readInbound()) != null) {
            if (msg instanceof HttpMessage head && head.decoderResult().isSuccess()) {
                Unambiguous.assertFramingOf(head);
            }
            transcript.add(msg);
        }
    }
}
