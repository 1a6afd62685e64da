package dev.telltale.failure;

/**
 * A classified failure of one upstream attempt: what failed, in which phase, what was
 * observed, whether any request byte had reached the upstream (which decides retries), and the
 * YAML setting whose limit was hit, if one was (e.g. {@code routes[api].timeouts.connect = 5s}).
 */
public record UpstreamFailure(Failure failure, Phase phase, String detail, boolean requestSent, String configKey) {

    public UpstreamFailure(Failure failure, Phase phase, String detail, boolean requestSent) {
        this(failure, phase, detail, requestSent, null);
    }

    public static UpstreamFailure beforeSending(Failure failure, Phase phase, String detail) {
        return new UpstreamFailure(failure, phase, detail, false, null);
    }

    public static UpstreamFailure afterSending(Failure failure, Phase phase, String detail) {
        return new UpstreamFailure(failure, phase, detail, true, null);
    }

    public UpstreamFailure withConfigKey(String key) {
        return new UpstreamFailure(failure, phase, detail, requestSent, key);
    }
}
