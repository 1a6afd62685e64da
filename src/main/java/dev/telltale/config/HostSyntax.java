package dev.telltale.config;

import java.util.Locale;
import java.util.regex.Pattern;

/** What counts as a host name, a listen address, a target {@code host:port}, or a route's host pattern. */
final class HostSyntax {

    // Labels allow '_' because container names (my_app) resolve on Docker networks.
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?");
    private static final Pattern DIGITS = Pattern.compile("\\d{1,5}");

    private HostSyntax() {
    }

    static boolean isHostName(String text) {
        if (text.isEmpty() || text.length() > 253) {
            return false;
        }
        for (String label : text.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }

    /** A host name or an IP literal to bind to; IPv6 with or without brackets, stored without. */
    static String bindAddress(String text) throws InvalidValueException {
        String host = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        if (IpLiteral.parse(host) != null || (host.indexOf(':') < 0 && isHostName(host))) {
            return host;
        }
        throw new InvalidValueException("is not an IP address or host name (examples: 0.0.0.0, 127.0.0.1, ::)");
    }

    static TargetAddress target(String text) throws InvalidValueException {
        if (text.contains("://")) {
            throw new InvalidValueException("is not host:port; leave out the scheme"
                    + " (for HTTPS to the upstream set its tls.enabled: true)");
        }
        String host;
        String port;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0 || !text.startsWith(":", close + 1) || !IpLiteral.isIpv6(text.substring(1, close))) {
                throw new InvalidValueException("is not [IPv6 address]:port (example: [::1]:3000)");
            }
            host = text.substring(1, close);
            port = text.substring(close + 2);
        } else {
            int colon = text.lastIndexOf(':');
            if (colon < 0) {
                throw new InvalidValueException("has no port; expected host:port (example: app:3000)");
            }
            host = text.substring(0, colon);
            port = text.substring(colon + 1);
            if (IpLiteral.isIpv6(host) || IpLiteral.isIpv6(text)) {
                throw new InvalidValueException("looks like an IPv6 address; write it in brackets, e.g. [::1]:3000");
            }
            if (!isHostName(host)) {
                throw new InvalidValueException("does not start with a valid host name; expected host:port (example: app:3000)");
            }
        }
        if (!DIGITS.matcher(port).matches() || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
            throw new InvalidValueException("does not end with a port from 1 to 65535; expected host:port (example: app:3000)");
        }
        return new TargetAddress(host, Integer.parseInt(port));
    }

    /** An exact host name or {@code *.suffix}, lower-cased because host names are case-insensitive. */
    static String hostPattern(String text) throws InvalidValueException {
        if (text.equals("*")) {
            throw new InvalidValueException("is not a host pattern; leave match.host out (or null) to match any host");
        }
        String name = text.startsWith("*.") ? text.substring(2) : text;
        if (name.indexOf(':') >= 0 && isHostName(name.substring(0, name.indexOf(':')))) {
            throw new InvalidValueException("has a port; match.host is the host name alone (the port is ignored)");
        }
        if (!isHostName(name)) {
            throw new InvalidValueException("is not a host name or *.suffix (examples: example.com, *.example.com)");
        }
        return text.toLowerCase(Locale.ROOT);
    }

    /** A host name for TLS server name indication (never an IP address, per RFC 6066). */
    static String serverName(String text) throws InvalidValueException {
        if (!isHostName(text) || IpLiteral.parse(text) != null) {
            throw new InvalidValueException("is not a host name (example: app.internal)");
        }
        return text;
    }
}
