package dev.telltale.admin;

import dev.telltale.accesslog.AccessLogEntry;
import dev.telltale.accesslog.Origin;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The request counters and upstream timers, however often a route's usual line repeats. */
class ProxyMetricsTest {

    @Test
    void eachRouteStatusAndFailureIsCountedOnItsOwnLine() {
        try (ProxyMetrics metrics = new ProxyMetrics(Map::of)) {
            for (int i = 0; i < 3; i++) {
                metrics.exchangeEnded(relayed("web", "app", 200), null);
            }
            metrics.exchangeEnded(relayed("web", "app", 404), null);
            metrics.exchangeEnded(relayed("api", "app", 200), null);
            metrics.exchangeEnded(relayed("web", "other", 200), null);
            metrics.exchangeEnded(entry("web", "app", 502, Origin.PROXY, "connection_refused").build(), null);
            metrics.exchangeEnded(entry("web", "app", 200, Origin.PROXY, null).build(), null);

            String text = metrics.scrape();
            assertThat(text)
                    .contains(requests("web", 200, "", "upstream") + " 4.0")
                    .contains(requests("web", 404, "", "upstream") + " 1.0")
                    .contains(requests("api", 200, "", "upstream") + " 1.0")
                    .contains(requests("web", 502, "connection_refused", "proxy") + " 1.0")
                    .contains(requests("web", 200, "", "proxy") + " 1.0")
                    .contains("telltale_upstream_response_head_seconds_count{route=\"web\",upstream=\"app\"} 4")
                    .contains("telltale_upstream_response_head_seconds_count{route=\"web\",upstream=\"other\"} 1")
                    .contains("telltale_upstream_response_head_seconds_count{route=\"api\",upstream=\"app\"} 1");
        }
    }

    private static String requests(String route, int status, String failure, String origin) {
        return "telltale_requests_total{failure=\"" + failure + "\",origin=\"" + origin + "\",route=\"" + route
                + "\",status=\"" + status + "\"}";
    }

    private static AccessLogEntry relayed(String route, String upstream, int status) {
        return entry(route, upstream, status, Origin.UPSTREAM, null).ttfbMs(2L).build();
    }

    private static AccessLogEntry.Builder entry(String route, String upstream, int status, Origin origin,
                                                String failure) {
        return AccessLogEntry.builder().ts(Instant.now()).route(route).upstream(upstream).status(status)
                .origin(origin).failure(failure);
    }
}
