package io.accountmonitor.ctrader;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.MessageLite;
import io.accountmonitor.ctrader.protocol.ProtoOAPayloadType;
import io.accountmonitor.ctrader.protocol.ProtoOAVersionReq;
import io.accountmonitor.scheduler.virtual.VirtualTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestPacerTest {
    private static final MessageLite PAYLOAD = ProtoOAVersionReq.getDefaultInstance();

    private final VirtualTime time = new VirtualTime();
    private final List<OutgoingRequest> sent = new ArrayList<>();
    private final RequestPacer pacer = new RequestPacer(8, 2, time, Runnable::run, sent::add);

    @Test
    void burstThenTimerPaced() {
        for (int i = 0; i < 5; i++) {
            pacer.submit(request(ProtoOAPayloadType.PROTO_OA_TRADER_REQ, OutgoingRequest.Lane.DATA));
        }

        assertThat(sent).hasSize(2);
        assertThat(pacer.queued()).isEqualTo(3);
        assertThat(time.pendingTasks()).isEqualTo(1);

        time.advance(Duration.ofSeconds(1));

        assertThat(sent).hasSize(5);
        assertThat(pacer.queued()).isZero();
    }

    @Test
    void historicalRequestsUseTheirOwnBucket() {
        pacer.submit(request(ProtoOAPayloadType.PROTO_OA_DEAL_LIST_REQ, OutgoingRequest.Lane.DATA));
        pacer.submit(request(ProtoOAPayloadType.PROTO_OA_DEAL_LIST_REQ, OutgoingRequest.Lane.DATA));
        pacer.submit(request(ProtoOAPayloadType.PROTO_OA_TRADER_REQ, OutgoingRequest.Lane.DATA));

        assertThat(sent).extracting(request -> request.type)
                .containsExactly(ProtoOAPayloadType.PROTO_OA_DEAL_LIST_REQ, ProtoOAPayloadType.PROTO_OA_TRADER_REQ);
    }

    @Test
    void controlRequestsOvertakeQueuedData() {
        for (int i = 0; i < 4; i++) {
            pacer.submit(request(ProtoOAPayloadType.PROTO_OA_TRADER_REQ, OutgoingRequest.Lane.DATA));
        }
        OutgoingRequest auth = request(ProtoOAPayloadType.PROTO_OA_ACCOUNT_AUTH_REQ, OutgoingRequest.Lane.CONTROL);
        pacer.submit(auth);
        sent.clear();

        time.advance(Duration.ofMillis(170));

        assertThat(sent).first().isSameAs(auth);
    }

    @Test
    void abandonedRequestIsNotSent() {
        pacer.submit(request(ProtoOAPayloadType.PROTO_OA_TRADER_REQ, OutgoingRequest.Lane.DATA));
        pacer.submit(request(ProtoOAPayloadType.PROTO_OA_TRADER_REQ, OutgoingRequest.Lane.DATA));
        OutgoingRequest abandoned = request(ProtoOAPayloadType.PROTO_OA_TRADER_REQ, OutgoingRequest.Lane.DATA);
        pacer.submit(abandoned);
        abandoned.reply.cancel(false);

        time.advance(Duration.ofSeconds(2));

        assertThat(sent).hasSize(2).doesNotContain(abandoned);
    }

    @Test
    void pauseHoldsBucketAfterServerRejection() {
        OutgoingRequest first = request(ProtoOAPayloadType.PROTO_OA_TRADER_REQ, OutgoingRequest.Lane.DATA);
        pacer.submit(first);
        pacer.pause(first, Duration.ofSeconds(1));
        pacer.submit(request(ProtoOAPayloadType.PROTO_OA_TRADER_REQ, OutgoingRequest.Lane.DATA));

        time.advance(Duration.ofMillis(999));
        assertThat(sent).hasSize(1);

        time.advance(Duration.ofMillis(1));
        assertThat(sent).hasSize(2);
    }

    @Test
    void blockedPayloadTypeReportsRemainingTime() {
        pacer.block(ProtoOAPayloadType.PROTO_OA_DEAL_LIST_REQ_VALUE, Duration.ofSeconds(30));
        time.advance(Duration.ofSeconds(10));

        assertThat(pacer.blockedForNanos(ProtoOAPayloadType.PROTO_OA_DEAL_LIST_REQ_VALUE))
                .isEqualTo(Duration.ofSeconds(20).toNanos());
        assertThat(pacer.blockedForNanos(ProtoOAPayloadType.PROTO_OA_TRADER_REQ_VALUE)).isZero();

        time.advance(Duration.ofSeconds(20));
        assertThat(pacer.blockedForNanos(ProtoOAPayloadType.PROTO_OA_DEAL_LIST_REQ_VALUE)).isZero();
    }

    @Test
    void closeReturnsQueuedRequestsAndCancelsTimer() {
        for (int i = 0; i < 5; i++) {
            pacer.submit(request(ProtoOAPayloadType.PROTO_OA_TRADER_REQ, OutgoingRequest.Lane.DATA));
        }

        assertThat(pacer.close()).hasSize(3);
        assertThat(time.pendingTasks()).isZero();
    }

    private static OutgoingRequest request(ProtoOAPayloadType type, OutgoingRequest.Lane lane) {
        return new OutgoingRequest(1, type, PAYLOAD, lane, 1001);
    }
}
