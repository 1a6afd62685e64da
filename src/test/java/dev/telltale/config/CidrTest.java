package dev.telltale.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;
import java.net.UnknownHostException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CidrTest {

    @ParameterizedTest
    @CsvSource({
            "127.0.0.0/8,    127.0.0.1,       true",
            "127.0.0.0/8,    127.255.255.254, true",
            "127.0.0.0/8,    128.0.0.1,       false",
            "10.1.0.0/20,    10.1.15.200,     true",
            "10.1.0.0/20,    10.1.16.1,       false",
            "192.168.1.7,    192.168.1.7,     true",
            "192.168.1.7,    192.168.1.8,     false",
            "0.0.0.0/0,      203.0.113.9,     true",
            "127.0.0.0/8,    ::1,             false",
            "::1/128,        ::1,             true",
            "::1/128,        ::2,             false",
            "fd00::/8,       fd12:3456::1,    true",
            "fd00::/8,       fe80::1,         false",
            "2001:db8::/33,  2001:db8:7fff::1, true",
            "2001:db8::/33,  2001:db8:8000::1, false",
            "::/0,           127.0.0.1,       false",
    })
    void containsAddressesInsideItsPrefixOnly(String network, String address, boolean inside)
            throws UnknownHostException {
        // Both sides are literals, so InetAddress parses them without any lookup.
        assertThat(Cidr.parse(network).contains(InetAddress.getByName(address))).isEqualTo(inside);
    }

    @Test
    void aBareAddressIsASingleHost() {
        assertThat(Cidr.parse("10.0.0.1").prefixLength()).isEqualTo(32);
        assertThat(Cidr.parse("fe80::1").prefixLength()).isEqualTo(128);
        assertThat(Cidr.parse("fe80::1").toString()).isEqualTo("fe80::1");
    }

    @Test
    void equalNetworksAreEqualWhateverTheirSpelling() {
        assertThat(Cidr.parse("::1/128")).isEqualTo(Cidr.parse("0:0:0:0:0:0:0:1/128"));
        assertThat(Cidr.parse("10.0.0.0/8")).isNotEqualTo(Cidr.parse("10.0.0.0/16"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "localhost      | is not an IP network (examples: 10.0.0.0/8, 192.168.1.7, ::1/128)",
            "10.0.0.256/8   | is not an IP network (examples: 10.0.0.0/8, 192.168.1.7, ::1/128)",
            "10.0.0.0/33    | has a prefix length that is not a number from 0 to 32",
            "10.0.0.0/x     | has a prefix length that is not a number from 0 to 32",
            "::1/129        | has a prefix length that is not a number from 0 to 128",
            "10.0.0.1/8     | has bits set after the first 8; write the network address, e.g. 10.0.0.0/8",
            "192.168.1.0/16 | has bits set after the first 16; write the network address, e.g. 192.168.0.0/16",
    })
    void refusesWhatIsNotANetworkLiteral(String text, String reason) {
        assertThatThrownBy(() -> Cidr.parse(text)).isInstanceOf(IllegalArgumentException.class).hasMessage(reason);
    }
}
