package dev.telltale.diagnostics;

import dev.telltale.config.Cidr;
import dev.telltale.config.DetailLevel;
import dev.telltale.config.ErrorPagesConfig;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DetailPolicyTest {

    private final DetailPolicy defaults = new DetailPolicy(ErrorPagesConfig.DEFAULTS);

    @Test
    void loopbackClientsAreTrustedByDefault() throws UnknownHostException {
        assertThat(defaults.levelFor(ip("127.0.0.1"))).isEqualTo(DetailLevel.FULL);
        assertThat(defaults.levelFor(ip("127.8.9.10"))).isEqualTo(DetailLevel.FULL);
        assertThat(defaults.levelFor(ip("::1"))).isEqualTo(DetailLevel.FULL);
    }

    @Test
    void otherClientsGetTheConfiguredLevel() throws UnknownHostException {
        assertThat(defaults.levelFor(ip("203.0.113.7"))).isEqualTo(DetailLevel.SAFE);
        assertThat(defaults.levelFor(ip("2001:db8::1"))).isEqualTo(DetailLevel.SAFE);

        DetailPolicy fullForAll = new DetailPolicy(new ErrorPagesConfig(DetailLevel.FULL, List.of()));
        assertThat(fullForAll.levelFor(ip("203.0.113.7"))).isEqualTo(DetailLevel.FULL);
    }

    @Test
    void aClientInATrustedNetworkGetsFullDetail() throws UnknownHostException {
        DetailPolicy policy = new DetailPolicy(new ErrorPagesConfig(DetailLevel.SAFE,
                List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("fd00::/8"))));

        assertThat(policy.levelFor(ip("10.20.30.40"))).isEqualTo(DetailLevel.FULL);
        assertThat(policy.levelFor(ip("fd12::5"))).isEqualTo(DetailLevel.FULL);
        assertThat(policy.levelFor(ip("11.0.0.1"))).isEqualTo(DetailLevel.SAFE);
        assertThat(policy.levelFor(ip("127.0.0.1"))).isEqualTo(DetailLevel.SAFE);
    }

    @Test
    void anIpv4MappedAddressMatchesItsIpv4Network() throws UnknownHostException {
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, 10, 1, 2, 3};
        // Built as an Inet6Address on purpose: InetAddress.getByAddress would unmap it already.
        InetAddress address = java.net.Inet6Address.getByAddress(null, mapped, -1);
        DetailPolicy policy = new DetailPolicy(new ErrorPagesConfig(DetailLevel.SAFE, List.of(Cidr.parse("10.0.0.0/8"))));

        assertThat(policy.levelFor(address)).isEqualTo(DetailLevel.FULL);
    }

    @Test
    void anUnknownClientGetsTheConfiguredLevel() {
        assertThat(defaults.levelFor(null)).isEqualTo(DetailLevel.SAFE);
    }

    private static InetAddress ip(String literal) throws UnknownHostException {
        return InetAddress.getByName(literal);
    }
}
