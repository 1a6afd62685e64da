package dev.telltale.docker;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A Docker Engine API version, e.g. {@code 1.44}. Requests name the version they are written
 * for in the path ({@code /v1.44/containers/json}), so a newer daemon answers in the shape this
 * client reads.
 */
record ApiVersion(int major, int minor) implements Comparable<ApiVersion> {

    /** The oldest API with everything read here (health, Action/Actor events). */
    static final ApiVersion OLDEST = new ApiVersion(1, 24);
    /** The version the requests are written for; 1.44 (Docker 25) adds DNSNames to the networks. */
    static final ApiVersion PREFERRED = new ApiVersion(1, 44);

    /** The newest version a daemon speaks, from its answer to {@code GET /version}. */
    static ApiVersion newest(JsonNode version) {
        String text = Json.text(version, "ApiVersion");
        ApiVersion newest = parse(text);
        if (newest == null) {
            throw new BadAnswer("ApiVersion " + (text == null ? "missing" : "\"" + text + "\" is no version"));
        }
        return newest;
    }

    /** {@code "1.44"}, or null when it is no version. */
    static ApiVersion parse(String text) {
        if (text == null) {
            return null;
        }
        int dot = text.indexOf('.');
        try {
            return dot < 0 ? null : new ApiVersion(Integer.parseInt(text.substring(0, dot)),
                    Integer.parseInt(text.substring(dot + 1)));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * The version to speak with a daemon that speaks up to {@code newest} and down to
     * {@code oldest} (null when it did not say): the preferred one when the daemon has it, else
     * the daemon's own. Null when the daemon is older than {@link #OLDEST}.
     */
    static ApiVersion choose(ApiVersion newest, ApiVersion oldest) {
        if (newest.compareTo(OLDEST) < 0) {
            return null;
        }
        boolean hasPreferred = newest.compareTo(PREFERRED) >= 0 && (oldest == null || oldest.compareTo(PREFERRED) <= 0);
        return hasPreferred ? PREFERRED : newest;
    }

    String prefix() {
        return "/v" + this;
    }

    @Override
    public int compareTo(ApiVersion other) {
        return major != other.major ? Integer.compare(major, other.major) : Integer.compare(minor, other.minor);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
