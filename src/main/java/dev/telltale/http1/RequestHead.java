package dev.telltale.http1;

import io.netty.handler.codec.http.HttpMethod;

/**
 * A request head as the client sent it, read once on its bytes by {@link RequestHeadCheck}: the
 * request line, the framing the check judged, and where each field is; text is made only for
 * what is asked (the Host, the target). One per request, since a pipelined request waits with its
 * head while the one before it is answered; its bytes are the head's own copy.
 */
public final class RequestHead extends HeadFields {

    /** Null for a head refused before its line could be read (too large to hold, say). */
    private final RequestLine line;
    private Verdict verdict;
    private HttpMethod method;
    private String target;
    /** The authority of an absolute-form target, which stands for the Host field(s) sent. */
    private String hostOverride;
    /** The connection's last Host and User-Agent texts, given back when these bytes repeat them. */
    private final RepeatedValues repeated;

    RequestHead(byte[] bytes, int length, RequestLine line, int fieldCapacity, RepeatedValues repeated) {
        super(bytes, fieldCapacity);
        this.length = length;
        this.line = line;
        this.repeated = repeated;
    }

    /** A head refused before it could be read: nothing of it is known but why. */
    public static RequestHead refused(Verdict verdict) {
        RequestHead head = new RequestHead(new byte[0], 0, null, 0, new RepeatedValues());
        head.verdict = verdict;
        return head;
    }

    void judged(Verdict verdict) {
        this.verdict = verdict;
    }

    /**
     * The head was fine but what came after it is not (its body): the request is refused whole,
     * {@code verdict} saying why, before any of it goes on.
     */
    public void refuse(Verdict verdict) {
        this.verdict = verdict;
    }

    public Verdict verdict() {
        return verdict;
    }

    public boolean isOk() {
        return verdict.isOk();
    }

    /** The method as text for a log line: a dash when it is not a token (a refused head's). */
    public String methodName() {
        return method != null ? method.name() : line == null ? "-" : line.method();
    }

    /** The method; Netty's constant for the usual ones, made with no text. */
    public HttpMethod method() {
        if (method == null) {
            // A refused head's method may be no method at all: the dash stands for it.
            method = isOk() ? line.httpMethod() : HttpMethod.valueOf(methodName());
        }
        return method;
    }

    /** The request target as sent (a dash when a refused head has none), or its origin form once rewritten. */
    public String uri() {
        if (target == null) {
            target = line == null ? "-" : line.target();
        }
        return target;
    }

    /**
     * An absolute-form target ({@code http://a.test/x}) made origin form ({@code /x}): its authority
     * stands for the Host field from here on (RFC 9112 §3.2.2).
     */
    public void toOriginForm(String path, String authority) {
        target = path;
        hostOverride = authority;
    }

    /**
     * The Host the request is for: an absolute-form target's authority, else the Host field, or null.
     * Routing, the log line and X-Forwarded-Host all ask; the text is the connection's last one when
     * the bytes repeat it, so asking again makes nothing.
     */
    public String host() {
        if (hostOverride != null) {
            return hostOverride;
        }
        int field = find("host");
        return field < 0 ? null : repeated.host(bytes, valueStart(field), valueEnd(field));
    }

    /** The User-Agent field's value, or null: the connection's last text when the bytes repeat it. */
    public String userAgent() {
        int field = find("user-agent");
        return field < 0 ? null : repeated.userAgent(bytes, valueStart(field), valueEnd(field));
    }

    /** An absolute-form target's authority replaced the Host field(s), which are then not sent on. */
    public boolean hostReplaced() {
        return hostOverride != null;
    }

    @Override
    public boolean http10() {
        return line != null && line.http10();
    }

    /** The declared body length, -1 when none was. */
    public long contentLength() {
        return verdict.contentLength();
    }

    /** The body is chunked (the check accepts chunked alone). */
    public boolean chunked() {
        return verdict.chunked();
    }

    /** A body follows the head. */
    public boolean hasBody() {
        return verdict.chunked() || verdict.contentLength() > 0;
    }

    /** {@code Expect: 100-continue} in an HTTP/1.1 request: the client waits before it sends the body. */
    public boolean expectsContinue() {
        if (http10()) {
            return false;
        }
        int field = find("expect");
        return field >= 0 && FieldSyntax.nameIs(bytes, valueStart(field), valueEnd(field), "100-continue");
    }

    @Override
    public String toString() {
        return methodName() + " " + uri();
    }
}
