package dev.telltale.admin;

import dev.telltale.tls.HandshakeFailure;
import dev.telltale.tls.ListenerTls;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The TLS listener: when its certificate expires (alert on {@code ..._expiry_timestamp_seconds - time()}),
 * its reloads by result, and the client handshakes it failed by reason (every reason registered at 0).
 */
final class ListenerTlsMetrics {

    private ListenerTlsMetrics() {
    }

    static void register(MeterRegistry registry, ListenerTls tls) {
        Gauge.builder("telltale.tls.certificate.expiry.timestamp", tls, t -> t.current().notAfter().getEpochSecond())
                .description("when the listener's certificate in use expires (its notAfter)")
                .baseUnit("seconds").register(registry);
        FunctionCounter.builder("telltale.tls.certificate.reloads", tls, ListenerTls::reloads).tag("result", "reloaded")
                .description("reloads of the listener's certificate: reloaded (a changed pair now serves),"
                        + " rejected (a changed pair could not be used; the old one serves)").register(registry);
        FunctionCounter.builder("telltale.tls.certificate.reloads", tls, ListenerTls::rejections).tag("result", "rejected")
                .register(registry);
        for (HandshakeFailure reason : HandshakeFailure.values()) {
            FunctionCounter.builder("telltale.tls.handshake.failures", tls, t -> t.handshakeFailures().count(reason))
                    .tag("reason", reason.wireName())
                    .description("client TLS handshakes the listener failed, by reason").register(registry);
        }
    }
}
