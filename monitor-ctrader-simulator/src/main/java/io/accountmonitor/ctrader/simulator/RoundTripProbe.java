package io.accountmonitor.ctrader.simulator;

import io.accountmonitor.ctrader.protocol.ProtoMessage;
import io.accountmonitor.ctrader.protocol.ProtoOAApplicationAuthReq;
import io.accountmonitor.ctrader.protocol.ProtoOAPayloadType;
import io.accountmonitor.ctrader.protocol.ProtoOAVersionReq;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.function.LongSupplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * The floor of every check's latency: one bare request round trip to a server that trusts the
 * simulator's certificate, over TLS on the loopback interface. It authorises the application once,
 * then times {@code ProtoOAVersionReq} one after another on the calling thread. For benchmarks.
 */
public final class RoundTripProbe {
    private static final int READ_TIMEOUT_MILLIS = 10_000;

    private RoundTripProbe() {
    }

    /**
     * Returns the round-trip times of {@code samples} version requests to {@code port} on
     * 127.0.0.1, in nanoseconds as {@code nanoTime} measures them.
     *
     * @throws IOException if the connection fails or the server rejects the application
     */
    public static long[] measure(int port, String clientId, String clientSecret, int samples, LongSupplier nanoTime)
            throws IOException {
        try (SSLSocket socket = (SSLSocket) trustSimulator().getSocketFactory().createSocket("127.0.0.1", port)) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            socket.setTcpNoDelay(true);
            socket.startHandshake();
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            OutputStream out = socket.getOutputStream();

            ProtoMessage auth = exchange(in, out, ProtoOAPayloadType.PROTO_OA_APPLICATION_AUTH_REQ,
                    ProtoOAApplicationAuthReq.newBuilder().setClientId(clientId).setClientSecret(clientSecret).build()
                            .toByteString(), "auth");
            if (auth.getPayloadType() != ProtoOAPayloadType.PROTO_OA_APPLICATION_AUTH_RES_VALUE) {
                throw new IOException("the server rejected the application; check the client id and secret");
            }
            long[] nanos = new long[samples];
            for (int i = 0; i < samples; i++) {
                long start = nanoTime.getAsLong();
                exchange(in, out, ProtoOAPayloadType.PROTO_OA_VERSION_REQ,
                        ProtoOAVersionReq.getDefaultInstance().toByteString(), "probe-" + i);
                nanos[i] = nanoTime.getAsLong() - start;
            }
            return nanos;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS for the probe", e);
        }
    }

    private static ProtoMessage exchange(DataInputStream in, OutputStream out, ProtoOAPayloadType type,
            com.google.protobuf.ByteString payload, String id) throws IOException {
        out.write(SimulatorFrames.encode(ProtoMessage.newBuilder()
                .setPayloadType(type.getNumber()).setPayload(payload).setClientMsgId(id).build()));
        out.flush();
        while (true) {
            ProtoMessage message = SimulatorFrames.read(in, 16 * 1024 * 1024);
            if (message == null) {
                throw new EOFException("the server closed the connection during the probe");
            }
            if (id.equals(message.getClientMsgId())) {
                return message;
            }
        }
    }

    private static SSLContext trustSimulator() throws GeneralSecurityException, IOException {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        trusted.setCertificateEntry("simulator", CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(SimulatorCertificate.pem().getBytes(StandardCharsets.US_ASCII))));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
