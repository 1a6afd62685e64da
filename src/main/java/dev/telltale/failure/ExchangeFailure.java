package dev.telltale.failure;

/**
 * A classified failure of one exchange or one of its attempts, on whichever hop it happened (the client's, the
 * proxy's or the upstream's): what failed, in which phase, what was observed, whether any request byte had reached
 * the upstream (which decides retries), the YAML setting whose limit was hit, if one was
 * (e.g. {@code routes[api].timeouts.connect = 5s}), and whether the upstream left the request unread
 * ({@code leftUnread}: it closed the connection before reading it, or reset it as TCP connected, before
 * any byte was sent, so the request may be sent once more: if it was sent, only an idempotent one).
 */
public record ExchangeFailure(Failure failure, Phase phase, String detail, boolean requestSent, String configKey,
                              boolean leftUnread) {

    public ExchangeFailure(Failure failure, Phase phase, String detail, boolean requestSent) {
        this(failure, phase, detail, requestSent, null);
    }

    public ExchangeFailure(Failure failure, Phase phase, String detail, boolean requestSent, String configKey) {
        this(failure, phase, detail, requestSent, configKey, false);
    }

    public static ExchangeFailure beforeSending(Failure failure, Phase phase, String detail) {
        return new ExchangeFailure(failure, phase, detail, false, null);
    }

    public static ExchangeFailure afterSending(Failure failure, Phase phase, String detail) {
        return new ExchangeFailure(failure, phase, detail, true, null);
    }

    public ExchangeFailure withConfigKey(String key) {
        return new ExchangeFailure(failure, phase, detail, requestSent, key, leftUnread);
    }

    public ExchangeFailure withDetail(String newDetail) {
        return new ExchangeFailure(failure, phase, newDetail, requestSent, configKey, leftUnread);
    }

    /** The same failure of a request the upstream closed the connection on without reading it. */
    public ExchangeFailure asLeftUnread() {
        return new ExchangeFailure(failure, phase, detail, requestSent, configKey, true);
    }
}
