package io.accountmonitor.ctrader.simulator;

import java.util.Objects;

/**
 * An error the simulator sends instead of the normal reply, injected with
 * {@link CtraderSimulator#failNext(ErrorReply)}. Start from {@link #of(String)} and refine it with
 * the {@code with}-style methods; each returns a copy.
 *
 * @param errorCode the error code string, such as {@code REQUEST_FREQUENCY_EXCEEDED}
 * @param description the description, or {@code null} to omit it
 * @param payloadType the payload type of the requests that get this error, or {@code null} for any request
 * @param commonMessage whether to send a {@code ProtoErrorRes} (payload type 50) instead of a
 *     {@code ProtoOAErrorRes} (2142)
 * @param accountId the {@code ctidTraderAccountId} to put in the 2142, {@code null} to copy the
 *     request's, or 0 as real servers sometimes send
 * @param maintenanceEndTimestamp the raw {@code maintenanceEndTimestamp}, or {@code null}; the
 *     published comments give seconds for 2142 and milliseconds for 50
 * @param retryAfterSeconds the {@code retryAfter} of a 2142, or {@code null}
 * @param closeAfter whether to close the connection once the error is written
 * @param count how many matching requests receive this error
 * @param processRequest whether the simulator still carries out the request and only replaces its
 *     reply, as a server does when it replies {@code ALREADY_LOGGED_IN}
 */
public record ErrorReply(
        String errorCode,
        String description,
        Integer payloadType,
        boolean commonMessage,
        Long accountId,
        Long maintenanceEndTimestamp,
        Long retryAfterSeconds,
        boolean closeAfter,
        int count,
        boolean processRequest) {

    public ErrorReply {
        Objects.requireNonNull(errorCode, "errorCode");
        if (count < 1) {
            throw new IllegalArgumentException("count " + count + " must be at least 1");
        }
    }

    /** Returns an error with this code for the next request of any type. */
    public static ErrorReply of(String errorCode) {
        return new ErrorReply(errorCode, null, null, false, null, null, null, false, 1, false);
    }

    public ErrorReply description(String value) {
        return new ErrorReply(errorCode, value, payloadType, commonMessage, accountId, maintenanceEndTimestamp,
                retryAfterSeconds, closeAfter, count, processRequest);
    }

    /** Restricts the error to requests of this payload type, for example 2121 for trader requests. */
    public ErrorReply forPayloadType(int value) {
        return new ErrorReply(errorCode, description, value, commonMessage, accountId, maintenanceEndTimestamp,
                retryAfterSeconds, closeAfter, count, processRequest);
    }

    /** Sends the error as a common {@code ProtoErrorRes} (payload type 50). */
    public ErrorReply asCommonError() {
        return new ErrorReply(errorCode, description, payloadType, true, accountId, maintenanceEndTimestamp,
                retryAfterSeconds, closeAfter, count, processRequest);
    }

    public ErrorReply accountId(long value) {
        return new ErrorReply(errorCode, description, payloadType, commonMessage, value, maintenanceEndTimestamp,
                retryAfterSeconds, closeAfter, count, processRequest);
    }

    /** Sets the raw maintenance end, in the unit of the chosen message type. */
    public ErrorReply maintenanceEndTimestamp(long value) {
        return new ErrorReply(errorCode, description, payloadType, commonMessage, accountId, value,
                retryAfterSeconds, closeAfter, count, processRequest);
    }

    public ErrorReply retryAfterSeconds(long value) {
        return new ErrorReply(errorCode, description, payloadType, commonMessage, accountId, maintenanceEndTimestamp,
                value, closeAfter, count, processRequest);
    }

    /** Closes the connection after the error, as the server does after {@code CH_CLIENT_AUTH_FAILURE}. */
    public ErrorReply thenClose() {
        return new ErrorReply(errorCode, description, payloadType, commonMessage, accountId, maintenanceEndTimestamp,
                retryAfterSeconds, true, count, processRequest);
    }

    /** Sends the error in reply to this many matching requests. */
    public ErrorReply times(int value) {
        return new ErrorReply(errorCode, description, payloadType, commonMessage, accountId, maintenanceEndTimestamp,
                retryAfterSeconds, closeAfter, value, processRequest);
    }

    /** Carries out the request as usual and sends this error in place of its reply. */
    public ErrorReply afterProcessing() {
        return new ErrorReply(errorCode, description, payloadType, commonMessage, accountId, maintenanceEndTimestamp,
                retryAfterSeconds, closeAfter, count, true);
    }

    boolean matches(int requestPayloadType) {
        return payloadType == null || payloadType == requestPayloadType;
    }
}
