package io.meetkit.internal.recording;

import io.meetkit.internal.CompareAndSet;
import io.meetkit.internal.MeetKitContext;
import io.meetkit.livekit.EgressSnapshot;
import io.meetkit.recording.Recording;
import io.meetkit.recording.RecordingStatus;
import io.meetkit.store.RecordingStore;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every stored change to a recording goes through here: a compare-and-set on its version
 * ({@link CompareAndSet}), the rules of {@link RecordingTransitions}, then the event to the listeners and a
 * {@link ChangeSignal} to the waiters. A stop requested before the egress id was known is stored on the recording
 * ({@link Recording#stopRequestedAt()}), never only in this JVM. Thread-safe. Not API.
 */
public final class RecordingChanges {

    private static final Logger log = LoggerFactory.getLogger(RecordingChanges.class);

    private final MeetKitContext context;
    private final RecordingStore store;
    private final ChangeSignal signal;

    /**
     * Creates the changes.
     *
     * @param context the shared context (clock, recording store, event publisher)
     * @param signal told of every stored change
     */
    public RecordingChanges(MeetKitContext context, ChangeSignal signal) {
        this.context = Objects.requireNonNull(context, "context");
        this.store = context.stores().recordings();
        this.signal = Objects.requireNonNull(signal, "signal");
    }

    /**
     * Applies an egress snapshot to a recording ({@link RecordingTransitions#merge}); publishes the event.
     *
     * @param at when LiveKit reported it (the event time)
     * @return the stored recording if it changed, else empty
     */
    public Optional<Recording> apply(UUID recordingId, EgressSnapshot e, Instant at) {
        return change(recordingId, cur -> RecordingTransitions.merge(cur, e, context.now()), at, true);
    }

    /**
     * Ends an unfinished recording locally ({@link RecordingTransitions#end}); publishes the event.
     *
     * @param onlyStarting end it only if it is still STARTING
     * @return the recording as stored after the call (changed or not), empty if it is gone
     */
    public Optional<Recording> end(UUID recordingId, boolean onlyStarting, RecordingStatus status, String error) {
        Instant at = context.now();
        Optional<Recording> stored = change(
                recordingId,
                cur -> onlyStarting && cur.status() != RecordingStatus.STARTING
                        ? null
                        : RecordingTransitions.end(cur, status, error, at),
                at,
                true);
        return stored.isPresent() ? stored : store.findById(recordingId);
    }

    /**
     * Stores the egress id of a recording that has none yet; no event (the status did not change).
     *
     * @return the stored recording, or empty if it is gone or already had one
     */
    public Optional<Recording> bindEgress(UUID recordingId, String egressId) {
        return change(
                recordingId,
                cur -> cur.egressId().isPresent()
                        ? null
                        : cur.toBuilder()
                                .egressId(egressId)
                                .updatedAt(context.now())
                                .build(),
                context.now(),
                false);
    }

    /** Marks an unfinished recording as checked now (its {@code updatedAt}), so that it is not stale; no event. */
    public void touch(UUID recordingId) {
        change(
                recordingId,
                cur -> cur.status().isFinished()
                        ? null
                        : cur.toBuilder().updatedAt(context.now()).build(),
                context.now(),
                false);
    }

    /**
     * Stores that an unfinished recording was asked to stop ({@link Recording#stopRequestedAt()}); no event (the
     * status did not change). A compare-and-set like every change, so it and {@link #bindEgress} are ordered: either
     * the binder reads the request, or the returned recording carries the egress id and the caller stops it.
     *
     * @return the recording as stored after the call (changed or not), empty if it is gone
     */
    public Optional<Recording> requestStop(UUID recordingId) {
        Instant at = context.now();
        Optional<Recording> stored = change(
                recordingId,
                cur -> cur.status().isFinished() || cur.stopRequestedAt().isPresent()
                        ? null
                        : cur.toBuilder().stopRequestedAt(at).updatedAt(at).build(),
                at,
                false);
        return stored.isPresent() ? stored : store.findById(recordingId);
    }

    private Optional<Recording> change(
            UUID id, Function<Recording, @Nullable Recording> next, Instant at, boolean publish) {
        Optional<CompareAndSet.Change<Recording>> stored = CompareAndSet.apply(
                "recording " + id,
                () -> store.findById(id),
                next,
                (before, changed) -> publish
                        ? context.events()
                                .storeAndPublish(
                                        () -> store.update(changed),
                                        after -> RecordingTransitions.event(before, after, at))
                        : store.update(changed));
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        Recording after = stored.get().after();
        if (publish) {
            log.debug("Recording {} is {}", after.id(), after.status());
        }
        signal.signal();
        return Optional.of(after);
    }
}
