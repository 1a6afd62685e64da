package dev.telltale.config;

/**
 * What a route matches. {@code host} is null (any host), an exact name, or {@code *.suffix};
 * {@code pathPrefix} always starts with {@code /}; {@code path}, when set, is the whole path
 * exactly (nginx's {@code location = /}), and then the prefix is that path too.
 */
public record RouteMatch(String host, String pathPrefix, String path) {

    /** Any host, any path: what a route without {@code match} gets. */
    public static final RouteMatch ANY = new RouteMatch(null, "/");

    /** By prefix. */
    public RouteMatch(String host, String pathPrefix) {
        this(host, pathPrefix, null);
    }

    /** Whether {@code requestPath} (without the query) is one this matches, the host aside. */
    public boolean matchesPath(String requestPath) {
        return path != null ? requestPath.equals(path) : requestPath.startsWith(pathPrefix);
    }
}
