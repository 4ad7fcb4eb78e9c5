package io.meetkit.spring;

import io.meetkit.maintenance.Maintenance;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;

/**
 * Runs MeetKit's {@link Maintenance} on its own daemon thread, once at start-up and then every interval, while the
 * application context runs. It uses no Spring scheduling, so it neither needs nor changes the application's
 * {@code @EnableScheduling}. Thread-safe.
 */
public final class MaintenanceScheduler implements SmartLifecycle {

    private final Maintenance maintenance;
    private final Duration interval;
    private @Nullable ScheduledExecutorService executor;
    private @Nullable ScheduledFuture<?> schedule;

    /**
     * Creates the scheduler; it starts with the application context.
     *
     * @param maintenance the jobs to run
     * @param interval the time between two runs
     * @throws IllegalArgumentException if the interval is not positive
     */
    public MaintenanceScheduler(Maintenance maintenance, Duration interval) {
        this.maintenance = Objects.requireNonNull(maintenance, "maintenance");
        Objects.requireNonNull(interval, "interval");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive: " + interval);
        }
        this.interval = interval;
    }

    /** Returns the time between two runs. */
    public Duration interval() {
        return interval;
    }

    /** Starts the schedule. */
    @Override
    public synchronized void start() {
        if (executor != null) {
            return;
        }
        ScheduledExecutorService ex = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "meetkit-maintenance");
            t.setDaemon(true);
            return t;
        });
        executor = ex;
        schedule = maintenance.schedule(ex, interval);
    }

    /** Stops the schedule and waits briefly for a running job. */
    @Override
    public synchronized void stop() {
        ScheduledExecutorService ex = executor;
        if (ex == null) {
            return;
        }
        if (schedule != null) {
            schedule.cancel(false);
        }
        ex.shutdown();
        try {
            if (!ex.awaitTermination(5, TimeUnit.SECONDS)) {
                ex.shutdownNow();
            }
        } catch (InterruptedException e) {
            ex.shutdownNow();
            Thread.currentThread().interrupt();
        }
        executor = null;
        schedule = null;
    }

    /** Returns whether the schedule runs. */
    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }

    @Override
    public String toString() {
        return "MaintenanceScheduler{interval=" + interval + ", running=" + isRunning() + "}";
    }
}
