package dev.telltale.http1;

/** What the strict reading of a message refused; each side maps it to its own answer. */
public enum Violation {
    /** A TLS record where plain HTTP was expected. */
    TLS_RECORD,
    /** A head that is not HTTP/1, or that two parsers could read two ways. */
    MALFORMED_HEAD,
    /** A request line longer than {@link DecoderLimits#MAX_START_LINE}. */
    START_LINE_TOO_LONG,
    /** A head larger than its limit. */
    HEAD_TOO_LARGE,
    /** A chunked body whose framing is broken. */
    MALFORMED_BODY
}
