package io.meetkit.internal;

import io.meetkit.recording.Recording;
import io.meetkit.store.RecordingFilter;
import io.meetkit.store.RecordingStore;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The recording cleanup when no recordings component is configured: it can only count and delete recording rows,
 * because without a LiveKit egress client and a storage there is no egress to stop and no object to delete.
 * Not API.
 */
public final class StoreRecordingCleanup implements RecordingCleanup {

    private final RecordingStore store;

    /** Creates the cleanup over a recording store. */
    public StoreRecordingCleanup(RecordingStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public long count(UUID meetingId) {
        return store.countByMeeting(meetingId);
    }

    @Override
    public int deleteAll(UUID meetingId) {
        int deleted = 0;
        List<Recording> page;
        RecordingFilter filter = new RecordingFilter(meetingId, null);
        while (!(page = store.page(filter, null, 100)).isEmpty()) {
            for (Recording r : page) {
                if (store.delete(r.id())) {
                    deleted++;
                }
            }
        }
        return deleted;
    }
}
