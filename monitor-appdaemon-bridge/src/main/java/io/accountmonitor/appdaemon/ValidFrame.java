package io.accountmonitor.appdaemon;

/**
 * A request that passed {@link FrameValidator}, as the text to send. Only the validator creates
 * instances, so a method that takes a {@code ValidFrame} cannot send an unchecked frame.
 *
 * @param requestType the {@code request_type}, for log lines
 * @param requestId the {@code request_id} that the reply carries as {@code response_id}
 * @param text the JSON text of the frame
 */
record ValidFrame(String requestType, String requestId, String text) {
}
