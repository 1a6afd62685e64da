package dev.telltale.config;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** Parses IPv4 and IPv6 address literals without ever asking DNS. */
final class IpLiteral {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    // Only text of this shape reaches InetAddress: it then parses a literal and never resolves.
    private static final Pattern IPV6_SHAPE = Pattern.compile("[0-9A-Fa-f:][0-9A-Fa-f:.]*");

    private IpLiteral() {
    }

    /** The address bytes (4 or 16), or null when the text is not an IP literal. */
    static byte[] parse(String text) {
        if (IPV4.matcher(text).matches()) {
            return ipv4(text);
        }
        if (text.indexOf(':') >= 0 && IPV6_SHAPE.matcher(text).matches()) {
            return ipv6(text);
        }
        return null;
    }

    static boolean isIpv6(String text) {
        byte[] bytes = parse(text);
        return bytes != null && bytes.length == 16;
    }

    private static byte[] ipv4(String text) {
        String[] parts = text.split("\\.");
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            int part = Integer.parseInt(parts[i]);
            if (part > 255) {
                return null;
            }
            bytes[i] = (byte) part;
        }
        return bytes;
    }

    private static byte[] ipv6(String text) {
        try {
            InetAddress address = InetAddress.getByName(text);
            // An IPv4-mapped literal (::ffff:10.0.0.1) comes back as IPv4; refuse the ambiguity.
            return address instanceof Inet6Address ? address.getAddress() : null;
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
