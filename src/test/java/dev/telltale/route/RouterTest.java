package dev.telltale.route;

import dev.telltale.config.LimitsConfig;
import dev.telltale.config.RetryConfig;
import dev.telltale.config.RouteConfig;
import dev.telltale.config.RouteMatch;
import dev.telltale.config.TimeoutsConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class RouterTest {

    private static RouteConfig route(String name, String host, String prefix) {
        return new RouteConfig(name, new RouteMatch(host, prefix), "app", false, TimeoutsConfig.DEFAULTS,
                LimitsConfig.DEFAULTS, RetryConfig.DEFAULTS, Set.of());
    }

    private final Router router = new Router(List.of(
            route("wild", "*.example.com", "/"),
            route("api", "shop.test", "/api"),
            route("static", null, "/static/"),
            route("web", null, "/")));

    private String match(String host, String path) {
        RouteConfig matched = router.match(host, path);
        return matched == null ? null : matched.name();
    }

    @Test
    void firstMatchingRouteWins() {
        assertThat(match("shop.test", "/api/users")).isEqualTo("api");
        assertThat(match("shop.test", "/apiary")).isEqualTo("api");
        assertThat(match("shop.test", "/other")).isEqualTo("web");
        assertThat(match("x", "/static/a.css")).isEqualTo("static");
        assertThat(match("x", "/static")).isEqualTo("web");
    }

    @Test
    void anExactPathMatchesThatPathAloneAndLetsOthersFallThrough() {
        Router exact = new Router(List.of(
                new RouteConfig("index", new RouteMatch(null, "/", "/"), "app", false, TimeoutsConfig.DEFAULTS,
                        LimitsConfig.DEFAULTS, RetryConfig.DEFAULTS, Set.of()),
                route("api", null, "/api")));
        assertThat(exact.match("x", "/").name()).isEqualTo("index");
        assertThat(exact.match("x", "/api/a").name()).isEqualTo("api");
        assertThat(exact.match("x", "/other")).isNull();
        assertThat(exact.match("x", "//")).isNull();
    }

    @Test
    void hostMatchIgnoresCasePortAndTrailingDot() {
        assertThat(match("SHOP.Test:8080", "/api")).isEqualTo("api");
        assertThat(match("shop.test.", "/api")).isEqualTo("api");
        assertThat(match(null, "/api")).isEqualTo("web");
    }

    @Test
    void wildcardMatchesSubdomainsButNotTheBareDomain() {
        assertThat(match("a.example.com", "/")).isEqualTo("wild");
        assertThat(match("a.b.example.com", "/")).isEqualTo("wild");
        assertThat(match("example.com", "/")).isEqualTo("web");
        assertThat(match("badexample.com", "/")).isEqualTo("web");
    }

    @Test
    void ipv6HostLiteralKeepsItsBrackets() {
        assertThat(Router.normalizeHost("[::1]:8080")).isEqualTo("[::1]");
        assertThat(Router.normalizeHost("[::1]")).isEqualTo("[::1]");
    }

    @Test
    void noRouteMatchesGivesNull() {
        Router onlyApi = new Router(List.of(route("api", null, "/api")));
        assertThat(onlyApi.match("a", "/x")).isNull();
    }

    @Test
    void stripPrefixKeepsARootedPathAndTheQuery() {
        assertThat(Router.stripPrefix("/api/users?id=1", "/api")).isEqualTo("/users?id=1");
        assertThat(Router.stripPrefix("/api", "/api")).isEqualTo("/");
        assertThat(Router.stripPrefix("/api?x=1", "/api")).isEqualTo("/?x=1");
        assertThat(Router.stripPrefix("/api/users", "/api/")).isEqualTo("/users");
        assertThat(Router.stripPrefix("/apix", "/api")).isEqualTo("/x");
        assertThat(Router.stripPrefix("/anything", "/")).isEqualTo("/anything");
    }
}
