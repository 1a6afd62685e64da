package dev.telltale.proxy;

import org.junit.jupiter.api.Tag;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.telltale.testing.Transcript;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpRequestDecoder;

/**
 * Fuzzes the client side's raw bytes through the strict stage and the decoder, as the proxy
 * reads them. Properties: nothing is thrown out of the pipeline; the requests, bodies and the
 * point of refusal are the same however the bytes are cut into reads (one parser state machine
 * cannot be steered by packet boundaries), but for how much of the refused request went on; what
 * the decoder passes frames one way only; every buffer is released.
 */
@Tag("fuzz")
class RequestFramingFuzzTest {

    private static final int MAX_HEADER_BYTES = 2048;

    @FuzzTest(maxDuration = "20s")
    void requestsAreFramedTheSameWhateverTheReadsAndNothingEscapesOrLeaks(FuzzedDataProvider data) {
        Transcript.assertTheSameWhateverTheReads(data, transcript -> new EmbeddedChannel(
                new StrictRequestFraming(MAX_HEADER_BYTES),
                new HttpRequestDecoder(ClientChannelInitializer.decoderConfig(MAX_HEADER_BYTES))));
    }
}
