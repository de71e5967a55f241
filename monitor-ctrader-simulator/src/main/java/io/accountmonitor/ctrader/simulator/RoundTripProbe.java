package io.accountmonitor.ctrader.simulator;

import com.google.protobuf.ByteString;
import io.accountmonitor.ctrader.protocol.ProtoMessage;
import io.accountmonitor.ctrader.protocol.ProtoOAAccountAuthReq;
import io.accountmonitor.ctrader.protocol.ProtoOAApplicationAuthReq;
import io.accountmonitor.ctrader.protocol.ProtoOAGetPositionUnrealizedPnLReq;
import io.accountmonitor.ctrader.protocol.ProtoOAPayloadType;
import io.accountmonitor.ctrader.protocol.ProtoOAReconcileReq;
import io.accountmonitor.ctrader.protocol.ProtoOATraderReq;
import io.accountmonitor.ctrader.protocol.ProtoOAVersionReq;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * The floor of every check's latency, measured on the calling thread over TLS on the loopback
 * interface with a client that trusts the simulator's certificate: one bare request round trip
 * ({@code ProtoOAVersionReq}), and the three requests of a check sent together. For benchmarks.
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
        try (Probe probe = Probe.open(port, clientId, clientSecret)) {
            long[] nanos = new long[samples];
            for (int i = 0; i < samples; i++) {
                long start = nanoTime.getAsLong();
                probe.exchange(List.of(new Request(ProtoOAPayloadType.PROTO_OA_VERSION_REQ,
                        ProtoOAVersionReq.getDefaultInstance().toByteString(), "probe-" + i)));
                nanos[i] = nanoTime.getAsLong() - start;
            }
            return nanos;
        }
    }

    /**
     * Returns the times of {@code samples} bare checks of {@code account}: the three requests of a
     * check of an unchanged account (trader, reconcile, unrealized P&amp;L) written together in one
     * flush, timed until the last of the three replies is read, all on the calling thread. It is the
     * floor of a check with none of the adapter's thread hand-offs.
     *
     * @throws IOException if the connection fails or the server rejects the application or token
     */
    public static long[] measureCheckRequests(int port, String clientId, String clientSecret, String accessToken,
            long account, int samples, LongSupplier nanoTime) throws IOException {
        try (Probe probe = Probe.open(port, clientId, clientSecret)) {
            ProtoMessage auth = probe.exchange(List.of(new Request(ProtoOAPayloadType.PROTO_OA_ACCOUNT_AUTH_REQ,
                    ProtoOAAccountAuthReq.newBuilder().setCtidTraderAccountId(account).setAccessToken(accessToken)
                            .build().toByteString(), "account-auth")));
            if (auth.getPayloadType() != ProtoOAPayloadType.PROTO_OA_ACCOUNT_AUTH_RES_VALUE) {
                throw new IOException("the server did not authorise account " + account
                        + "; check the access token and the account id");
            }
            long[] nanos = new long[samples];
            for (int i = 0; i < samples; i++) {
                List<Request> check = List.of(
                        new Request(ProtoOAPayloadType.PROTO_OA_TRADER_REQ, ProtoOATraderReq.newBuilder()
                                .setCtidTraderAccountId(account).build().toByteString(), "trader-" + i),
                        new Request(ProtoOAPayloadType.PROTO_OA_RECONCILE_REQ, ProtoOAReconcileReq.newBuilder()
                                .setCtidTraderAccountId(account).setReturnProtectionOrders(false).build()
                                .toByteString(), "reconcile-" + i),
                        new Request(ProtoOAPayloadType.PROTO_OA_GET_POSITION_UNREALIZED_PNL_REQ,
                                ProtoOAGetPositionUnrealizedPnLReq.newBuilder().setCtidTraderAccountId(account)
                                        .build().toByteString(), "pnl-" + i));
                long start = nanoTime.getAsLong();
                probe.exchange(check);
                nanos[i] = nanoTime.getAsLong() - start;
            }
            return nanos;
        }
    }

    private record Request(ProtoOAPayloadType type, ByteString payload, String id) {
    }

    /** One authorised TLS connection, read and written on the calling thread. */
    private static final class Probe implements AutoCloseable {
        private final SSLSocket socket;
        private final DataInputStream in;
        private final OutputStream out;

        private Probe(SSLSocket socket) throws IOException {
            this.socket = socket;
            this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            this.out = new BufferedOutputStream(socket.getOutputStream());
        }

        static Probe open(int port, String clientId, String clientSecret) throws IOException {
            SSLSocket socket;
            try {
                socket = (SSLSocket) trustSimulator().getSocketFactory().createSocket("127.0.0.1", port);
            } catch (GeneralSecurityException e) {
                throw new IOException("cannot set up TLS for the probe", e);
            }
            try {
                SSLParameters parameters = socket.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                socket.setSSLParameters(parameters);
                socket.setSoTimeout(READ_TIMEOUT_MILLIS);
                socket.setTcpNoDelay(true);
                socket.startHandshake();
                Probe probe = new Probe(socket);
                ProtoMessage auth = probe.exchange(List.of(new Request(
                        ProtoOAPayloadType.PROTO_OA_APPLICATION_AUTH_REQ, ProtoOAApplicationAuthReq.newBuilder()
                                .setClientId(clientId).setClientSecret(clientSecret).build().toByteString(), "auth")));
                if (auth.getPayloadType() != ProtoOAPayloadType.PROTO_OA_APPLICATION_AUTH_RES_VALUE) {
                    throw new IOException("the server rejected the application; check the client id and secret");
                }
                return probe;
            } catch (IOException | RuntimeException e) {
                socket.close();
                throw e;
            }
        }

        /** Writes {@code requests} with one flush and returns the reply to the last one, after all replies. */
        ProtoMessage exchange(List<Request> requests) throws IOException {
            Set<String> awaited = new HashSet<>();
            for (Request request : requests) {
                out.write(SimulatorFrames.encode(ProtoMessage.newBuilder().setPayloadType(request.type().getNumber())
                        .setPayload(request.payload()).setClientMsgId(request.id()).build()));
                awaited.add(request.id());
            }
            out.flush();
            String lastId = requests.get(requests.size() - 1).id();
            ProtoMessage last = null;
            while (!awaited.isEmpty()) {
                ProtoMessage message = SimulatorFrames.read(in, 16 * 1024 * 1024);
                if (message == null) {
                    throw new EOFException("the server closed the connection during the probe");
                }
                if (awaited.remove(message.getClientMsgId()) && lastId.equals(message.getClientMsgId())) {
                    last = message;
                }
            }
            return last;
        }

        @Override
        public void close() throws IOException {
            socket.close();
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
