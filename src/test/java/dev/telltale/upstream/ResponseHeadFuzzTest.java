package dev.telltale.upstream;

import org.junit.jupiter.api.Tag;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.telltale.failure.ExchangeFailureException;
import dev.telltale.testing.Transcript;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpResponseDecoder;


import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes what an upstream may send for one request, through the raw head inspector and the
 * decoder, as an upstream connection reads it. Properties: the only thing thrown is a classified
 * {@link ExchangeFailureException}; what the decoder passes frames one way only; the outcome is
 * the same however the bytes are cut into reads (but for how much of a refused response went on
 * before its body broke); every buffer is released.
 */
@Tag("fuzz")
class ResponseHeadFuzzTest {

    private static final int MAX_HEAD_BYTES = 2048;

    @FuzzTest(maxDuration = "20s")
    void responsesAreReadTheSameWhateverTheReadsAndOnlyClassifiedFailuresEscape(FuzzedDataProvider data) {
        Transcript.assertTheSameWhateverTheReads(data, transcript -> {
            ResponseHeadInspector inspector = new ResponseHeadInspector(MAX_HEAD_BYTES);
            EmbeddedChannel channel = new EmbeddedChannel(inspector,
                    new HttpResponseDecoder(new HttpDecoderConfig().setMaxHeaderSize(MAX_HEAD_BYTES)),
                    new ChannelInboundHandlerAdapter() {
                        @Override
                        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                            assertThat(cause).isInstanceOf(ExchangeFailureException.class);
                            transcript.refuse(cause.getMessage());
                        }
                    });
            inspector.expectResponse();
            return channel;
        });
    }
}
