package dev.telltale.upstream;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

/**
 * The JDK's trust decisions, unchanged, except that a rejection carries the chain the upstream
 * presented: the JDK's own exceptions do not, and a useful page names the issuer, the expiry
 * date or the host names the certificate is really for.
 */
final class RejectionReportingTrust extends X509ExtendedTrustManager {

    private final X509ExtendedTrustManager delegate;

    RejectionReportingTrust(X509ExtendedTrustManager delegate) {
        this.delegate = delegate;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        try {
            delegate.checkServerTrusted(chain, authType, engine);
        } catch (CertificateException e) {
            throw new RejectedChainException(chain, e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        try {
            delegate.checkServerTrusted(chain, authType, socket);
        } catch (CertificateException e) {
            throw new RejectedChainException(chain, e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        try {
            delegate.checkServerTrusted(chain, authType);
        } catch (CertificateException e) {
            throw new RejectedChainException(chain, e);
        }
    }

    // The proxy is only ever the client of an upstream; client checks are passed through as they are.

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        delegate.checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        delegate.checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate.checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return delegate.getAcceptedIssuers();
    }

    /** A rejected chain, leaf first, with the JDK's reason as the cause. */
    static final class RejectedChainException extends CertificateException {

        private final transient X509Certificate[] chain;

        RejectedChainException(X509Certificate[] chain, CertificateException reason) {
            super(reason.getMessage(), reason);
            this.chain = chain == null ? new X509Certificate[0] : chain.clone();
        }

        X509Certificate[] chain() {
            return chain.clone();
        }
    }
}
