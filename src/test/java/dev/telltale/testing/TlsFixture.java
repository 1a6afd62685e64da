package dev.telltale.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The test certificates, made once per test run (generating keys is slow), and the upstream
 * {@code tls:} setting that trusts their CA.
 */
public final class TlsFixture {

    private static TestCertificates certificates;
    private static String trustingTestCa;

    private TlsFixture() {
    }

    public static synchronized TestCertificates certificates() {
        if (certificates == null) {
            try {
                certificates = new TestCertificates();
            } catch (Exception e) {
                throw new IllegalStateException("cannot make test certificates", e);
            }
        }
        return certificates;
    }

    /** {@code { enabled: true, ca_file: "<the test CA>", sni: localhost }}. */
    public static synchronized String trustingTestCa() {
        if (trustingTestCa == null) {
            try {
                Path dir = Files.createTempDirectory("telltale-test-ca");
                dir.toFile().deleteOnExit();
                Path pem = certificates().writeCaPem(dir);
                pem.toFile().deleteOnExit();
                trustingTestCa = "{ enabled: true, ca_file: \"" + pem + "\", sni: localhost }";
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return trustingTestCa;
    }
}
