package dev.telltale.config;

/**
 * What a route matches. {@code host} is null (any host), an exact name, or {@code *.suffix};
 * {@code pathPrefix} always starts with {@code /}.
 */
public record RouteMatch(String host, String pathPrefix) {

    /** Any host, any path: what a route without {@code match} gets. */
    public static final RouteMatch ANY = new RouteMatch(null, "/");
}
