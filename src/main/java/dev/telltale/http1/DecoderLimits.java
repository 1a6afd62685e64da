package dev.telltale.http1;

/** The limits of a message head, the same for the request side and the upstream side (Netty's decoders had them). */
public final class DecoderLimits {

    /** The longest request line or status line; a request head may be this plus the header limit. */
    public static final int MAX_START_LINE = 8192;

    private DecoderLimits() {
    }
}
