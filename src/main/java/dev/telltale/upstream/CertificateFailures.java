package dev.telltale.upstream;

import dev.telltale.failure.ExchangeFailure;
import dev.telltale.failure.Failure;
import dev.telltale.failure.Phase;
import dev.telltale.upstream.RejectionReportingTrust.RejectedChainException;

import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Says why the upstream's certificate was refused: expired, not yet valid, not trusted, or for
 * another host. The reason comes from the JDK's exception types; the details (dates, issuer,
 * names) from the chain the upstream presented.
 */
final class CertificateFailures {

    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;

    private CertificateFailures() {
    }

    /** {@code name} is the host name the certificate had to be for. */
    static ExchangeFailure of(RejectedChainException rejected, UpstreamTls tls, String name) {
        X509Certificate[] chain = rejected.chain();
        if (chain.length == 0) {
            return failure("certificate for " + name + " was rejected: " + rejected.getMessage());
        }
        CertPathValidatorException invalid = WireFailures.find(rejected, CertPathValidatorException.class);
        CertPathValidatorException.Reason reason = invalid == null ? null : invalid.getReason();
        Date now = new Date();
        if (reason == BasicReason.EXPIRED || WireFailures.find(rejected, CertificateExpiredException.class) != null) {
            X509Certificate expired = culprit(chain, c -> c.getNotAfter().before(now));
            return failure(whose(expired, chain, name) + " expired " + WHEN.format(expired.getNotAfter().toInstant()));
        }
        if (reason == BasicReason.NOT_YET_VALID
                || WireFailures.find(rejected, CertificateNotYetValidException.class) != null) {
            X509Certificate early = culprit(chain, c -> c.getNotBefore().after(now));
            return failure(whose(early, chain, name) + " is not valid before "
                    + WHEN.format(early.getNotBefore().toInstant()) + " (is the clock right on both hosts?)");
        }
        if (WireFailures.find(rejected, CertPathBuilderException.class) != null) {
            return failure(untrusted(chain, tls, name));
        }
        if (invalid != null) {
            String why = reason == null ? "" : " (" + reason.toString().toLowerCase(Locale.ROOT) + ")";
            return failure("certificate for " + name + " was rejected" + why + ": " + invalid.getMessage());
        }
        // The path checks above throw CertPath* exceptions; what the JDK's trust manager checks
        // after them is the host name (endpoint identification), which throws a bare exception.
        return failure(wrongHost(chain[0], tls, name));
    }

    /** No path from the presented chain to a trusted CA. */
    private static String untrusted(X509Certificate[] chain, UpstreamTls tls, String name) {
        X509Certificate top = chain[chain.length - 1];
        boolean selfSigned = top.getSubjectX500Principal().equals(top.getIssuerX500Principal());
        String issuer = selfSigned ? "self-signed by " + top.getSubjectX500Principal().getName()
                : "issued by " + top.getIssuerX500Principal().getName();
        String store = tls.config().caFile() == null
                ? "not in the trust store (set " + tls.key("ca_file") + ")"
                : "not a CA in " + tls.key("ca_file") + " (" + tls.config().caFile().getFileName() + ")";
        return "certificate for " + name + " is not trusted: " + issuer + ", " + store;
    }

    private static String wrongHost(X509Certificate leaf, UpstreamTls tls, String name) {
        List<String> names = hostNames(leaf);
        String isFor = names.isEmpty()
                ? "names no host (no subjectAltName, subject " + leaf.getSubjectX500Principal().getName() + ")"
                : "is for " + String.join(", ", names);
        return "certificate " + isFor + ", not " + name + " (set " + tls.key("sni") + " or fix the certificate)";
    }

    /** The DNS names and IP addresses of the certificate's subjectAltName, in its order. */
    private static List<String> hostNames(X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> entries = certificate.getSubjectAlternativeNames();
            if (entries == null) {
                return names;
            }
            for (List<?> entry : entries) {
                int type = (Integer) entry.get(0);
                if (type == SAN_DNS || type == SAN_IP) {
                    names.add(String.valueOf(entry.get(1)));
                }
            }
        } catch (CertificateParsingException unreadable) {
            // Nothing to list; the message still says which name was expected.
        }
        return names;
    }

    /** The certificate of the chain that fails {@code test}; the leaf when none does. */
    private static X509Certificate culprit(X509Certificate[] chain, Predicate<X509Certificate> test) {
        for (X509Certificate certificate : chain) {
            if (test.test(certificate)) {
                return certificate;
            }
        }
        return chain[0];
    }

    /** "certificate for app.test", or the subject of the chain's certificate that is at fault. */
    private static String whose(X509Certificate culprit, X509Certificate[] chain, String name) {
        return culprit == chain[0] ? "certificate for " + name
                : "certificate chain for " + name + " has a certificate (" + culprit.getSubjectX500Principal().getName()
                        + ") that";
    }

    private static ExchangeFailure failure(String detail) {
        return ExchangeFailure.beforeSending(Failure.TLS_CERTIFICATE_ERROR, Phase.TLS, detail);
    }
}
