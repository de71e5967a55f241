package io.accountmonitor.ctrader;

import static org.assertj.core.api.Assertions.assertThat;

import io.accountmonitor.ctrader.protocol.ProtoErrorRes;
import io.accountmonitor.ctrader.protocol.ProtoMessage;
import io.accountmonitor.ctrader.protocol.ProtoOAErrorRes;
import io.accountmonitor.ctrader.protocol.ProtoOAPayloadType;
import io.accountmonitor.ctrader.protocol.ProtoPayloadType;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CtraderErrorTest {
    private static final Instant END = Instant.parse("2026-01-10T06:00:00Z");

    @Test
    void openApiErrorCarriesMaintenanceEndInSeconds() throws Exception {
        ProtoMessage message = ProtoMessage.newBuilder()
                .setPayloadType(ProtoOAPayloadType.PROTO_OA_ERROR_RES_VALUE)
                .setPayload(ProtoOAErrorRes.newBuilder()
                        .setErrorCode("SERVER_IS_UNDER_MAINTENANCE")
                        .setMaintenanceEndTimestamp(END.getEpochSecond())
                        .build().toByteString())
                .build();

        CtraderError error = CtraderError.parse(message);

        assertThat(error.code()).isEqualTo("SERVER_IS_UNDER_MAINTENANCE");
        assertThat(error.maintenanceEnd()).isEqualTo(END);
        assertThat(error.accountId()).isZero();
    }

    @Test
    void commonErrorCarriesMaintenanceEndInMilliseconds() throws Exception {
        ProtoMessage message = ProtoMessage.newBuilder()
                .setPayloadType(ProtoPayloadType.ERROR_RES_VALUE)
                .setPayload(ProtoErrorRes.newBuilder()
                        .setErrorCode("SERVER_IS_UNDER_MAINTENANCE")
                        .setMaintenanceEndTimestamp(END.toEpochMilli())
                        .build().toByteString())
                .build();

        assertThat(CtraderError.parse(message).maintenanceEnd()).isEqualTo(END);
    }

    @Test
    void eitherUnitIsReadWhicheverMessageCarriesIt() {
        assertThat(CtraderError.epoch(END.getEpochSecond())).isEqualTo(END);
        assertThat(CtraderError.epoch(END.toEpochMilli())).isEqualTo(END);
        assertThat(CtraderError.epoch(0)).isNull();
    }

    @Test
    void retryAfterIsInSeconds() throws Exception {
        ProtoMessage message = ProtoMessage.newBuilder()
                .setPayloadType(ProtoOAPayloadType.PROTO_OA_ERROR_RES_VALUE)
                .setPayload(ProtoOAErrorRes.newBuilder()
                        .setErrorCode("BLOCKED_PAYLOAD_TYPE")
                        .setRetryAfter(30)
                        .setCtidTraderAccountId(1001)
                        .build().toByteString())
                .build();

        CtraderError error = CtraderError.parse(message);

        assertThat(error.retryAfter()).isEqualTo(Duration.ofSeconds(30));
        assertThat(error.accountId()).isEqualTo(1001);
    }
}
