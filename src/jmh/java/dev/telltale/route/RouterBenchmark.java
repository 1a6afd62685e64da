package dev.telltale.route;

import dev.telltale.HotPathBenchmark;
import dev.telltale.config.RouteConfig;
import dev.telltale.config.ShopSite;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

import java.util.Objects;

/** Picking a route among the shop's ten: a hit on the first, a hit on the last, and a miss. */
public class RouterBenchmark extends HotPathBenchmark {

    private Router router;
    // Fields rather than literals, so the compiler cannot fold the inputs into the code.
    private String apiHost = "api.shop.example";
    private String apiPath = "/orders/42";
    // Mixed case and a port: what a browser on a non-default port sends, normalized on every request.
    private String shopHost = "Shop.Example:8443";
    private String shopPath = "/cart/items";
    private String unknownHost = "unknown.example";

    @Setup
    public void setUp() {
        router = new Router(ShopSite.load().routes());
        expect(firstRoute(), "api");
        expect(lastRoute(), "shop");
        expect(noRoute(), null);
    }

    @Benchmark
    public RouteConfig firstRoute() {
        return router.match(apiHost, apiPath);
    }

    @Benchmark
    public RouteConfig lastRoute() {
        return router.match(shopHost, shopPath);
    }

    @Benchmark
    public RouteConfig noRoute() {
        return router.match(unknownHost, shopPath);
    }

    /** A benchmark that no longer measures what its name says fails at once. */
    private static void expect(RouteConfig matched, String routeName) {
        String name = matched == null ? null : matched.name();
        if (!Objects.equals(name, routeName)) {
            throw new IllegalStateException("expected route " + routeName + ", matched " + name);
        }
    }
}
