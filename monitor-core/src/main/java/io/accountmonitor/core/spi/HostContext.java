package io.accountmonitor.core.spi;

import java.time.Clock;
import java.util.concurrent.Executor;

/**
 * Services the host lends to one plugin instance. Plugins take every thread, timer, clock and random
 * value from here, so tests can substitute virtual time and the process keeps a fixed thread count.
 * All services stay valid until the plugin instance is closed.
 */
public interface HostContext {
    /** Returns the name of the plugin instance, as configured, for log lines and metric tags. */
    String instanceName();

    /** Returns the wall clock for timestamps such as deal windows; virtual in tests. */
    Clock clock();

    /** Returns the one-shot timers; tasks must be short and must not block. */
    TimerService timer();

    /**
     * Returns the bounded worker pool shared by the whole process, for short tasks that may
     * block briefly (a socket write, a store write). Never park a worker waiting for a reply.
     */
    Executor workers();

    /** Returns the source of dedicated, budgeted threads for blocking I/O. */
    IoThreads ioThreads();

    /** Returns the durable store of this plugin instance. */
    KeyValueStore store();

    /** Returns the metrics this instance reports to; the host tags each metric with the instance name. */
    Metrics metrics();

    /** Returns the random source for jitter and phases. */
    RandomSource random();
}
