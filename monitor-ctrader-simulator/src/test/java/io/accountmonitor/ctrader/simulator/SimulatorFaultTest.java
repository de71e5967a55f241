package io.accountmonitor.ctrader.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.accountmonitor.ctrader.protocol.ProtoErrorRes;
import io.accountmonitor.ctrader.protocol.ProtoMessage;
import io.accountmonitor.ctrader.protocol.ProtoOAErrorRes;
import io.accountmonitor.ctrader.protocol.ProtoOAPayloadType;
import io.accountmonitor.ctrader.protocol.ProtoOATraderReq;
import io.accountmonitor.ctrader.protocol.ProtoOAVersionReq;
import io.accountmonitor.ctrader.protocol.ProtoPayloadType;
import io.accountmonitor.scheduler.ThreadBudget;
import io.accountmonitor.scheduler.virtual.VirtualTime;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SimulatorFaultTest {
    private static final long ACCOUNT = 1001;

    private final VirtualTime time = new VirtualTime();
    private final ThreadBudget threads = new ThreadBudget(12);
    private CtraderSimulator simulator;

    @BeforeEach
    void startSimulator() throws Exception {
        simulator = CtraderSimulator.demoBuilder(threads, time).clock(time.clock()).maxConnections(2).build();
        simulator.start();
    }

    @AfterEach
    void stopSimulator() {
        simulator.close();
    }

    @Test
    void injectedErrorAnswersMatchingRequestsOnly() throws Exception {
        try (RawClient client = authorisedClient()) {
            simulator.failNext(ErrorReply.of("CANT_ROUTE_REQUEST").description("invalid route")
                    .forPayloadType(ProtoOAPayloadType.PROTO_OA_TRADER_REQ_VALUE).accountId(0).times(2));

            ProtoMessage version = version(client);
            ProtoMessage first = trader(client);
            ProtoMessage second = trader(client);
            ProtoMessage third = trader(client);

            assertThat(version.getPayloadType()).isEqualTo(ProtoOAPayloadType.PROTO_OA_VERSION_RES_VALUE);
            ProtoOAErrorRes error = ProtoOAErrorRes.parseFrom(first.getPayload());
            assertThat(error.getErrorCode()).isEqualTo("CANT_ROUTE_REQUEST");
            assertThat(error.getDescription()).isEqualTo("invalid route");
            assertThat(error.getCtidTraderAccountId()).isZero();
            assertThat(RawClient.errorCode(second)).isEqualTo("CANT_ROUTE_REQUEST");
            assertThat(RawClient.errorCode(third)).isEqualTo("ACCOUNT_NOT_AUTHORIZED");
        }
    }

    @Test
    void commonErrorCarriesMaintenanceEndInMilliseconds() throws Exception {
        Instant end = time.now().plus(Duration.ofHours(1));
        try (RawClient client = authorisedClient()) {
            simulator.failNext(ErrorReply.of("SERVER_IS_UNDER_MAINTENANCE").asCommonError()
                    .maintenanceEndTimestamp(end.toEpochMilli()));

            ProtoMessage reply = version(client);

            assertThat(reply.getPayloadType()).isEqualTo(ProtoPayloadType.ERROR_RES_VALUE);
            assertThat(ProtoErrorRes.parseFrom(reply.getPayload()).getMaintenanceEndTimestamp())
                    .isEqualTo(end.toEpochMilli());
        }
    }

    @Test
    void announcedMaintenanceAnswersEveryRequestUntilItsEnd() throws Exception {
        Instant end = time.now().plus(Duration.ofMinutes(10));
        simulator.announceMaintenance(end);
        try (RawClient client = new RawClient(simulator)) {
            ProtoOAErrorRes error = ProtoOAErrorRes.parseFrom(version(client).getPayload());

            time.advance(Duration.ofMinutes(10));

            assertThat(error.getErrorCode()).isEqualTo("SERVER_IS_UNDER_MAINTENANCE");
            assertThat(error.getMaintenanceEndTimestamp()).isEqualTo(end.getEpochSecond());
            assertThat(RawClient.errorCode(version(client))).isEqualTo("CH_CLIENT_NOT_AUTHENTICATED");
        }
    }

    @Test
    void droppedAndDelayedRepliesFollowVirtualTime() throws Exception {
        try (RawClient client = authorisedClient()) {
            client.readTimeout(Duration.ofMillis(300));
            simulator.dropReplies(ProtoOAPayloadType.PROTO_OA_VERSION_REQ_VALUE, 1);
            client.send(ProtoOAPayloadType.PROTO_OA_VERSION_REQ, ProtoOAVersionReq.getDefaultInstance());
            assertThatThrownBy(client::receive).isInstanceOf(SocketTimeoutException.class);

            simulator.delayReplies(Duration.ofSeconds(5));
            String id = client.send(ProtoOAPayloadType.PROTO_OA_VERSION_REQ, ProtoOAVersionReq.getDefaultInstance());
            assertThat(simulator.awaitRequestCount(3, Duration.ofSeconds(10))).isTrue();
            time.advance(Duration.ofSeconds(4));
            assertThatThrownBy(client::receive).isInstanceOf(SocketTimeoutException.class);
            time.advance(Duration.ofSeconds(1));

            client.readTimeout(Duration.ofSeconds(10));
            assertThat(client.receive().getClientMsgId()).isEqualTo(id);
        }
    }

    @Test
    void clientDisconnectEventPrecedesClose() throws Exception {
        try (RawClient client = authorisedClient()) {
            simulator.sendClientDisconnect("blocked by administrator");

            assertThat(client.receive().getPayloadType())
                    .isEqualTo(ProtoOAPayloadType.PROTO_OA_CLIENT_DISCONNECT_EVENT_VALUE);
            assertThatThrownBy(client::receive).isInstanceOf(EOFException.class);
        }
    }

    @Test
    void connectionsBeyondLimitAreClosed() throws Exception {
        try (RawClient first = authorisedClient(); RawClient second = authorisedClient()) {
            assertThat(simulator.awaitOpenConnections(2, Duration.ofSeconds(10))).isTrue();

            assertThatThrownBy(() -> new RawClient(simulator).close()).isInstanceOf(IOException.class);
            assertThat(version(first).getPayloadType()).isEqualTo(ProtoOAPayloadType.PROTO_OA_VERSION_RES_VALUE);
        }
    }

    private RawClient authorisedClient() throws Exception {
        RawClient client = new RawClient(simulator);
        client.authorise(CtraderSimulator.DEFAULT_CLIENT_ID, CtraderSimulator.DEFAULT_CLIENT_SECRET);
        return client;
    }

    private static ProtoMessage version(RawClient client) throws Exception {
        return client.request(ProtoOAPayloadType.PROTO_OA_VERSION_REQ, ProtoOAVersionReq.getDefaultInstance());
    }

    private static ProtoMessage trader(RawClient client) throws Exception {
        return client.request(ProtoOAPayloadType.PROTO_OA_TRADER_REQ,
                ProtoOATraderReq.newBuilder().setCtidTraderAccountId(ACCOUNT).build());
    }
}
