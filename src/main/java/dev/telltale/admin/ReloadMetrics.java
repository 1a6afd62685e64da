package dev.telltale.admin;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Config reloads: {@code telltale_config_reloads_total{result}} (both results registered at 0, so a
 * rate is defined before the first reload), and the times of the last success and failure. The
 * success time starts at the initial load, so {@code time() - last_success} is the age of the config
 * in use, as Prometheus' own metric reads; the failure time is 0 until a reload fails.
 */
final class ReloadMetrics {

    private final Counter succeeded;
    private final Counter failed;
    private final AtomicLong lastSuccessMillis = new AtomicLong(System.currentTimeMillis());
    private final AtomicLong lastFailureMillis = new AtomicLong();

    ReloadMetrics(MeterRegistry registry) {
        succeeded = reloads(registry, "success");
        failed = reloads(registry, "failure");
        Gauge.builder("telltale.config.last.reload.success.timestamp", lastSuccessMillis, ReloadMetrics::seconds)
                .description("when the config in use was loaded, at start or by the last successful reload")
                .baseUnit("seconds").register(registry);
        Gauge.builder("telltale.config.last.reload.failure.timestamp", lastFailureMillis, ReloadMetrics::seconds)
                .description("when a reload was last rejected (the old config kept serving); 0 if none was")
                .baseUnit("seconds").register(registry);
    }

    private static Counter reloads(MeterRegistry registry, String result) {
        return Counter.builder("telltale.config.reloads").description("config reloads (SIGHUP, or watch: true), by result")
                .tag("result", result).register(registry);
    }

    private static double seconds(AtomicLong millis) {
        return millis.get() / 1000.0;
    }

    void reloaded(boolean success) {
        (success ? succeeded : failed).increment();
        (success ? lastSuccessMillis : lastFailureMillis).set(System.currentTimeMillis());
    }
}
