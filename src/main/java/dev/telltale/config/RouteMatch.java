package dev.telltale.config;

/**
 * What a route matches. {@code host} is null (any host), an exact name, or {@code *.suffix};
 * {@code pathPrefix} always starts with {@code /}.
 */
public record RouteMatch(String host, String pathPrefix) {
}
