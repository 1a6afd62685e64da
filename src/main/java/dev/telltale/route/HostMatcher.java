package dev.telltale.route;

import java.util.Locale;

/** A route's host condition: any host, an exact name, or {@code *.suffix} (one or more labels). */
final class HostMatcher {

    private final String exact;
    private final String suffix;

    private HostMatcher(String exact, String suffix) {
        this.exact = exact;
        this.suffix = suffix;
    }

    static HostMatcher of(String pattern) {
        if (pattern == null) {
            return new HostMatcher(null, null);
        }
        String lower = pattern.toLowerCase(Locale.ROOT);
        return lower.startsWith("*.") ? new HostMatcher(null, lower.substring(1)) : new HostMatcher(lower, null);
    }

    /** Whether any host matches, so that the request's need not be looked at. */
    boolean anyHost() {
        return exact == null && suffix == null;
    }

    /** {@code host} is already lower case and without its port. */
    boolean matches(String host) {
        if (exact != null) {
            return exact.equals(host);
        }
        if (suffix != null) {
            return host != null && host.length() > suffix.length() && host.endsWith(suffix);
        }
        return true;
    }
}
