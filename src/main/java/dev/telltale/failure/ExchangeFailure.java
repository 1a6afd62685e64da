package dev.telltale.failure;

/**
 * A classified failure of one exchange or one of its attempts, on whichever hop it happened (the client's, the
 * proxy's or the upstream's): what failed, in which phase, what was observed, whether any request byte had reached
 * the upstream (which decides retries), and the YAML setting whose limit was hit, if one was
 * (e.g. {@code routes[api].timeouts.connect = 5s}).
 */
public record ExchangeFailure(Failure failure, Phase phase, String detail, boolean requestSent, String configKey) {

    public ExchangeFailure(Failure failure, Phase phase, String detail, boolean requestSent) {
        this(failure, phase, detail, requestSent, null);
    }

    public static ExchangeFailure beforeSending(Failure failure, Phase phase, String detail) {
        return new ExchangeFailure(failure, phase, detail, false, null);
    }

    public static ExchangeFailure afterSending(Failure failure, Phase phase, String detail) {
        return new ExchangeFailure(failure, phase, detail, true, null);
    }

    public ExchangeFailure withConfigKey(String key) {
        return new ExchangeFailure(failure, phase, detail, requestSent, key);
    }
}
