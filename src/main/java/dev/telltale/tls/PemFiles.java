package dev.telltale.tls;

import dev.telltale.config.ListenTlsConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The bytes of {@code listen.tls}'s two files as read at one moment: what a load makes a certificate of. */
record PemFiles(byte[] cert, byte[] key) {

    /** @throws IllegalArgumentException saying which file cannot be read */
    static PemFiles read(ListenTlsConfig config) {
        try {
            return new PemFiles(Files.readAllBytes(config.cert()), Files.readAllBytes(config.key()));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read it: " + e, e);
        }
    }

    /** SHA-256 of both files' bytes, to tell a changed pair from the same one. */
    String fingerprint() {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(cert);
            sha256.update(key);
            return HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
