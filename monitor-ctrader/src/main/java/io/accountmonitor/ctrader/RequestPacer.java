package io.accountmonitor.ctrader;

import io.accountmonitor.core.spi.Cancellable;
import io.accountmonitor.core.spi.TimerService;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one connection's requests within its rate limits by queueing them: one bucket for
 * historical requests and one for the rest, each with a control lane served before the data
 * lane. When a bucket is empty, its single timer fires when the next grant is due and hands the
 * draining to the session executor, so no thread waits.
 *
 * <p>Requests whose reply future is already done (the caller gave up) are dropped without being
 * sent, so an abandoned check does not spend the budget. Not thread-safe: the session confines it.
 */
final class RequestPacer {
    private static final Logger LOG = LoggerFactory.getLogger(RequestPacer.class);

    private final TimerService timer;
    private final Executor session;
    private final Consumer<OutgoingRequest> transmitter;
    private final Lane normal;
    private final Lane historical;
    private final Map<Integer, Long> blockedUntilNanos = new HashMap<>();
    private boolean closed;

    /** The queues and timer of one bucket. */
    private final class Lane {
        final String name;
        final RateBucket bucket;
        final ArrayDeque<OutgoingRequest> control = new ArrayDeque<>();
        final ArrayDeque<OutgoingRequest> data = new ArrayDeque<>();
        Cancellable wakeUp;
        long wakeUpAtNanos;
        long generation;

        Lane(String name, RateBucket bucket) {
            this.name = name;
            this.bucket = bucket;
        }

        int size() {
            return control.size() + data.size();
        }
    }

    RequestPacer(int requestsPerSecond, int historicalRequestsPerSecond, TimerService timer, Executor session,
            Consumer<OutgoingRequest> transmitter) {
        this.timer = timer;
        this.session = session;
        this.transmitter = transmitter;
        long now = timer.nanoTime();
        this.normal = new Lane("normal", new RateBucket(requestsPerSecond, now));
        this.historical = new Lane("historical", new RateBucket(historicalRequestsPerSecond, now));
    }

    /** Queues {@code request} and sends what the limits allow now. */
    void submit(OutgoingRequest request) {
        if (closed) {
            throw new IllegalStateException("request pacer of a closed connection");
        }
        Lane lane = laneOf(request);
        (request.lane == OutgoingRequest.Lane.CONTROL ? lane.control : lane.data).add(request);
        drain(lane);
    }

    /** Returns when requests of {@code payloadType} are accepted again, or 0 when they are not blocked. */
    long blockedForNanos(int payloadType) {
        Long until = blockedUntilNanos.get(payloadType);
        if (until == null) {
            return 0;
        }
        long remaining = until - timer.nanoTime();
        if (remaining <= 0) {
            blockedUntilNanos.remove(payloadType);
            return 0;
        }
        return remaining;
    }

    /** Sends nothing from the bucket of {@code request} for {@code pause}, after the server reported it exceeded. */
    void pause(OutgoingRequest request, Duration pause) {
        Lane lane = laneOf(request);
        lane.bucket.pauseUntil(timer.nanoTime() + pause.toNanos());
        LOG.debug("Paused the {} request bucket for {}", lane.name, pause);
        drain(lane);
    }

    /** Rejects requests of {@code payloadType} for {@code duration}, after a BLOCKED_PAYLOAD_TYPE error. */
    void block(int payloadType, Duration duration) {
        blockedUntilNanos.put(payloadType, timer.nanoTime() + duration.toNanos());
    }

    int queued() {
        return normal.size() + historical.size();
    }

    /** Returns about how long a request queued now waits for its turn, in the slower of the two buckets. */
    long backlogNanos() {
        return Math.max(normal.size() * normal.bucket.emissionIntervalNanos(),
                historical.size() * historical.bucket.emissionIntervalNanos());
    }

    /** Stops sending and returns every queued request, so the caller can fail them. */
    List<OutgoingRequest> close() {
        closed = true;
        List<OutgoingRequest> queued = new ArrayList<>();
        for (Lane lane : List.of(normal, historical)) {
            queued.addAll(lane.control);
            queued.addAll(lane.data);
            lane.control.clear();
            lane.data.clear();
            lane.generation++;
            if (lane.wakeUp != null) {
                lane.wakeUp.cancel();
                lane.wakeUp = null;
            }
        }
        return queued;
    }

    private Lane laneOf(OutgoingRequest request) {
        return request.historical() ? historical : normal;
    }

    private void drain(Lane lane) {
        while (!closed && lane.size() > 0) {
            OutgoingRequest next = lane.control.isEmpty() ? lane.data.peek() : lane.control.peek();
            if (next.reply.isDone()) {
                (lane.control.isEmpty() ? lane.data : lane.control).poll();
                continue;
            }
            long now = timer.nanoTime();
            long delay = lane.bucket.delayNanos(now);
            if (delay > 0) {
                armWakeUp(lane, now + delay, delay);
                return;
            }
            (lane.control.isEmpty() ? lane.data : lane.control).poll();
            lane.bucket.consume(now);
            transmitter.accept(next);
        }
    }

    private void armWakeUp(Lane lane, long atNanos, long delayNanos) {
        if (lane.wakeUp != null && lane.wakeUpAtNanos <= atNanos) {
            return;
        }
        if (lane.wakeUp != null) {
            lane.wakeUp.cancel();
        }
        long generation = ++lane.generation;
        lane.wakeUpAtNanos = atNanos;
        try {
            lane.wakeUp = timer.schedule(Duration.ofNanos(delayNanos), () -> session.execute(() -> {
                if (lane.generation == generation) {
                    lane.wakeUp = null;
                    drain(lane);
                }
            }));
        } catch (RejectedExecutionException e) {
            LOG.debug("Request pacer stopped: the timer service is closed");
        }
    }
}
