package dev.telltale.http1;

import io.netty.handler.codec.http.HttpDecoderConfig;

/** The limits of Netty's HTTP/1 decoders, the same for the request side and the upstream side. */
public final class DecoderLimits {

    /** The longest request line or status line; a request head may be this plus the header limit. */
    public static final int MAX_START_LINE = 8192;
    /** The largest piece of a body the decoder passes on at once. */
    public static final int MAX_CHUNK = 64 * 1024;

    private DecoderLimits() {
    }

    /** The decoder's limits, with strict line parsing; each side adds how it validates header values. */
    public static HttpDecoderConfig config(long maxHeaderBytes) {
        return new HttpDecoderConfig()
                .setMaxInitialLineLength(MAX_START_LINE)
                .setMaxHeaderSize((int) Math.min(Integer.MAX_VALUE, maxHeaderBytes))
                .setMaxChunkSize(MAX_CHUNK)
                .setStrictLineParsing(true);
    }
}
