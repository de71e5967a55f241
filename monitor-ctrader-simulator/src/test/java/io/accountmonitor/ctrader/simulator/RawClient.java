package io.accountmonitor.ctrader.simulator;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import io.accountmonitor.ctrader.protocol.ProtoMessage;
import io.accountmonitor.ctrader.protocol.ProtoOAApplicationAuthReq;
import io.accountmonitor.ctrader.protocol.ProtoOAAccountAuthReq;
import io.accountmonitor.ctrader.protocol.ProtoOAErrorRes;
import io.accountmonitor.ctrader.protocol.ProtoOAPayloadType;
import io.accountmonitor.ctrader.protocol.ProtoPayloadType;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * A minimal blocking Open API client for simulator tests: it trusts only the simulator's
 * certificate, verifies the host name, and waits for each frame with a bounded socket timeout.
 */
final class RawClient implements AutoCloseable {
    private static final int READ_TIMEOUT_MILLIS = 10_000;

    private final SSLSocket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final List<ProtoMessage> events = new ArrayList<>();
    private int sequence;

    RawClient(CtraderSimulator simulator) throws IOException, GeneralSecurityException {
        this(simulatorTrust(), simulator.port());
    }

    RawClient(SSLContext tls, int port) throws IOException {
        socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", port);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(parameters);
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        socket.setTcpNoDelay(true);
        socket.startHandshake();
        in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
        out = socket.getOutputStream();
    }

    /** Sets how long {@link #receive} waits for a frame. */
    void readTimeout(Duration timeout) throws SocketException {
        socket.setSoTimeout((int) timeout.toMillis());
    }

    static SSLContext simulatorTrust() throws GeneralSecurityException, IOException {
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

    /** Sends a request and returns its clientMsgId. */
    String send(ProtoOAPayloadType type, MessageLite payload) throws IOException {
        String id = "t-" + (++sequence);
        out.write(SimulatorFrames.encode(ProtoMessage.newBuilder()
                .setPayloadType(type.getNumber())
                .setPayload(payload.toByteString())
                .setClientMsgId(id)
                .build()));
        out.flush();
        return id;
    }

    void sendHeartbeat() throws IOException {
        out.write(SimulatorFrames.encode(ProtoMessage.newBuilder()
                .setPayloadType(ProtoPayloadType.HEARTBEAT_EVENT_VALUE).build()));
        out.flush();
    }

    /** Sends a request and returns the reply with its clientMsgId, keeping events that arrive before it. */
    ProtoMessage request(ProtoOAPayloadType type, MessageLite payload) throws IOException {
        String id = send(type, payload);
        while (true) {
            ProtoMessage message = receive();
            if (id.equals(message.getClientMsgId())) {
                return message;
            }
            events.add(message);
        }
    }

    /** Returns the next frame, waiting at most 10 s; fails with {@link SocketTimeoutException} after that. */
    ProtoMessage receive() throws IOException {
        ProtoMessage message = SimulatorFrames.read(in, 16 * 1024 * 1024);
        if (message == null) {
            throw new EOFException("the simulator closed the connection");
        }
        return message;
    }

    /** Returns the next event, from those kept by {@link #request} or else from the socket. */
    ProtoMessage nextEvent() throws IOException {
        return events.isEmpty() ? receive() : events.remove(0);
    }

    /** Returns whether the server closed the connection, waiting at most 10 s for the end of stream. */
    boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    void authorise(String clientId, String clientSecret) throws IOException {
        ProtoMessage reply = request(ProtoOAPayloadType.PROTO_OA_APPLICATION_AUTH_REQ,
                ProtoOAApplicationAuthReq.newBuilder().setClientId(clientId).setClientSecret(clientSecret).build());
        if (reply.getPayloadType() != ProtoOAPayloadType.PROTO_OA_APPLICATION_AUTH_RES_VALUE) {
            throw new IOException("application auth failed: " + errorCode(reply));
        }
    }

    ProtoMessage authoriseAccount(long accountId, String accessToken) throws IOException {
        return request(ProtoOAPayloadType.PROTO_OA_ACCOUNT_AUTH_REQ,
                ProtoOAAccountAuthReq.newBuilder().setCtidTraderAccountId(accountId).setAccessToken(accessToken).build());
    }

    static String errorCode(ProtoMessage message) throws InvalidProtocolBufferException {
        if (message.getPayloadType() != ProtoOAPayloadType.PROTO_OA_ERROR_RES_VALUE) {
            return "";
        }
        return ProtoOAErrorRes.parseFrom(message.getPayload()).getErrorCode();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
