package dev.telltale.http1;

/** A judged request head: its request line (named in the log line even when refused) and the verdict. */
public record RequestHead(RequestLine line, Verdict verdict) {

    public String method() {
        return line.method();
    }

    public String target() {
        return line.target();
    }
}
