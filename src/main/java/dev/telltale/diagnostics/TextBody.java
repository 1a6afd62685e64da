package dev.telltale.diagnostics;

import dev.telltale.failure.Explanation;
import dev.telltale.failure.Explanations;
import dev.telltale.failure.Failure;

import java.util.EnumMap;
import java.util.Map;

/** The short plain-text body, for curl and anything else that did not ask for HTML or JSON. */
final class TextBody {

    /**
     * What a failure class's body always says, encoded once: the opening (status, title,
     * summary, the failure's name) and the closing next checks. Failure storms answer the same
     * class many times a second. Every class has an explanation: {@link Explanations} refuses
     * to load otherwise.
     */
    private record Fixed(byte[] opening, byte[] closing) {
    }

    private static final Map<Failure, Fixed> FIXED = new EnumMap<>(Failure.class);

    static {
        for (Failure failure : Failure.values()) {
            Explanation explanation = Explanations.of(failure);
            FIXED.put(failure, new Fixed(opening(failure, explanation), closing(explanation)));
        }
    }

    private TextBody() {
    }

    static RenderedError render(VisibleReport v) {
        Fixed fixed = FIXED.get(v.failure());
        Utf8Builder out = Utf8Builder.scratch();
        if (v.cause() == null) {
            out.append(fixed.opening());
        } else {
            out.append(causeOpening(v));
        }
        line(out, "hold", v.hold());
        line(out, "request id", v.requestId());
        line(out, "trace id", v.traceId());
        line(out, "time", v.timestampText());
        ErrorReport full = v.full();
        if (full != null) {
            line(out, "detail", v.detail());
            requestLine(out, full);
            line(out, "route", full.route());
            line(out, "upstream", full.upstream());
            line(out, "target", full.target());
            line(out, "phase", v.phaseName());
            line(out, "setting to tune", full.configKey());
            if (full.container() != null) {
                line(out, "container", ContainerText.describe(full.container()));
                line(out, "health check output", full.container().healthOutput());
            }
            for (int i = 0; i < full.attempts().size(); i++) {
                ErrorReport.Attempt a = full.attempts().get(i);
                line(out, "attempt " + (i + 1), join(a.target(),
                        a.failure() == null ? "ok" : a.failure().wireName(), a.detail()));
            }
        }
        out.append(fixed.closing());
        return new RenderedError(ResponseFormat.TEXT.contentType(), out.toByteArray());
    }

    private static byte[] opening(Failure failure, Explanation explanation) {
        Utf8Builder out = new Utf8Builder(256);
        out.append(failure.status()).append(' ').append(StatusText.of(failure.status())).append(": ")
                .append(explanation.title()).append('\n');
        out.append(VisibleReport.sentence(explanation.summary()));
        RetryAdvice.seconds(failure).ifPresent(seconds ->
                out.append(" This is often temporary; try again in ").append(seconds).append(" seconds."));
        out.append("\n\n");
        line(out, "failure", failure.wireName());
        return out.toByteArray();
    }

    /** With a container cause the opening says it first, and the retry advice follows the container. */
    private static byte[] causeOpening(VisibleReport v) {
        Utf8Builder out = new Utf8Builder(512);
        out.append(v.status()).append(' ').append(StatusText.of(v.status())).append(": ")
                .append(v.explanation().title()).append('\n');
        out.append(oneLine(v.cause())).append(' ').append(v.summarySentence());
        v.retryAfterSeconds().ifPresent(seconds ->
                out.append(" This is often temporary; try again in ").append(seconds).append(" seconds."));
        out.append("\n\n");
        line(out, "failure", v.failure().wireName());
        return out.toByteArray();
    }

    private static byte[] closing(Explanation explanation) {
        Utf8Builder out = new Utf8Builder(512);
        out.append("\nnext checks:\n");
        for (String check : explanation.nextChecks()) {
            out.append("  - ").append(check).append('\n');
        }
        return out.toByteArray();
    }

    private static void line(Utf8Builder out, String label, String value) {
        if (value != null && !value.isBlank()) {
            out.append(label).append(": ").append(oneLine(value)).append('\n');
        }
    }

    /** The request's method, host and path, as {@code line} would write them joined, without joining them first. */
    private static void requestLine(Utf8Builder out, ErrorReport full) {
        boolean method = full.method() != null && !full.method().isBlank();
        String host = full.host() == null ? "" : full.host();
        String path = full.path() == null ? "" : full.path();
        boolean target = !(host.isBlank() && path.isBlank());
        if (!method && !target) {
            return;
        }
        out.append("request: ");
        if (method) {
            out.append(oneLine(full.method()));
        }
        if (target) {
            out.append(method ? " " : "").append(oneLine(host)).append(oneLine(path));
        }
        out.append('\n');
    }

    private static String join(String... parts) {
        StringBuilder joined = new StringBuilder();
        for (String part : parts) {
            if (part != null && !part.isBlank()) {
                joined.append(joined.length() == 0 ? "" : " ").append(part);
            }
        }
        return joined.toString();
    }

    /**
     * Control characters (CR and LF above all) could forge extra lines; they become {@code ?}.
     * All of them are single UTF-16 units, so a surrogate pair passes through whole.
     */
    static String oneLine(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                return replaceControls(value);
            }
        }
        return value;
    }

    private static String replaceControls(String value) {
        char[] chars = value.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            if (Character.isISOControl(chars[i])) {
                chars[i] = '?';
            }
        }
        return new String(chars);
    }
}
