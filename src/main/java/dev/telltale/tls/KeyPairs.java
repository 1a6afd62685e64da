package dev.telltale.tls;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a PEM private key is the one of a certificate. The JDK builds a TLS context from any
 * certificate and key, and a mismatched pair fails only in each client's handshake: the mistake
 * of a half-finished renewal, caught here instead, by a signature the certificate's key verifies.
 */
final class KeyPairs {

    private static final Pattern PKCS8 = Pattern.compile(
            "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
    private static final String MISMATCH = ": are both files from the same issue or renewal?";
    private static final byte[] CHALLENGE = "telltale key check".getBytes(StandardCharsets.US_ASCII);

    private KeyPairs() {
    }

    /** @throws IllegalArgumentException when the key cannot be read or is not the certificate's */
    static void checkBelongs(byte[] keyPem, X509Certificate certificate) {
        PublicKey publicKey = certificate.getPublicKey();
        byte[] der = pkcs8(keyPem);
        PrivateKey key = privateKey(der, publicKey.getAlgorithm());
        if (key == null) {
            String kind = kind(der);
            throw new IllegalArgumentException(kind == null ? "the key file's key cannot be read: it is damaged, or of a"
                    + " kind the JDK does not know" : "the key is not the certificate's (" + subject(certificate)
                    + "): it is an " + kind + " key, the certificate's is " + publicKey.getAlgorithm() + MISMATCH);
        }
        String algorithm = signatureAlgorithm(publicKey.getAlgorithm());
        if (algorithm == null) {
            return; // a rare kind of key: the TLS context's own checks are all there is
        }
        boolean belongs;
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(CHALLENGE);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(CHALLENGE);
            belongs = verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            belongs = false;
        }
        if (!belongs) {
            throw new IllegalArgumentException("the key is not the certificate's (" + subject(certificate) + ")" + MISMATCH);
        }
    }

    /** The usual trouble with keys, as a hint to add to why one cannot be used; empty when none fits. */
    static String hint(byte[] keyPem) {
        String pem = new String(keyPem, StandardCharsets.US_ASCII);
        if (pem.contains("BEGIN RSA PRIVATE KEY") || pem.contains("BEGIN EC PRIVATE KEY")) {
            return "; the key must be PKCS#8 (BEGIN PRIVATE KEY): convert it with `openssl pkey -in OLD -out NEW`";
        }
        if (pem.contains("BEGIN ENCRYPTED PRIVATE KEY")) {
            return "; the key must not be encrypted: decrypt it with `openssl pkey -in OLD -out NEW`";
        }
        return "";
    }

    private static byte[] pkcs8(byte[] pem) {
        Matcher block = PKCS8.matcher(new String(pem, StandardCharsets.US_ASCII));
        if (!block.find()) {
            throw new IllegalArgumentException("the key file has no PKCS#8 private key (BEGIN PRIVATE KEY)" + hint(pem));
        }
        try {
            return Base64.getMimeDecoder().decode(block.group(1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the key file's key is not valid base64: " + e.getMessage(), e);
        }
    }

    /** Null when the bytes are no key of {@code algorithm}. */
    private static PrivateKey privateKey(byte[] der, String algorithm) {
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException | RuntimeException e) {
            return null;
        }
    }

    /** Which kind of key the bytes are, when not the certificate's kind; null when none the JDK reads. */
    private static String kind(byte[] der) {
        for (String algorithm : new String[] {"RSA", "EC", "EdDSA"}) {
            if (privateKey(der, algorithm) != null) {
                return algorithm;
            }
        }
        return null;
    }

    private static String subject(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().getName();
    }

    /** Null for a kind of key without a plain signature to check it by. */
    private static String signatureAlgorithm(String keyAlgorithm) {
        return switch (keyAlgorithm) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "Ed448", "EdDSA" -> keyAlgorithm;
            default -> null;
        };
    }
}
