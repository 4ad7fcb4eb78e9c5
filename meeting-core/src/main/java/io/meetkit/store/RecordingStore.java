package io.meetkit.store;

import io.meetkit.ConflictException;
import io.meetkit.StoreException;
import io.meetkit.recording.Recording;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Where recordings live. Thread-safe; the rule "at most one unfinished recording per meeting" is enforced by the
 * store itself (a constraint), not by a check-then-act in the caller.
 *
 * <p>Every method may throw {@link StoreException}; a failed call changes nothing.
 */
public interface RecordingStore {

    /**
     * Stores a new recording.
     *
     * @throws ConflictException with code {@link ConflictException#RECORDING_IN_PROGRESS} if the recording is
     *     unfinished and its meeting already has an unfinished recording, or {@link ConflictException#ALREADY_EXISTS}
     *     if the id is taken
     */
    void insert(Recording recording);

    /** Finds a recording by id. */
    Optional<Recording> findById(UUID id);

    /** Finds a recording by its LiveKit egress id. */
    Optional<Recording> findByEgressId(String egressId);

    /** Returns the meeting's unfinished recording, if it has one. */
    Optional<Recording> findUnfinished(UUID meetingId);

    /**
     * Compare-and-set on the version, as {@link MeetingStore#update}.
     *
     * @return the stored recording with its version incremented, or empty if it is gone or its version differs
     */
    Optional<Recording> update(Recording changed);

    /**
     * Deletes a recording.
     *
     * @return whether it existed
     */
    boolean delete(UUID id);

    /** Returns up to {@code limit} recordings matching {@code filter}, newest first, strictly after {@code after}. */
    List<Recording> page(RecordingFilter filter, @Nullable KeysetPosition after, int limit);

    /** Returns how many recordings the meeting has, finished or not. */
    long countByMeeting(UUID meetingId);

    /** Returns up to {@code limit} unfinished recordings last updated before {@code updatedBefore}, oldest first. */
    List<Recording> findStale(Instant updatedBefore, int limit);
}
