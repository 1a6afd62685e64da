package dev.telltale.proxy;

import dev.telltale.config.ListenTlsConfig;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

/**
 * {@code listen.tls}: the server side of TLS for clients, made once when the listener binds
 * (a changed certificate needs a restart, like the rest of {@code listen}).
 */
final class ListenerTls {

    private ListenerTls() {
    }

    /**
     * {@code offerHttp2}: ALPN offers {@code h2} before {@code http/1.1}.
     * @throws IllegalArgumentException naming the setting and the file when they cannot be used
     */
    static SslContext of(ListenTlsConfig config, boolean offerHttp2) {
        String[] protocols = offerHttp2
                ? new String[] {ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1}
                : new String[] {ApplicationProtocolNames.HTTP_1_1};
        try {
            return SslContextBuilder.forServer(config.cert().toFile(), config.key().toFile())
                    // The JDK's TLS, as for upstreams: no native library to ship or to match.
                    .sslProvider(SslProvider.JDK)
                    .protocols("TLSv1.3", "TLSv1.2")
                    // Say what is spoken, so a client offering h2 where it is off does not try it.
                    .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                            protocols))
                    .build();
        } catch (Exception e) {
            throw new IllegalArgumentException("listen.tls: cannot use cert " + config.cert() + " with key "
                    + config.key() + ": " + reason(e) + keyHint(config), e);
        }
    }

    private static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return root == e ? message : e.getMessage() + " (" + message + ")";
    }

    /** The usual trouble with keys: PKCS#1 or SEC1 PEM, which the JDK cannot read. */
    private static String keyHint(ListenTlsConfig config) {
        try {
            String pem = Files.readString(config.key(), StandardCharsets.US_ASCII);
            if (pem.contains("BEGIN RSA PRIVATE KEY") || pem.contains("BEGIN EC PRIVATE KEY")) {
                return "; the key must be PKCS#8 (BEGIN PRIVATE KEY): convert it with `openssl pkey -in OLD -out NEW`";
            }
            if (pem.contains("BEGIN ENCRYPTED PRIVATE KEY")) {
                return "; the key must not be encrypted: decrypt it with `openssl pkey -in OLD -out NEW`";
            }
        } catch (IOException | RuntimeException unreadable) {
            // the reason above already says the file cannot be read
        }
        return "";
    }
}
