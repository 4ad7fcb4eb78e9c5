package io.meetkit.internal.recording;

import io.meetkit.NotFoundException;
import io.meetkit.internal.MeetKitContext;
import io.meetkit.recording.Recording;
import io.meetkit.recording.RecordingStatus;
import io.meetkit.store.KeysetPosition;
import io.meetkit.store.RecordingFilter;
import io.meetkit.store.RecordingStore;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * What deleting a meeting does with its recordings, the one way every deletion path takes: stop an unfinished one
 * (waiting, bounded, for its egress to finish the file), then delete each file and its record. Thread-safe. Not API.
 */
public final class RecordingPurge {

    private static final int PAGE = 100;

    private final MeetKitContext context;
    private final RecordingStore store;
    private final RecordingChanges changes;
    private final EgressSync sync;
    private final RecordingWaiter waiter;
    private final RecordingFiles files;

    /**
     * Creates the purge.
     *
     * @param context the shared context (clock, recording store)
     * @param changes how unfinished recordings are ended
     * @param sync how their egresses are stopped
     * @param waiter how long the egress gets to finish the file
     * @param files how file and record are deleted
     */
    public RecordingPurge(
            MeetKitContext context,
            RecordingChanges changes,
            EgressSync sync,
            RecordingWaiter waiter,
            RecordingFiles files) {
        this.context = Objects.requireNonNull(context, "context");
        this.store = context.stores().recordings();
        this.changes = Objects.requireNonNull(changes, "changes");
        this.sync = Objects.requireNonNull(sync, "sync");
        this.waiter = Objects.requireNonNull(waiter, "waiter");
        this.files = Objects.requireNonNull(files, "files");
    }

    /** Returns how many recordings the meeting has. */
    public long count(UUID meetingId) {
        return store.countByMeeting(meetingId);
    }

    /**
     * Stops an unfinished recording of the meeting and deletes all its recordings, files first.
     *
     * @return how many recordings were deleted
     */
    public int deleteAll(UUID meetingId) {
        store.findUnfinished(meetingId).ifPresent(this::finish);
        int deleted = 0;
        List<Recording> page;
        RecordingFilter filter = new RecordingFilter(meetingId, null);
        KeysetPosition after = null;
        while (!(page = store.page(filter, after, PAGE)).isEmpty()) {
            for (Recording r : page) {
                Recording cur = store.findById(r.id()).orElse(null);
                if (cur == null) {
                    continue;
                }
                if (!cur.status().isFinished()) {
                    finish(cur);
                }
                files.deleteFileAndRecord(cur);
                deleted++;
            }
            Recording last = page.get(page.size() - 1);
            after = new KeysetPosition(last.createdAt(), last.id());
        }
        return deleted;
    }

    private void finish(Recording r) {
        Optional<String> egressId = r.egressId();
        if (egressId.isEmpty()) {
            changes.requestStop(r.id());
            changes.end(r.id(), false, RecordingStatus.ABORTED, "the meeting was deleted");
            return;
        }
        if (r.status() == RecordingStatus.STARTING || r.status() == RecordingStatus.ACTIVE) {
            sync.stopQuietly(egressId.get()).ifPresent(s -> changes.apply(r.id(), s, context.now()));
        }
        try {
            waiter.await(r.id(), egressId.get(), cur -> cur.status().isFinished());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (NotFoundException gone) {
            return;
        }
        changes.end(r.id(), false, RecordingStatus.ABORTED, "the meeting was deleted before the egress finished");
    }
}
