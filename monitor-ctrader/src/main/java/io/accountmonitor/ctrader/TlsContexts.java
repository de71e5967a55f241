package io.accountmonitor.ctrader;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS client contexts: the JDK's trust store by default, or exactly the certificates of a PEM file.
 * There is deliberately no way to trust every certificate.
 */
final class TlsContexts {
    private TlsContexts() {
    }

    /**
     * Creates the context for {@code trustCertificate}, or the JDK default when it is {@code null}.
     *
     * @throws IOException if the file cannot be read or holds no certificate
     * @throws GeneralSecurityException if the JDK cannot build the context
     */
    static SSLContext create(Path trustCertificate) throws IOException, GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        if (trustCertificate == null || trustCertificate.toString().isBlank()) {
            context.init(null, null, null);
            return context;
        }
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        List<Certificate> certificates = loadCertificates(trustCertificate);
        for (int i = 0; i < certificates.size(); i++) {
            trusted.setCertificateEntry("trusted-" + i, certificates.get(i));
        }
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trusted);
        context.init(null, trustManagers.getTrustManagers(), null);
        return context;
    }

    /**
     * Reads the X.509 certificates of a PEM or DER file.
     *
     * @throws IOException if the file cannot be read, is not a certificate file, or is empty
     */
    static List<Certificate> loadCertificates(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("file " + file.toAbsolutePath() + " does not exist or is not a regular file");
        }
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(file)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (CertificateException e) {
            throw new IOException("file " + file.toAbsolutePath() + " is not a PEM or DER certificate: "
                    + e.getMessage(), e);
        }
        if (certificates.isEmpty()) {
            throw new IOException("file " + file.toAbsolutePath() + " contains no certificate");
        }
        return new ArrayList<>(certificates);
    }
}
