package dev.telltale.failure;

/**
 * A classified failure of one upstream attempt: what failed, in which phase, what was
 * observed, and whether any request byte had reached the upstream (which decides retries).
 */
public record UpstreamFailure(Failure failure, Phase phase, String detail, boolean requestSent) {

    public static UpstreamFailure beforeSending(Failure failure, Phase phase, String detail) {
        return new UpstreamFailure(failure, phase, detail, false);
    }

    public static UpstreamFailure afterSending(Failure failure, Phase phase, String detail) {
        return new UpstreamFailure(failure, phase, detail, true);
    }
}
