package io.accountmonitor.ctrader;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in submission order, on the threads of another executor: the session
 * of a source keeps all its state in tasks of one {@code SerialExecutor}, so it needs no locks.
 * A task submitted from inside a task runs after it, never nested. A task that throws is logged
 * and does not stop later tasks.
 */
final class SerialExecutor implements Executor {
    private static final Logger LOG = LoggerFactory.getLogger(SerialExecutor.class);

    private final Executor threads;
    private final Quiescence quiescence;
    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
    private boolean draining;

    SerialExecutor(Executor threads, Quiescence quiescence) {
        this.threads = threads;
        this.quiescence = quiescence;
    }

    @Override
    public void execute(Runnable task) {
        quiescence.enter();
        boolean start;
        synchronized (queue) {
            queue.add(task);
            start = !draining;
            draining = true;
        }
        if (start) {
            try {
                threads.execute(this::drain);
            } catch (RejectedExecutionException e) {
                int dropped;
                synchronized (queue) {
                    dropped = queue.size();
                    queue.clear();
                    draining = false;
                }
                for (int i = 0; i < dropped; i++) {
                    quiescence.exit();
                }
                LOG.debug("Dropped {} session task(s): the worker pool no longer accepts tasks", dropped);
            }
        }
    }

    private void drain() {
        while (true) {
            Runnable next;
            synchronized (queue) {
                next = queue.poll();
                if (next == null) {
                    draining = false;
                    return;
                }
            }
            try {
                next.run();
            } catch (RuntimeException | Error e) {
                LOG.error("cTrader session task failed; the session continues", e);
            } finally {
                quiescence.exit();
            }
        }
    }
}
