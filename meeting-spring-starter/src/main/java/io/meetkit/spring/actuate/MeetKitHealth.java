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
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * MeetKit's health check, free of Actuator types (Spring Boot 3.5 and 4.x keep {@code HealthIndicator} in different
 * packages; the starter adapts this check to whichever is present).
 *
 * <p>The store answers a read on every check: it is this instance's own connection, and a store that does not
 * answer makes the check DOWN. LiveKit is asked at most once per {@code liveKitCacheTtl} (the answer, UP or DOWN, is
 * reused in between, and concurrent checks share one call), so a busy health endpoint costs LiveKit nothing. LiveKit
 * is shared by every instance, so by default its failure shows in the details ({@code livekit: DOWN: …}) without
 * making the check DOWN: taking every instance out of a load balancer would not bring LiveKit back, and MeetKit's API
 * already answers LiveKit calls with a retryable 503. With {@code liveKitRequired} a LiveKit failure makes it DOWN.
 *
 * <p>Thread-safe; {@link #close()} stops its worker thread.
 */
public final class MeetKitHealth implements AutoCloseable {

    /** The room name the LiveKit probe asks for; it never needs to exist. */
    static final String PROBE_ROOM = "meetkit-health-probe";

    private final @Nullable LiveKitGateway liveKit;
    private final MeetKitStores stores;
    private final Duration timeout;
    private final Duration liveKitCacheTtl;
    private final boolean liveKitRequired;
    private final LongSupplier nanoTime;
    private final ReentrantLock liveKitProbe = new ReentrantLock();
    private volatile @Nullable Probe lastLiveKit;
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
     * @param liveKitCacheTtl how long a LiveKit answer is reused; zero to ask on every check
     * @param liveKitRequired whether a LiveKit failure makes the check DOWN (otherwise it is only reported)
     * @throws IllegalArgumentException if the timeout is not positive or the cache TTL is negative
     */
    public MeetKitHealth(
            @Nullable LiveKitGateway liveKit,
            MeetKitStores stores,
            Duration timeout,
            Duration liveKitCacheTtl,
            boolean liveKitRequired) {
        this(liveKit, stores, timeout, liveKitCacheTtl, liveKitRequired, System::nanoTime);
    }

    MeetKitHealth(
            @Nullable LiveKitGateway liveKit,
            MeetKitStores stores,
            Duration timeout,
            Duration liveKitCacheTtl,
            boolean liveKitRequired,
            LongSupplier nanoTime) {
        this.liveKit = liveKit;
        this.stores = Objects.requireNonNull(stores, "stores");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        Objects.requireNonNull(liveKitCacheTtl, "liveKitCacheTtl");
        if (liveKitCacheTtl.isNegative()) {
            throw new IllegalArgumentException("liveKitCacheTtl must not be negative: " + liveKitCacheTtl);
        }
        this.timeout = timeout;
        this.liveKitCacheTtl = liveKitCacheTtl;
        this.liveKitRequired = liveKitRequired;
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    /**
     * The outcome of a check.
     *
     * @param up whether the check passed: the store answered (and LiveKit too, when it is required)
     * @param details what each probe found, for the health endpoint
     */
    public record Report(boolean up, Map<String, Object> details) {
        /** Copies the details. */
        public Report {
            details = Map.copyOf(details);
        }
    }

    /** Probes the stores, and LiveKit unless its last answer is younger than the cache TTL; never throws. */
    public Report check() {
        Map<String, Object> details = new LinkedHashMap<>();
        boolean up = true;
        LiveKitGateway gw = liveKit;
        if (gw != null) {
            Probe lk = liveKit(gw);
            details.put("livekit", lk.status());
            if (lk.up()) {
                details.put("livekitLatencyMs", lk.latencyMs());
            }
            details.put("livekitCheckedMsAgo", TimeUnit.NANOSECONDS.toMillis(nanoTime.getAsLong() - lk.atNanos()));
            details.put("livekitRequired", liveKitRequired);
            up &= lk.up() || !liveKitRequired;
        }
        Probe store = probe(() -> stores.meetings().findById(new UUID(0L, 0L)));
        details.put("store", store.status());
        if (store.up()) {
            details.put("storeLatencyMs", store.latencyMs());
        }
        details.put("storeType", stores.getClass().getSimpleName());
        up &= store.up();
        return new Report(up, details);
    }

    private Probe liveKit(LiveKitGateway gw) {
        Probe last = lastLiveKit;
        if (fresh(last)) {
            return last;
        }
        if (last != null && !liveKitProbe.tryLock()) {
            return last; // another check is asking LiveKit right now: report the last answer meanwhile
        }
        if (last == null) {
            liveKitProbe.lock();
        }
        try {
            Probe again = lastLiveKit;
            if (fresh(again)) {
                return again;
            }
            Probe p = probe(() -> gw.listRooms(List.of(PROBE_ROOM)));
            lastLiveKit = p;
            return p;
        } finally {
            liveKitProbe.unlock();
        }
    }

    private boolean fresh(@Nullable Probe p) {
        return p != null && nanoTime.getAsLong() - p.atNanos() < liveKitCacheTtl.toNanos();
    }

    private Probe probe(Runnable call) {
        long start = nanoTime.getAsLong();
        Future<?> f = worker.submit(call);
        try {
            f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new Probe(true, "UP", TimeUnit.NANOSECONDS.toMillis(nanoTime.getAsLong() - start), start);
        } catch (TimeoutException e) {
            f.cancel(true);
            return new Probe(false, "DOWN: no answer within " + timeout.toMillis() + " ms", -1, start);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return new Probe(false, "DOWN: " + cause.getClass().getSimpleName() + ": " + cause.getMessage(), -1, start);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Probe(false, "DOWN: interrupted", -1, start);
        }
    }

    private record Probe(boolean up, String status, long latencyMs, long atNanos) {}

    /** Stops the worker thread. */
    @Override
    public void close() {
        worker.shutdownNow();
    }
}
