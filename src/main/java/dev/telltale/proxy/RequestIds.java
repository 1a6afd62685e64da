package dev.telltale.proxy;

import dev.telltale.diagnostics.RequestIdBits;
import io.netty.util.concurrent.FastThreadLocal;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/** Request IDs: an incoming one is kept when well formed and trusted; otherwise a new random one. */
final class RequestIds {

    private static final int MAX_LENGTH = 128;
    /** The characters of an ID being made, one array per thread: the string copies them anyway. */
    private static final FastThreadLocal<byte[]> SCRATCH = new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
            return new byte[RequestIdBits.LENGTH];
        }
    };

    private RequestIds() {
    }

    static String choose(String incoming, boolean trustIncoming) {
        return trustIncoming && isWellFormed(incoming) ? incoming : generate();
    }

    /** 1 to 128 characters of {@code [A-Za-z0-9._:-]}: safe to echo in a header, a page and a log. */
    static boolean isWellFormed(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '.' || c == '_' || c == ':' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** 100 random bits in Crockford's base32: short enough to read out, unique enough for a log. */
    static String generate() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        byte[] chars = SCRATCH.get();
        RequestIdBits.decodeInto(random.nextLong() & RequestIdBits.HALF, random.nextLong() & RequestIdBits.HALF, chars);
        return new String(chars, 0, RequestIdBits.LENGTH, StandardCharsets.ISO_8859_1);
    }
}
