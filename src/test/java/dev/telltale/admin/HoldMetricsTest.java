package dev.telltale.admin;

import dev.telltale.accesslog.AccessLogEntry;
import dev.telltale.accesslog.Origin;
import dev.telltale.config.Balance;
import dev.telltale.config.PoolConfig;
import dev.telltale.config.TargetAddress;
import dev.telltale.config.UpstreamConfig;
import dev.telltale.config.UpstreamTlsConfig;
import dev.telltale.testing.PrometheusText;
import dev.telltale.testing.PrometheusText.Sample;
import dev.telltale.upstream.Upstream;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.telltale.testing.PrometheusText.value;
import static org.assertj.core.api.Assertions.assertThat;

/** The deploy hold in /metrics: how many wait now, how held requests ended, how many the cap refused. */
class HoldMetricsTest {

    private final Upstream app = new Upstream(new UpstreamConfig("app", List.of(new TargetAddress("127.0.0.1", 3000)),
            Balance.ROUND_ROBIN, UpstreamTlsConfig.DISABLED, new PoolConfig(8, Duration.ofSeconds(50)), null, null));
    private final ProxyMetrics metrics = new ProxyMetrics(() -> Map.of("app", app));

    @Test
    void countsWaitingHeldAndRefusedRequestsPerUpstream() {
        assertThat(app.hold().tryEnter(3)).isTrue();
        assertThat(app.hold().tryEnter(3)).isTrue();
        app.hold().tryEnter(2);
        metrics.exchangeEnded(entry(Origin.UPSTREAM, 200, 1200L), null);
        metrics.exchangeEnded(entry(Origin.UPSTREAM, 200, 80L), null);
        metrics.exchangeEnded(entry(Origin.PROXY, 502, 10_000L), null);
        metrics.exchangeEnded(entry(Origin.UPSTREAM, 200, null), null);

        List<Sample> samples = PrometheusText.parse(metrics.scrape());

        assertThat(value(samples, "telltale_hold_waiting", "upstream", "app")).isEqualTo(2.0);
        assertThat(value(samples, "telltale_held_requests_total", "upstream", "app", "outcome", "served"))
                .isEqualTo(2.0);
        assertThat(value(samples, "telltale_held_requests_total", "upstream", "app", "outcome", "failed"))
                .isEqualTo(1.0);
        assertThat(value(samples, "telltale_hold_refused_total", "upstream", "app")).isEqualTo(1.0);
    }

    private static AccessLogEntry entry(Origin origin, int status, Long heldMs) {
        return AccessLogEntry.builder().ts(Instant.now()).route("web").upstream("app").status(status).origin(origin)
                .heldMs(heldMs).build();
    }
}
