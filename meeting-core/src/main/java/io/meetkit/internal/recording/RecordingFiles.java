package io.meetkit.internal.recording;

import io.meetkit.RecordingStorageException;
import io.meetkit.recording.Recording;
import io.meetkit.recording.RecordingStorage;
import io.meetkit.store.RecordingStore;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A recording's file and record together: deleting both (file first, so a storage failure keeps the record for a
 * retry) and reaching the configured storage. Thread-safe. Not API.
 */
public final class RecordingFiles {

    private static final Logger log = LoggerFactory.getLogger(RecordingFiles.class);

    private final RecordingStore store;
    private final @Nullable RecordingStorage storage;

    /**
     * Creates the files.
     *
     * @param store the recording store
     * @param storage where the files are, or {@code null} when the egress uploads with its own configuration
     */
    public RecordingFiles(RecordingStore store, @Nullable RecordingStorage storage) {
        this.store = Objects.requireNonNull(store, "store");
        this.storage = storage;
    }

    /** The configured storage, if any. */
    public Optional<RecordingStorage> storage() {
        return Optional.ofNullable(storage);
    }

    /**
     * Returns the storage for a download.
     *
     * @throws RecordingStorageException if none is configured
     */
    public RecordingStorage requireStorage() {
        if (storage == null) {
            throw new RecordingStorageException(
                    "no RecordingStorage is configured: set MeetKit.builder().recordingStorage(…)"
                            + " to download recordings",
                    false,
                    null);
        }
        return storage;
    }

    /**
     * Deletes the file (a missing file is not an error), then the record. Without a storage the file stays where the
     * egress put it (logged).
     *
     * @throws RecordingStorageException if the file could not be deleted (the record is kept)
     */
    public void deleteFileAndRecord(Recording r) {
        if (storage != null) {
            storage.delete(r.objectKey());
        } else {
            log.warn(
                    "No RecordingStorage is configured: recording {} is deleted but its file {} is left where the "
                            + "egress stored it",
                    r.id(),
                    r.objectKey());
        }
        store.delete(r.id());
        log.debug("Deleted recording {} and its file {}", r.id(), r.objectKey());
    }
}
