package dev.telltale.config;

import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilterRule;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 network such as {@code 10.0.0.0/8}; parsed from literals only, never from names. Matching is
 * Netty's {@link IpSubnetFilterRule}; the parsing stays ours for its error messages.
 */
public final class Cidr {

    private static final Pattern PREFIX = Pattern.compile("\\d{1,3}");

    private final byte[] network;
    private final int prefixLength;
    private final String text;
    private final IpSubnetFilterRule rule;

    private Cidr(byte[] network, int prefixLength, String text) {
        this.network = network;
        this.prefixLength = prefixLength;
        this.text = text;
        this.rule = new IpSubnetFilterRule(inetAddress(network), prefixLength, IpFilterRuleType.ACCEPT);
    }

    /**
     * Parses {@code 10.0.0.0/8}, {@code ::1/128}, or a bare address (a single host). Host names
     * are refused, never resolved.
     *
     * @throws IllegalArgumentException whose message reads after the quoted text, e.g.
     *         {@code is not an IP network (examples: ...)}
     */
    public static Cidr parse(String text) {
        int slash = text.indexOf('/');
        byte[] address = IpLiteral.parse(slash < 0 ? text : text.substring(0, slash));
        if (address == null) {
            throw new IllegalArgumentException(
                    "is not an IP network (examples: 10.0.0.0/8, 192.168.1.7, ::1/128)");
        }
        int bits = address.length * 8;
        String prefixText = slash < 0 ? String.valueOf(bits) : text.substring(slash + 1);
        if (!PREFIX.matcher(prefixText).matches() || Integer.parseInt(prefixText) > bits) {
            throw new IllegalArgumentException("has a prefix length that is not a number from 0 to " + bits);
        }
        int prefixLength = Integer.parseInt(prefixText);
        byte[] network = networkOnly(address, prefixLength);
        if (!Arrays.equals(network, address)) {
            // 10.0.0.1/8 is usually a typo for a host or for 10.0.0.0/8: say which was meant.
            throw new IllegalArgumentException("has bits set after the first " + prefixLength
                    + "; write the network address, e.g. " + format(network) + "/" + prefixLength);
        }
        return new Cidr(address, prefixLength, text);
    }

    public int prefixLength() {
        return prefixLength;
    }

    /** Inside the network; an IPv4 address is never inside an IPv6 network, nor the other way round. */
    public boolean contains(InetAddress address) {
        return rule.matches(new InetSocketAddress(address, 0));
    }

    private static byte[] networkOnly(byte[] network, int prefixLength) {
        byte[] masked = new byte[network.length];
        for (int i = 0; i < network.length; i++) {
            int bitsInByte = Math.max(0, Math.min(8, prefixLength - 8 * i));
            masked[i] = (byte) (network[i] & (0xFF << (8 - bitsInByte)));
        }
        return masked;
    }

    private static String format(byte[] address) {
        return inetAddress(address).getHostAddress();
    }

    private static InetAddress inetAddress(byte[] address) {
        try {
            return InetAddress.getByAddress(address);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("an address of 4 or 16 bytes is always valid", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr other && prefixLength == other.prefixLength
                && Arrays.equals(network, other.network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefixLength;
    }

    @Override
    public String toString() {
        return text;
    }
}
