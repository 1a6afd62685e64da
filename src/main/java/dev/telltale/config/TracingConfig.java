package dev.telltale.config;

import java.time.Duration;

/**
 * Span export to an OpenTelemetry collector over OTLP/HTTP: off unless {@code tracing.otlp.endpoint}
 * is set. Trace context is propagated either way.
 *
 * @param otlpEndpoint the collector's traces URL ({@code http://collector:4318/v1/traces}); null: no export
 * @param timeout      how long one export may take before its spans count as failed
 * @param serviceName  the {@code service.name} the spans are reported under
 */
public record TracingConfig(String otlpEndpoint, Duration timeout, String serviceName) {

    public static final TracingConfig DEFAULTS = new TracingConfig(null, Duration.ofSeconds(10), "telltale");

    public boolean exports() {
        return otlpEndpoint != null;
    }
}
