package dev.telltale.testing;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an HTTP decoder made of a byte stream, as comparable text: each message head, its whole
 * body (however it was cut into contents), and the first refusal, after which nothing counts
 * (the proxy closes the connection there). Fuzz tests compare transcripts of the same bytes
 * delivered in different reads. Takes ownership of the messages it is given.
 */
public final class Transcript {

    /**
     * The fuzz tests' shared property: the fuzzer's bytes give the same transcript in one read as
     * in reads of the fuzzer's chosen size (1 to 64 bytes), up to the message that was refused.
     */
    public static void assertTheSameWhateverTheReads(FuzzedDataProvider data,
                                                     Function<Transcript, EmbeddedChannel> pipeline) {
        int readSize = data.consumeInt(1, 64);
        byte[] input = data.consumeRemainingAsBytes();

        List<String> inOneRead = ofReads(pipeline, input, Math.max(1, input.length));
        List<String> inPieces = ofReads(pipeline, input, readSize);

        assertThat(beforeTheRefusedMessage(inPieces)).isEqualTo(beforeTheRefusedMessage(inOneRead));
    }

    /**
     * Feeds {@code input} in reads of {@code readSize} to the channel that {@code pipeline} makes
     * for a new transcript, and returns the entries. On the way it checks that every message the
     * decoder passes frames one way only, and at the end that every read buffer was released.
     */
    public static List<String> ofReads(Function<Transcript, EmbeddedChannel> pipeline, byte[] input, int readSize) {
        Transcript transcript = new Transcript();
        EmbeddedChannel channel = pipeline.apply(transcript);
        List<ByteBuf> sent = new ArrayList<>();
        for (int at = 0; at < input.length && channel.isOpen(); at += readSize) {
            ByteBuf read = Unpooled.copiedBuffer(input, at, Math.min(readSize, input.length - at));
            sent.add(read);
            channel.writeInbound(read); // rethrows anything that reached the end of the pipeline
            transcript.drain(channel);
        }
        channel.finish();
        transcript.drain(channel);
        assertThat(sent).allSatisfy(read -> assertThat(read.refCnt()).isZero());
        return transcript.entries();
    }

    private void drain(EmbeddedChannel channel) {
        Object msg;
        while ((msg = channel.readInbound()) != null) {
            if (msg instanceof HttpMessage head && head.decoderResult().isSuccess()) {
                Unambiguous.assertFramingOf(head);
            }
            add(msg);
        }
    }

    private final List<String> entries = new ArrayList<>();
    private final StringBuilder body = new StringBuilder();
    private final StringBuilder tunnel = new StringBuilder();
    private boolean refused;

    public void add(Object msg) {
        try {
            if (refused) {
                return;
            }
            if (msg instanceof HttpMessage head) {
                flushBody();
                if (failed(head.decoderResult())) {
                    return;
                }
                entries.add(describe(head));
            }
            if (msg instanceof HttpContent content) {
                if (failed(content.decoderResult())) {
                    return;
                }
                ByteBuf bytes = content.content();
                body.append(bytes.toString(bytes.readerIndex(), bytes.readableBytes(), StandardCharsets.ISO_8859_1));
                if (content instanceof LastHttpContent last) {
                    flushBody();
                    entries.add("end " + last.trailingHeaders().entries());
                }
            } else if (msg instanceof ByteBuf raw) {
                // Bytes passed on raw after a protocol switch: a stream, however the reads cut it.
                tunnel.append(raw.toString(raw.readerIndex(), raw.readableBytes(), StandardCharsets.ISO_8859_1));
            } else if (!(msg instanceof HttpMessage)) {
                flushBody();
                entries.add("other " + msg.getClass().getSimpleName());
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    /** An entry made by a reader that passes no Netty messages: a head, or an end ("end ..."). */
    public void record(String entry) {
        if (!refused) {
            flushBody();
            entries.add(entry);
        }
    }

    /** Body bytes, joined with the ones before them however the reads cut them. */
    public void body(String text) {
        if (!refused) {
            body.append(text);
        }
    }

    /** A refusal ends the transcript. */
    public void refuse(String why) {
        flushBody();
        if (!refused) {
            entries.add("refused");
            refused = true;
        }
    }

    /**
     * The transcript without the message that was refused, which may differ by design with the
     * reads: whole in one read it is refused before anything of it goes on, while streamed its
     * head has gone on before its body breaks, and the body is cut there.
     */
    public static List<String> beforeTheRefusedMessage(List<String> transcript) {
        if (transcript.isEmpty() || !transcript.get(transcript.size() - 1).equals("refused")) {
            return transcript;
        }
        int start = transcript.size() - 1;
        while (start > 0 && !transcript.get(start - 1).startsWith("end ")) {
            start--;
        }
        List<String> kept = new ArrayList<>(transcript.subList(0, start));
        kept.add("refused");
        return kept;
    }

    public List<String> entries() {
        flushBody();
        return entries;
    }

    private boolean failed(DecoderResult result) {
        if (result.isFailure()) {
            refuse(String.valueOf(result.cause()));
            return true;
        }
        return false;
    }

    private void flushBody() {
        if (body.length() > 0) {
            entries.add("body " + body);
            body.setLength(0);
        }
        if (tunnel.length() > 0) {
            entries.add("tunnel " + tunnel);
            tunnel.setLength(0);
        }
    }

    private static String describe(HttpMessage head) {
        List<String> headers = new ArrayList<>();
        for (Map.Entry<String, String> header : head.headers()) {
            headers.add(header.getKey() + ": " + header.getValue());
        }
        String first = head instanceof HttpRequest request
                ? request.method() + " " + request.uri() + " " + request.protocolVersion()
                : head instanceof HttpResponse response ? response.protocolVersion() + " " + response.status() : "?";
        return "head " + first + " " + headers;
    }
}
