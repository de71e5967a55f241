package io.accountmonitor.ctrader;

import io.accountmonitor.core.spi.TimerService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * Requests sent on the current connection and waiting for their reply, by {@code clientMsgId},
 * each with its own timeout. Not thread-safe: the session confines it; timeouts fire on the timer
 * thread and are handed to the session executor.
 */
final class PendingRequests {
    private final TimerService timer;
    private final Executor session;
    private final Quiescence quiescence;
    private final Duration timeout;
    private final Consumer<OutgoingRequest> onTimeout;
    private final Map<String, OutgoingRequest> byClientMsgId = new HashMap<>();
    private volatile int size;

    PendingRequests(TimerService timer, Executor session, Quiescence quiescence, Duration timeout,
            Consumer<OutgoingRequest> onTimeout) {
        this.timer = timer;
        this.session = session;
        this.quiescence = quiescence;
        this.timeout = timeout;
        this.onTimeout = onTimeout;
    }

    /** Registers a request whose {@code clientMsgId} is set, and starts its timeout. */
    void add(OutgoingRequest request) {
        String id = request.clientMsgId;
        byClientMsgId.put(id, request);
        size = byClientMsgId.size();
        quiescence.enter();
        try {
            request.timeout = timer.schedule(timeout, () -> session.execute(() -> {
                OutgoingRequest expired = take(id);
                if (expired != null) {
                    onTimeout.accept(expired);
                }
            }));
        } catch (RejectedExecutionException e) {
            request.timeout = null;
        }
    }

    /** Removes and returns the request with this id, or {@code null} when none waits for it. */
    OutgoingRequest take(String clientMsgId) {
        OutgoingRequest request = byClientMsgId.remove(clientMsgId);
        if (request != null) {
            size = byClientMsgId.size();
            if (request.timeout != null) {
                request.timeout.cancel();
            }
            quiescence.exit();
        }
        return request;
    }

    /** Removes and returns every waiting request, for example when the connection is lost. */
    List<OutgoingRequest> takeAll() {
        List<OutgoingRequest> all = new ArrayList<>(byClientMsgId.values());
        for (OutgoingRequest request : all) {
            take(request.clientMsgId);
        }
        return all;
    }

    /** Returns the number of waiting requests; readable from any thread. */
    int size() {
        return size;
    }
}
