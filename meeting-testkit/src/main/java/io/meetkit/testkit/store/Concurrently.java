package io.meetkit.testkit.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;
import org.jspecify.annotations.Nullable;

/** Runs tasks on their own threads, released together, and collects what each returned or threw. */
final class Concurrently {

    /** What one task did: exactly one of the two is set. */
    record Outcome<T>(@Nullable T value, @Nullable Throwable failure) {
        boolean succeeded() {
            return failure == null;
        }
    }

    private Concurrently() {}

    /**
     * Starts {@code threads} tasks made by {@code task} at the same moment and waits (at most a minute) for all.
     *
     * @return one outcome per task, in task order
     */
    static <T> List<Outcome<T>> run(int threads, IntFunction<Callable<T>> task) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch ready = new CountDownLatch(threads);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>(threads);
            for (int i = 0; i < threads; i++) {
                Callable<T> c = task.apply(i);
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return c.call();
                }));
            }
            if (!ready.await(1, TimeUnit.MINUTES)) {
                throw new AssertionError("threads did not start");
            }
            go.countDown();
            List<Outcome<T>> outcomes = new ArrayList<>(threads);
            for (Future<T> f : futures) {
                try {
                    outcomes.add(new Outcome<>(f.get(1, TimeUnit.MINUTES), null));
                } catch (ExecutionException e) {
                    outcomes.add(new Outcome<>(null, e.getCause()));
                } catch (TimeoutException e) {
                    throw new AssertionError("a task did not finish within a minute", e);
                }
            }
            return outcomes;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } finally {
            pool.shutdownNow();
        }
    }
}
