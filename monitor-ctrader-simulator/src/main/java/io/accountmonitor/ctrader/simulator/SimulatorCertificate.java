package io.accountmonitor.ctrader.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The TLS identity of the simulator: a self-signed EC certificate for {@code localhost} and
 * {@code 127.0.0.1}, valid from 2024 to 2133, shipped as {@code ctrader-simulator.p12} with the
 * public certificate beside it as {@code ctrader-simulator.pem}. Clients trust the PEM file
 * explicitly, for example through the adapter's {@code trustCertificate} setting.
 *
 * <p>The key is public test material: anyone can read it from this jar, so it protects nothing
 * and must never identify a real server.
 */
public final class SimulatorCertificate {
    /** The file name {@link #writePem(Path)} writes. */
    public static final String PEM_FILE_NAME = "ctrader-simulator.pem";

    private static final String KEYSTORE_RESOURCE = "ctrader-simulator.p12";
    private static final char[] KEYSTORE_PASSWORD = "simulator".toCharArray();

    private SimulatorCertificate() {
    }

    /** Returns the certificate in PEM form. */
    public static String pem() {
        try (InputStream in = resource(PEM_FILE_NAME)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the simulator certificate from the class path", e);
        }
    }

    /**
     * Writes the certificate to {@code directory/ctrader-simulator.pem}, replacing an older copy,
     * and returns the file, ready to pass as a client's trusted certificate.
     */
    public static Path writePem(Path directory) throws IOException {
        Files.createDirectories(directory);
        Path file = directory.resolve(PEM_FILE_NAME);
        Files.writeString(file, pem(), StandardCharsets.US_ASCII);
        return file;
    }

    /** Creates a server-side TLS context with the simulator's key. */
    static SSLContext serverContext() {
        try (InputStream in = resource(KEYSTORE_RESOURCE)) {
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(in, KEYSTORE_PASSWORD);
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keyStore, KEYSTORE_PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), null, null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the simulator key store " + KEYSTORE_RESOURCE, e);
        }
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = SimulatorCertificate.class.getResourceAsStream(name);
        if (in == null) {
            throw new IOException("resource " + name + " is missing next to " + SimulatorCertificate.class.getName());
        }
        return in;
    }
}
