package dev.telltale.upstream;

import dev.telltale.config.Durations;
import dev.telltale.failure.ExchangeFailure;
import dev.telltale.failure.Failure;
import dev.telltale.failure.Phase;
import dev.telltale.upstream.RejectionReportingTrust.RejectedChainException;

import java.nio.charset.StandardCharsets;

/**
 * Words a failed TLS handshake for one target, once {@link WireFailures} has said what happened:
 * the timer fired, the reply was not TLS, our side refused the certificate, the upstream sent an
 * alert, or it hung up. No request byte was sent in any of these cases.
 */
final class TlsFailures {

    private final UpstreamTls tls;
    private final String name;
    private final String where;
    private final ConnectSettings settings;

    /**
     * @param name  the host name the certificate must be for
     * @param where the target as the page shows it, e.g. {@code app:443 (10.0.0.5:443)}
     */
    TlsFailures(UpstreamTls tls, String name, String where, ConnectSettings settings) {
        this.tls = tls;
        this.name = name;
        this.where = where;
        this.settings = settings;
    }

    ExchangeFailure notTls(byte[] firstBytes) {
        return protocol("upstream answered " + describe(firstBytes) + ", not TLS; is "
                + tls.key("enabled") + " right for this port?");
    }

    ExchangeFailure certificate(RejectedChainException rejected) {
        return CertificateFailures.of(rejected, tls, name);
    }

    /** {@code alert}: its RFC 8446 name, e.g. {@code handshake_failure}. */
    ExchangeFailure alert(String alert) {
        String meaning = TlsAlerts.meaning(alert, tls, name);
        return ExchangeFailure.beforeSending(Failure.TLS_ALERT_RECEIVED, Phase.TLS,
                "upstream sent TLS alert " + alert + " during the handshake"
                        + (meaning == null ? "" : ": " + meaning));
    }

    ExchangeFailure closed(byte[] firstBytes) {
        return protocol("upstream " + where + " closed the connection during the TLS handshake"
                + (firstBytes.length == 0 ? " without answering; is " + tls.key("enabled")
                + " right for this port?" : ""));
    }

    /** Any other failed handshake; {@code why} is what the socket or the TLS engine said. */
    ExchangeFailure failed(String why) {
        return protocol("TLS handshake with " + where + " failed: " + why);
    }

    ExchangeFailure timedOut(byte[] firstBytes) {
        String limit = Durations.format(settings.tlsHandshakeTimeout());
        return protocol("TLS handshake with " + where + " not complete within " + limit + " ("
                + settings.tlsHandshakeTimeoutKey() + ")"
                + (firstBytes.length == 0 ? "; the upstream sent nothing back, as a plain-HTTP server waiting for a"
                + " request line would: is " + tls.key("enabled") + " right for this port?" : ""))
                .withConfigKey(settings.tlsHandshakeTimeoutKey() + " = " + limit);
    }

    /** "in plain text (it starts with "HTTP/1.1 400 Bad Request")", or the first bytes in hex. */
    private static String describe(byte[] firstBytes) {
        int end = 0;
        while (end < firstBytes.length && firstBytes[end] >= 0x20 && firstBytes[end] < 0x7f) {
            end++;
        }
        boolean text = end > 0 && (end == firstBytes.length || firstBytes[end] == '\r' || firstBytes[end] == '\n');
        if (text) {
            return "in plain text (it starts with \"" + new String(firstBytes, 0, end, StandardCharsets.US_ASCII)
                    + "\")";
        }
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < Math.min(firstBytes.length, 8); i++) {
            hex.append(String.format("%02x", firstBytes[i] & 0xff));
        }
        return "with bytes that are not TLS (it starts with 0x" + hex + ")";
    }

    private static ExchangeFailure protocol(String detail) {
        return ExchangeFailure.beforeSending(Failure.TLS_PROTOCOL_ERROR, Phase.TLS, detail);
    }
}
