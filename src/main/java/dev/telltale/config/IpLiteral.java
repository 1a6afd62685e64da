package dev.telltale.config;

import io.netty.util.NetUtil;

/** Parses IPv4 and IPv6 address literals with Netty's {@link NetUtil}, which never asks DNS. */
final class IpLiteral {

    private IpLiteral() {
    }

    /** The address bytes (4 or 16), or null when the text is not an IP literal. */
    static byte[] parse(String text) {
        // NetUtil also takes "[::1]" and a "%scope" suffix; in the YAML brackets belong to host:port and a
        // scope names an interface of one machine, so both stay refused as before.
        if (text.isEmpty() || text.indexOf('[') >= 0 || text.indexOf('%') >= 0) {
            return null;
        }
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(text);
        // An IPv4-mapped literal (::ffff:10.0.0.1) would match as IPv6 here and as IPv4 on a socket: refuse it.
        return bytes != null && isIpv4Mapped(bytes) ? null : bytes;
    }

    static boolean isIpv6(String text) {
        byte[] bytes = parse(text);
        return bytes != null && bytes.length == 16;
    }

    private static boolean isIpv4Mapped(byte[] bytes) {
        if (bytes.length != 16 || bytes[10] != (byte) 0xFF || bytes[11] != (byte) 0xFF) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
