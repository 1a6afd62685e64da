package dev.telltale.diagnostics;

import dev.telltale.config.Cidr;
import dev.telltale.config.DetailLevel;
import dev.telltale.config.ErrorPagesConfig;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/** How much a client may see of an error: full in {@code trusted_networks}, else the configured level. */
public final class DetailPolicy {

    private final ErrorPagesConfig config;

    public DetailPolicy(ErrorPagesConfig config) {
        this.config = config;
    }

    /** @param client the client's address; null (unknown) gets the configured level */
    public DetailLevel levelFor(InetAddress client) {
        if (client == null) {
            return config.detail();
        }
        InetAddress ipv4 = unmapped(client);
        for (Cidr network : config.trustedNetworks()) {
            if (network.contains(client) || (ipv4 != null && network.contains(ipv4))) {
                return DetailLevel.FULL;
            }
        }
        return config.detail();
    }

    /**
     * The IPv4 address inside an IPv4-mapped IPv6 one ({@code ::ffff:127.0.0.1}), so a dual-stack
     * listener still matches {@code 127.0.0.0/8}; null for any other address.
     */
    private static InetAddress unmapped(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address || bytes.length != 16) {
            return null;
        }
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return null;
            }
        }
        if (bytes[10] != (byte) 0xFF || bytes[11] != (byte) 0xFF) {
            return null;
        }
        try {
            return InetAddress.getByAddress(Arrays.copyOfRange(bytes, 12, 16));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an IPv4 address", e);
        }
    }
}
