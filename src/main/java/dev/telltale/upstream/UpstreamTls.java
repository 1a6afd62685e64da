package dev.telltale.upstream;

import dev.telltale.config.TargetAddress;
import dev.telltale.config.UpstreamTlsConfig;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.NetUtil;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * TLS towards one upstream ({@code upstreams.NAME.tls}): the client context, built once when the
 * config is loaded (it reads {@code ca_file}), and a fresh engine per connection that sends the
 * right SNI name and checks the certificate against it.
 */
final class UpstreamTls {

    private final String upstreamName;
    private final UpstreamTlsConfig config;
    private final SslContext context;

    private UpstreamTls(String upstreamName, UpstreamTlsConfig config, SslContext context) {
        this.upstreamName = upstreamName;
        this.config = config;
        this.context = context;
    }

    /**
     * The TLS settings of an upstream, or null when {@code tls.enabled} is false.
     *
     * @throws IllegalArgumentException when {@code ca_file} cannot be read or holds no certificate
     */
    static UpstreamTls of(String upstreamName, UpstreamTlsConfig config) {
        return of(upstreamName, config, false);
    }

    /** As above; {@code http2}: ALPN asks for {@code h2} alone (the upstream's {@code protocol: h2}). */
    static UpstreamTls of(String upstreamName, UpstreamTlsConfig config, boolean http2) {
        if (config == null || !config.enabled()) {
            return null;
        }
        try {
            SslContextBuilder builder = SslContextBuilder.forClient().sslProvider(SslProvider.JDK);
            if (http2) {
                builder.applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                        ApplicationProtocolNames.HTTP_2));
            }
            if (config.verify()) {
                builder.trustManager(new RejectionReportingTrust(defaultTrust(config)))
                        .endpointIdentificationAlgorithm("HTTPS");
            } else {
                // Netty 4.2 checks host names by default; verify: false means no check at all.
                builder.trustManager(InsecureTrustManagerFactory.INSTANCE).endpointIdentificationAlgorithm(null);
            }
            return new UpstreamTls(upstreamName, config, builder.build());
        } catch (IOException | GeneralSecurityException e) {
            String what = config.caFile() == null ? key("enabled", upstreamName) + ": cannot set up TLS"
                    : key("ca_file", upstreamName) + ": cannot load " + config.caFile();
            throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
        }
    }

    /** The JDK's trust decisions, from {@code ca_file} when set, else from the JVM's trust store. */
    private static X509ExtendedTrustManager defaultTrust(UpstreamTlsConfig config)
            throws IOException, GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(config.caFile() == null ? null : trustStoreOf(config));
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509ExtendedTrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager available");
    }

    private static KeyStore trustStoreOf(UpstreamTlsConfig config) throws IOException, GeneralSecurityException {
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(config.caFile())) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
        if (certificates.isEmpty()) {
            throw new GeneralSecurityException("no PEM certificate in the file");
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int i = 0;
        for (Certificate certificate : certificates) {
            store.setCertificateEntry("ca-" + i++, certificate);
        }
        return store;
    }

    /**
     * A handler for one connection to {@code target}: the handshake must finish within
     * {@code handshakeTimeout} (zero: no limit), else it fails with Netty's timeout exception.
     */
    SslHandler newHandler(ByteBufAllocator alloc, TargetAddress target, Duration handshakeTimeout) {
        String name = expectedName(target);
        SslHandler handler = context.newHandler(alloc, name, target.port());
        SSLEngine engine = handler.engine();
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setServerNames(serverNames(name));
        // The JDK checks the certificate against the engine's peer host, which is the expected name.
        parameters.setEndpointIdentificationAlgorithm(config.verify() ? "HTTPS" : null);
        engine.setSSLParameters(parameters);
        handler.setHandshakeTimeoutMillis(handshakeTimeout.toMillis());
        return handler;
    }

    /** SNI only for a host name: RFC 6066 forbids IP literals there. */
    private static List<SNIServerName> serverNames(String name) {
        if (NetUtil.isValidIpV4Address(name) || NetUtil.isValidIpV6Address(name)) {
            return List.of();
        }
        try {
            return List.of(new SNIHostName(name));
        } catch (IllegalArgumentException notAHostName) {
            // e.g. a Compose service name with an underscore: connect without SNI rather than not at all.
            return List.of();
        }
    }

    /** The name the certificate must be for: {@code tls.sni} when set, else the target's host. */
    String expectedName(TargetAddress target) {
        return config.sni() != null ? config.sni() : target.host();
    }

    String upstreamName() {
        return upstreamName;
    }

    UpstreamTlsConfig config() {
        return config;
    }

    /** The YAML key of one of this upstream's TLS settings, e.g. {@code upstreams.app.tls.ca_file}. */
    String key(String setting) {
        return key(setting, upstreamName);
    }

    private static String key(String setting, String upstreamName) {
        return "upstreams." + upstreamName + ".tls." + setting;
    }
}
