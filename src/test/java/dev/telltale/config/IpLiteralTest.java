package dev.telltale.config;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class IpLiteralTest {

    @ParameterizedTest
    @CsvSource({"127.0.0.1, 4", "0.0.0.0, 4", "255.255.255.255, 4", "::, 16", "::1, 16", "fe80::1, 16",
            "2001:db8:0:0:0:0:0:7, 16"})
    void parsesLiteralsToTheirBytes(String text, int length) {
        assertThat(IpLiteral.parse(text)).hasSize(length);
    }

    // "::1.2.3.4" is the IPv4-compatible form RFC 4291 deprecated; Netty refuses it, and so do we now.
    @ParameterizedTest
    @ValueSource(strings = {"::1.2.3.4", "", "localhost", "app", "1.2.3", "1.2.3.4.5", "256.0.0.1", "1.2.3.-4", "1::2::3",
            "[::1]", "fe80::1%eth0", "::ffff:10.0.0.1", "10.0.0.1:80", "example.com"})
    void refusesWhatIsNotALiteralWithoutAskingDns(String text) {
        assertThat(IpLiteral.parse(text)).isNull();
    }

    @ParameterizedTest
    @CsvSource({"::1, true", "fe80::1, true", "127.0.0.1, false", "app, false"})
    void tellsIpv6FromTheRest(String text, boolean ipv6) {
        assertThat(IpLiteral.isIpv6(text)).isEqualTo(ipv6);
    }
}
