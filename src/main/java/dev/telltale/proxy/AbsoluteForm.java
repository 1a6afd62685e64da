package dev.telltale.proxy;

import dev.telltale.http1.RequestHead;
import dev.telltale.http1.RequestHeadCheck;

import java.util.Locale;

/**
 * RFC 9112 §3.2.2: a server must accept a request target in absolute form
 * ({@code GET http://example.com/a HTTP/1.1}), and its authority replaces {@code Host}. The
 * request is turned into origin form, so routing, the log and the upstream see one shape.
 */
final class AbsoluteForm {

    private AbsoluteForm() {
    }

    /** Rewrites {@code head} in place when its target is absolute; returns why it is refused, or null. */
    static String toOriginForm(RequestHead head) {
        String uri = head.uri();
        int schemeEnd = uri.indexOf("://");
        if (uri.startsWith("/") || schemeEnd < 0) {
            return null;
        }
        String scheme = uri.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return "request target has the scheme " + scheme + " (only http and https are served)";
        }
        int authorityStart = schemeEnd + 3;
        int pathStart = authorityStart;
        while (pathStart < uri.length() && uri.charAt(pathStart) != '/' && uri.charAt(pathStart) != '?') {
            pathStart++;
        }
        String authority = uri.substring(authorityStart, pathStart);
        if (authority.isEmpty() || !RequestHeadCheck.isHost(authority)) {
            return "request target in absolute form has an invalid authority (a host[:port] without userinfo)";
        }
        String rest = uri.substring(pathStart);
        head.toOriginForm(rest.isEmpty() || rest.charAt(0) == '?' ? "/" + rest : rest, authority);
        return null;
    }
}
