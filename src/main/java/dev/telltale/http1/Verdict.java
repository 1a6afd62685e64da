package dev.telltale.http1;

/**
 * What the strict reading of a head or a body found, the same for requests and responses:
 * acceptable, with how the body after the head is framed, or the {@link Violation} and a detail
 * for the log line. The request side answers a violation with a client error, the upstream side
 * with a failure of the exchange.
 *
 * @param violation     null when the message is acceptable
 * @param detail        what is wrong, as a sentence with hostile bytes quoted; null when acceptable
 * @param contentLength the declared body length of a request, -1 when none (a response's is left
 *                      to the decoder)
 * @param chunked       a chunked body follows the head
 */
public record Verdict(Violation violation, String detail, long contentLength, boolean chunked) {

    /** Acceptable, with no body framing of its own. */
    public static final Verdict OK = new Verdict(null, null, -1, false);
    private static final Verdict CHUNKED = new Verdict(null, null, -1, true);

    public static Verdict ok(long contentLength, boolean chunked) {
        return contentLength < 0 ? chunked ? CHUNKED : OK : new Verdict(null, null, contentLength, chunked);
    }

    public static Verdict refused(Violation violation, String detail) {
        return new Verdict(violation, detail, -1, false);
    }

    public boolean isOk() {
        return violation == null;
    }
}
