package dev.telltale.testing;

import java.io.ByteArrayOutputStream;

/**
 * TLS ClientHello records made byte by byte, for clients no library will be: one that offers only
 * an old version, or only a cipher suite nobody enables any more.
 */
public final class ClientHellos {

    /** TLS 1.0 and TLS 1.2 as a ClientHello's legacy_version writes them. */
    public static final int TLS_1_0 = 0x0301;
    public static final int TLS_1_2 = 0x0303;
    /** TLS_RSA_WITH_RC4_128_SHA: disabled in every JDK since 8u51. */
    public static final int RC4_SHA = 0x0005;
    /** TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA: a suite TLS 1.0 clients offered. */
    public static final int ECDHE_RSA_AES128_SHA = 0xc013;

    private ClientHellos() {
    }

    /** One ClientHello record, without extensions, offering {@code version} and {@code cipherSuites}. */
    public static byte[] hello(int version, int... cipherSuites) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        short16(body, version);
        body.writeBytes(new byte[32]); // random
        body.write(0); // no session ID
        short16(body, cipherSuites.length * 2);
        for (int suite : cipherSuites) {
            short16(body, suite);
        }
        body.write(1); // one compression method: none
        body.write(0);
        ByteArrayOutputStream record = new ByteArrayOutputStream();
        record.write(0x16); // handshake
        short16(record, TLS_1_0);
        short16(record, body.size() + 4);
        record.write(1); // ClientHello
        record.write(0);
        short16(record, body.size());
        record.writeBytes(body.toByteArray());
        return record.toByteArray();
    }

    private static void short16(ByteArrayOutputStream out, int value) {
        out.write(value >> 8 & 0xff);
        out.write(value & 0xff);
    }
}
