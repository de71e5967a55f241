package io.accountmonitor.architecture.archfixture;

import java.util.Timer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** Classes that each break "only the scheduler creates threads, timers or pools" in one way. */
public final class ThreadFixtures {
    private ThreadFixtures() {
    }

    public static class SubclassesThread extends Thread {
    }

    public static class StartsThread {
        public void start(Runnable task) {
            new Thread(task).start();
        }
    }

    public static class CallsExecutors {
        public ExecutorService pool() {
            return Executors.newSingleThreadExecutor();
        }
    }

    public static class CreatesTimer {
        public Timer timer() {
            return new Timer();
        }
    }

    public static class BuildsThreadPool {
        public ExecutorService pool() {
            return new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
        }
    }

    public static class UsesCommonPool {
        public Executor pool() {
            return ForkJoinPool.commonPool();
        }
    }

    public static class RunsAsyncWithoutExecutor {
        public CompletableFuture<String> value() {
            return CompletableFuture.supplyAsync(() -> "value");
        }
    }

    public static class ChainsAsyncWithoutExecutor {
        public CompletableFuture<String> value(CompletableFuture<String> input) {
            return input.thenApplyAsync(String::trim);
        }
    }

    public static class UsesHiddenTimer {
        public CompletableFuture<String> value(CompletableFuture<String> input) {
            return input.orTimeout(1, TimeUnit.SECONDS);
        }
    }

    /** Allowed: an async step on an executor that the scheduler provides. */
    public static class RunsAsyncOnGivenExecutor {
        public CompletableFuture<String> value(CompletableFuture<String> input, Executor executor) {
            return input.thenApplyAsync(String::trim, executor);
        }
    }
}
