package io.accountmonitor.ctrader;

import com.google.protobuf.InvalidProtocolBufferException;
import io.accountmonitor.ctrader.protocol.ProtoErrorRes;
import io.accountmonitor.ctrader.protocol.ProtoMessage;
import io.accountmonitor.ctrader.protocol.ProtoOAErrorRes;
import io.accountmonitor.ctrader.protocol.ProtoOAPayloadType;
import io.accountmonitor.ctrader.protocol.ProtoPayloadType;
import java.time.Duration;
import java.time.Instant;

/**
 * An error reply, from either {@code ProtoOAErrorRes} (2142) or the common {@code ProtoErrorRes}
 * (50). Codes of both enums can arrive in either message, so the code is kept as the string sent.
 *
 * @param code the error code, such as {@code CH_ACCESS_TOKEN_INVALID}
 * @param description the server's description, possibly empty; may quote request values
 * @param accountId the account the error names, or 0 when absent (servers also send 0 itself)
 * @param maintenanceEnd end of announced maintenance, or {@code null}
 * @param retryAfter how long a blocked payload type stays blocked, or zero
 */
record CtraderError(String code, String description, long accountId, Instant maintenanceEnd, Duration retryAfter) {
    /**
     * Timestamps below this are seconds, above it milliseconds: 10^11 seconds is the year 5138 and
     * 10^11 milliseconds is 1973. The two error messages document different units for
     * {@code maintenanceEndTimestamp}, and which one servers really send is unconfirmed.
     */
    static final long SECONDS_MILLIS_BOUNDARY = 100_000_000_000L;

    static boolean isError(ProtoMessage message) {
        int type = message.getPayloadType();
        return type == ProtoOAPayloadType.PROTO_OA_ERROR_RES_VALUE || type == ProtoPayloadType.ERROR_RES_VALUE;
    }

    /**
     * Parses an error reply; call only when {@link #isError} is true.
     *
     * @throws InvalidProtocolBufferException if the payload is not a valid error message
     */
    static CtraderError parse(ProtoMessage message) throws InvalidProtocolBufferException {
        if (message.getPayloadType() == ProtoOAPayloadType.PROTO_OA_ERROR_RES_VALUE) {
            ProtoOAErrorRes error = ProtoOAErrorRes.parseFrom(message.getPayload());
            return new CtraderError(error.getErrorCode(), error.getDescription(),
                    error.hasCtidTraderAccountId() ? error.getCtidTraderAccountId() : 0,
                    error.hasMaintenanceEndTimestamp() ? epoch(error.getMaintenanceEndTimestamp()) : null,
                    error.hasRetryAfter() ? Duration.ofSeconds(Math.max(0, error.getRetryAfter())) : Duration.ZERO);
        }
        ProtoErrorRes error = ProtoErrorRes.parseFrom(message.getPayload());
        return new CtraderError(error.getErrorCode(), error.getDescription(), 0,
                error.hasMaintenanceEndTimestamp() ? epoch(error.getMaintenanceEndTimestamp()) : null, Duration.ZERO);
    }

    /** Reads an epoch timestamp whose unit may be seconds or milliseconds; see {@link #SECONDS_MILLIS_BOUNDARY}. */
    static Instant epoch(long value) {
        if (value <= 0) {
            return null;
        }
        return value < SECONDS_MILLIS_BOUNDARY ? Instant.ofEpochSecond(value) : Instant.ofEpochMilli(value);
    }
}
