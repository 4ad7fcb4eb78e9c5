package io.meetkit.spring.actuate;

import io.meetkit.livekit.LiveKitGateway;
import io.meetkit.store.MeetKitStores;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * MeetKit's health check, free of Actuator types (Spring Boot 3.5 and 4.x keep {@code HealthIndicator} in different
 * packages; the starter adapts this check to whichever is present): LiveKit answers an API call within a short
 * timeout, and the stores answer a read. Thread-safe; {@link #close()} stops its worker thread.
 */
public final class MeetKitHealth implements AutoCloseable {

    /** The room name the LiveKit probe asks for; it never needs to exist. */
    static final String PROBE_ROOM = "meetkit-health-probe";

    private final @Nullable LiveKitGateway liveKit;
    private final MeetKitStores stores;
    private final Duration timeout;
    private final ExecutorService worker = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "meetkit-health");
        t.setDaemon(true);
        return t;
    });

    /**
     * Creates the check.
     *
     * @param liveKit the gateway to probe, or {@code null} to skip LiveKit (an application-built MeetKit)
     * @param stores the stores to probe
     * @param timeout how long each probe may take
     * @throws IllegalArgumentException if the timeout is not positive
     */
    public MeetKitHealth(@Nullable LiveKitGateway liveKit, MeetKitStores stores, Duration timeout) {
        this.liveKit = liveKit;
        this.stores = Objects.requireNonNull(stores, "stores");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        this.timeout = timeout;
    }

    /**
     * The outcome of a check.
     *
     * @param up whether LiveKit and the stores both answered
     * @param details what each probe found, for the health endpoint
     */
    public record Report(boolean up, Map<String, Object> details) {
        /** Copies the details. */
        public Report {
            details = Map.copyOf(details);
        }
    }

    /** Probes LiveKit and the stores; never throws. */
    public Report check() {
        Map<String, Object> details = new LinkedHashMap<>();
        boolean up = true;
        if (liveKit != null) {
            LiveKitGateway gw = liveKit;
            up &= probe("livekit", () -> gw.listRooms(List.of(PROBE_ROOM)), details);
        }
        up &= probe("store", () -> stores.meetings().findById(new UUID(0L, 0L)), details);
        details.put("storeType", stores.getClass().getSimpleName());
        return new Report(up, details);
    }

    private boolean probe(String name, Runnable call, Map<String, Object> details) {
        long start = System.nanoTime();
        Future<?> f = worker.submit(call);
        try {
            f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            details.put(name, "UP");
            details.put(name + "LatencyMs", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            return true;
        } catch (TimeoutException e) {
            f.cancel(true);
            details.put(name, "DOWN: no answer within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            details.put(name, "DOWN: " + cause.getClass().getSimpleName() + ": " + cause.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            details.put(name, "DOWN: interrupted");
        }
        return false;
    }

    /** Stops the worker thread. */
    @Override
    public void close() {
        worker.shutdownNow();
    }
}
