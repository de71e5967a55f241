package io.accountmonitor.ctrader;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Counts the work of a source that is under way: queued or running session tasks, connection
 * attempts and requests waiting for a reply. Tests wait for the count to reach zero before they
 * advance virtual time, so that no reply is still travelling when timers fire. Thread-safe.
 */
final class Quiescence {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition idle = lock.newCondition();
    private int busy;

    void enter() {
        lock.lock();
        try {
            busy++;
        } finally {
            lock.unlock();
        }
    }

    void exit() {
        lock.lock();
        try {
            busy--;
            if (busy <= 0) {
                busy = 0;
                idle.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Waits until nothing is under way; returns whether that happened within {@code timeout}. */
    boolean awaitIdle(Duration timeout) throws InterruptedException {
        long remaining = timeout.toNanos();
        lock.lock();
        try {
            while (busy > 0) {
                if (remaining <= 0) {
                    return false;
                }
                remaining = idle.awaitNanos(remaining);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    int busy() {
        lock.lock();
        try {
            return busy;
        } finally {
            lock.unlock();
        }
    }
}
