package dev.telltale.upstream;

import dev.telltale.config.TargetAddress;
import dev.telltale.config.UpstreamTlsConfig;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.handler.ssl.SslHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What one upstream's TLS settings make of each connection: SNI, host check, handshake limit. */
class UpstreamTlsSetupTest {

    private static final Duration FIVE_SECONDS = Duration.ofSeconds(5);

    private static SslHandler handlerFor(UpstreamTlsConfig config, String host, Duration handshakeTimeout) {
        return UpstreamTls.of("app", config)
                .newHandler(UnpooledByteBufAllocator.DEFAULT, new TargetAddress(host, 443), handshakeTimeout);
    }

    private static UpstreamTlsConfig verifying(String sni) {
        return new UpstreamTlsConfig(true, true, null, sni);
    }

    @Test
    void disabledTlsBuildsNothing() {
        assertThat(UpstreamTls.of("app", UpstreamTlsConfig.DISABLED)).isNull();
    }

    @Test
    void configuredSniIsSentAndIsTheNameTheCertificateMustMatch() {
        SslHandler handler = handlerFor(verifying("app.internal"), "10.0.0.5", FIVE_SECONDS);

        SSLParameters parameters = handler.engine().getSSLParameters();
        assertThat(parameters.getServerNames()).containsExactly(new SNIHostName("app.internal"));
        assertThat(parameters.getEndpointIdentificationAlgorithm()).isEqualTo("HTTPS");
        assertThat(handler.engine().getPeerHost()).isEqualTo("app.internal");
    }

    @Test
    void targetHostNameIsTheSniNameWhenNoneIsConfigured() {
        SSLParameters parameters = handlerFor(verifying(null), "app", FIVE_SECONDS).engine().getSSLParameters();

        assertThat(parameters.getServerNames()).containsExactly(new SNIHostName("app"));
    }

    @Test
    void ipTargetSendsNoSniButIsStillCheckedAgainstItsAddress() {
        SslHandler handler = handlerFor(verifying(null), "127.0.0.1", FIVE_SECONDS);

        assertThat(handler.engine().getSSLParameters().getServerNames()).isEmpty();
        assertThat(handler.engine().getSSLParameters().getEndpointIdentificationAlgorithm()).isEqualTo("HTTPS");
        assertThat(handler.engine().getPeerHost()).isEqualTo("127.0.0.1");
    }

    @Test
    void hostNameThatIsNotAValidSniNameConnectsWithoutSni() {
        SslHandler handler = handlerFor(verifying(null), "my_app", FIVE_SECONDS);

        assertThat(handler.engine().getSSLParameters().getServerNames()).isEmpty();
    }

    @Test
    void verifyFalseChecksNoHostName() {
        SslHandler handler = handlerFor(new UpstreamTlsConfig(true, false, null, null), "app", FIVE_SECONDS);

        assertThat(handler.engine().getSSLParameters().getEndpointIdentificationAlgorithm()).isNull();
    }

    @Test
    void handshakeTimeoutIsTheRouteSettingAndZeroMeansNone() {
        assertThat(handlerFor(verifying(null), "app", Duration.ofMillis(300)).getHandshakeTimeoutMillis())
                .isEqualTo(300);
        assertThat(handlerFor(verifying(null), "app", Duration.ZERO).getHandshakeTimeoutMillis()).isZero();
    }

    @Test
    void missingCaFileFailsAtLoadNamingTheKey(@TempDir Path dir) {
        Path missing = dir.resolve("missing.pem");

        assertThatThrownBy(() -> UpstreamTls.of("app", new UpstreamTlsConfig(true, true, missing, null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("upstreams.app.tls.ca_file: cannot load " + missing);
    }

    @Test
    void caFileWithoutACertificateFailsAtLoad(@TempDir Path dir) throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.pem"), "");

        assertThatThrownBy(() -> UpstreamTls.of("app", new UpstreamTlsConfig(true, true, empty, null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no PEM certificate in the file");
    }
}
