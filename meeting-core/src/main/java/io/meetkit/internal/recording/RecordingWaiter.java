package io.meetkit.internal.recording;

import io.meetkit.NotFoundException;
import io.meetkit.internal.MeetKitContext;
import io.meetkit.recording.Recording;
import io.meetkit.store.RecordingStore;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Waits, bounded, until a recording reaches a state: woken by the {@link ChangeSignal} (egress events), and polling
 * {@code ListEgress} through {@link EgressSync} when none comes for a poll interval (a quarter of the timeout, at
 * most 500 ms), so that a lost webhook costs at most one poll. Thread-safe. Not API.
 */
public final class RecordingWaiter {

    private static final Duration MAX_POLL_INTERVAL = Duration.ofMillis(500);

    private final RecordingStore store;
    private final ChangeSignal signal;
    private final EgressEventSink events;
    private final EgressSync sync;
    private final Duration timeout;
    private final long pollNanos;

    /**
     * Creates the waiter.
     *
     * @param context the shared context (recording store)
     * @param signal the changes to wait for
     * @param events whose early events are applied while waiting
     * @param sync the fallback when no event comes
     * @param timeout how long {@link #await} waits (positive; the caller checks)
     */
    public RecordingWaiter(
            MeetKitContext context, ChangeSignal signal, EgressEventSink events, EgressSync sync, Duration timeout) {
        this.store = context.stores().recordings();
        this.signal = Objects.requireNonNull(signal, "signal");
        this.events = Objects.requireNonNull(events, "events");
        this.sync = Objects.requireNonNull(sync, "sync");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        Duration quarter = timeout.dividedBy(4);
        this.pollNanos =
                (quarter.compareTo(MAX_POLL_INTERVAL) < 0 && !quarter.isZero() ? quarter : MAX_POLL_INTERVAL).toNanos();
    }

    /** How long {@link #await} waits. */
    public Duration timeout() {
        return timeout;
    }

    /**
     * Waits until the recording satisfies {@code done}, at most the timeout.
     *
     * @return the recording as last seen (it may not satisfy {@code done} on timeout)
     * @throws NotFoundException if it was deleted meanwhile
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    public Recording await(UUID id, String egressId, Predicate<Recording> done) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long seen = signal.count();
            events.applyUnmatched(id, egressId);
            Recording cur = store.findById(id)
                    .orElseThrow(() -> new NotFoundException(
                            NotFoundException.RECORDING_NOT_FOUND, "recording " + id + " was deleted meanwhile"));
            if (done.test(cur)) {
                return cur;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return cur;
            }
            if (!signal.awaitChange(seen, Math.min(left, pollNanos))) {
                sync.sync(cur);
            }
        }
    }
}
