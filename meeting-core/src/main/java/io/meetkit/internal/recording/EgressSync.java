package io.meetkit.internal.recording;

import io.meetkit.LiveKitUnavailableException;
import io.meetkit.MeetingException;
import io.meetkit.NotFoundException;
import io.meetkit.internal.MeetKitContext;
import io.meetkit.livekit.EgressSnapshot;
import io.meetkit.livekit.LiveKitGateway;
import io.meetkit.recording.Recording;
import io.meetkit.recording.RecordingStatus;
import io.meetkit.store.RecordingStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings recordings in line with what LiveKit's {@code ListEgress} says, when no webhook does: while a start waits,
 * after a refused stop, and for the stale-recordings maintenance job. Also stops egresses. Thread-safe. Not API.
 */
public final class EgressSync {

    private static final Logger log = LoggerFactory.getLogger(EgressSync.class);
    private static final int STALE_BATCH = 100;

    private final MeetKitContext context;
    private final RecordingStore store;
    private final LiveKitGateway liveKit;
    private final RecordingChanges changes;

    /**
     * Creates the sync.
     *
     * @param context the shared context (clock, recording store, LiveKit gateway)
     * @param changes where what LiveKit says is applied
     */
    public EgressSync(MeetKitContext context, RecordingChanges changes) {
        this.context = Objects.requireNonNull(context, "context");
        this.store = context.stores().recordings();
        this.liveKit = context.liveKit();
        this.changes = Objects.requireNonNull(changes, "changes");
    }

    /**
     * Applies what {@code ListEgress} says about the recording's egress; one LiveKit does not know (any more) ends
     * ABORTED. A recording without an egress id, or a failing {@code ListEgress}, is left alone (logged).
     */
    public void sync(Recording r) {
        if (r.egressId().isEmpty()) {
            return;
        }
        try {
            check(r, false);
        } catch (MeetingException e) {
            log.debug("ListEgress for {} failed: {}", r.egressId().get(), e.getMessage());
        }
    }

    /**
     * Repairs recordings not updated since {@code olderThan} ago, at most 100 per call (see
     * {@code RecordingController.syncStale}). Stops at the first {@link LiveKitUnavailableException}.
     *
     * @param olderThan not negative (the caller checks)
     * @return how many recordings were checked
     */
    public int syncStale(Duration olderThan) {
        Instant before = context.now().minus(olderThan);
        int checked = 0;
        for (Recording r : store.findStale(before, STALE_BATCH)) {
            try {
                check(r, true);
                checked++;
            } catch (LiveKitUnavailableException e) {
                log.warn("Cannot sync stale recording {} now, LiveKit is unavailable: {}", r.id(), e.getMessage());
                break;
            } catch (MeetingException e) {
                log.warn("Cannot sync stale recording {}: {}", r.id(), e.getMessage());
            }
        }
        return checked;
    }

    /**
     * Stops an egress, ignoring failures (logged): for egresses MeetKit gives up on.
     *
     * @return what LiveKit says about the egress after the stop, or empty when the stop failed
     */
    public Optional<EgressSnapshot> stopQuietly(String egressId) {
        try {
            return Optional.of(liveKit.stopEgress(egressId));
        } catch (MeetingException e) {
            log.debug("StopEgress {} failed: {}", egressId, e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Stops the egress of a recording that was asked to stop while it was STARTING
     * ({@link Recording#stopRequestedAt()}), once its egress is bound: called by whoever binds it (the starting
     * instance, an egress webhook on any instance, the stale-recordings job) and the stale job. A recording without
     * a stored request, without an egress, finished or already ENDING is left alone.
     *
     * @return the recording after the stop, or {@code r} when nothing was done or the stop failed (the stale job
     *     retries)
     */
    public Recording stopIfRequested(Recording r) {
        if (r.stopRequestedAt().isEmpty()
                || r.egressId().isEmpty()
                || r.status().isFinished()
                || r.status() == RecordingStatus.ENDING) {
            return r;
        }
        log.info(
                "Recording {} was asked to stop while starting: stopping egress {}",
                r.id(),
                r.egressId().get());
        return stopQuietly(r.egressId().get())
                .flatMap(s -> changes.apply(r.id(), s, context.now()))
                .orElse(r);
    }

    /**
     * The one check of a recording against {@code ListEgress}. A stale check ({@code stale}) is stricter: a
     * recording whose egress never started, or whose egress is stuck STARTING (it is stopped), ends ABORTED, and one
     * that is still legitimately recording is marked as checked.
     *
     * @throws MeetingException when {@code ListEgress} fails
     */
    private void check(Recording r, boolean stale) {
        Optional<String> egressId = r.egressId();
        if (egressId.isEmpty()) {
            if (adoptUntracked(r).isEmpty()) {
                changes.end(r.id(), false, RecordingStatus.ABORTED, "the egress never started");
            }
            return;
        }
        Optional<EgressSnapshot> egress = find(egressId.get());
        if (egress.isEmpty()) {
            changes.end(r.id(), false, RecordingStatus.ABORTED, "LiveKit no longer knows egress " + egressId.get());
            return;
        }
        EgressSnapshot e = egress.get();
        if (stale && e.status() == RecordingStatus.STARTING) {
            stopQuietly(egressId.get());
            changes.end(r.id(), false, RecordingStatus.ABORTED, "the egress was stuck starting");
            return;
        }
        Optional<Recording> applied = changes.apply(r.id(), e, context.now());
        if (r.stopRequestedAt().isPresent() && !e.status().isFinished()) {
            stopIfRequested(applied.orElse(r));
            return;
        }
        if (stale && (applied.isEmpty() || applied.get().version() == r.version())) {
            changes.touch(r.id());
        }
    }

    /**
     * For a recording that has no egress id (its {@code StartEgress} timed out, its connection dropped, or the
     * store failed right after the call): binds the egress LiveKit runs in the meeting's room that no recording
     * tracks, if there is one, and applies its status. LiveKit allows one room-composite egress per request, and the
     * store one unfinished recording per meeting, so that egress is this recording's.
     *
     * @return the recording with its egress, or empty when LiveKit runs no untracked egress in the room
     * @throws MeetingException when {@code ListEgress} fails
     */
    public Optional<Recording> adoptUntracked(Recording r) {
        if (r.egressId().isPresent()) {
            return Optional.of(r);
        }
        Optional<String> room =
                context.stores().meetings().findById(r.meetingId()).map(m -> m.roomName());
        if (room.isEmpty()) {
            return Optional.empty();
        }
        List<EgressSnapshot> active;
        try {
            active = liveKit.listEgress(room.get(), null, true);
        } catch (NotFoundException noRoom) {
            return Optional.empty();
        }
        for (EgressSnapshot e : active) {
            if (e.roomName().equals(room.get())
                    && store.findByEgressId(e.egressId()).isEmpty()) {
                Optional<Recording> bound = changes.bindEgress(r.id(), e.egressId());
                if (bound.isPresent()) {
                    log.info(
                            "Recording {} adopted egress {}, which LiveKit runs in room {}",
                            r.id(),
                            e.egressId(),
                            room.get());
                    Recording now = changes.apply(r.id(), e, context.now()).orElse(bound.get());
                    return Optional.of(stopIfRequested(now));
                }
            }
        }
        return Optional.empty();
    }

    private Optional<EgressSnapshot> find(String egressId) {
        List<EgressSnapshot> found;
        try {
            found = liveKit.listEgress(null, egressId, false);
        } catch (NotFoundException e) {
            found = List.of();
        }
        return found.stream().filter(e -> e.egressId().equals(egressId)).findFirst();
    }
}
