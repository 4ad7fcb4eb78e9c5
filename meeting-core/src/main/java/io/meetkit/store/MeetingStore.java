package io.meetkit.store;

import io.meetkit.ConflictException;
import io.meetkit.StoreException;
import io.meetkit.meeting.Meeting;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Where meetings live. Implementations must be thread-safe and must do the concurrency work themselves (unique
 * constraints, compare-and-set on {@link Meeting#version()}), never check-then-act across calls.
 *
 * <p>Every method may throw {@link StoreException} when the store fails; a failed call changes nothing.
 * {@code meeting-testkit}'s {@code MeetingStoreContract} is the executable specification.
 */
public interface MeetingStore {

    /**
     * Stores a new meeting as given (its version is normally 0).
     *
     * @throws ConflictException with code {@link ConflictException#ALREADY_EXISTS} if the id or room name is taken
     */
    void insert(Meeting meeting);

    /** Finds a meeting by id. */
    Optional<Meeting> findById(UUID id);

    /** Finds a meeting by its LiveKit room name. */
    Optional<Meeting> findByRoomName(String roomName);

    /**
     * Compare-and-set: stores {@code changed} if the stored meeting's version equals {@code changed.version()}.
     *
     * @param changed the new state, carrying the version it was derived from
     * @return the stored meeting, its version incremented by one; empty if the meeting is gone or its stored
     *     version differs
     */
    Optional<Meeting> update(Meeting changed);

    /**
     * Deletes a meeting.
     *
     * @return whether it existed
     */
    boolean delete(UUID id);

    /**
     * Returns up to {@code limit} meetings matching {@code filter}, newest first (by {@code createdAt}, then id, see
     * {@link KeysetPosition}), starting strictly after {@code after}.
     *
     * @param after the last row of the previous page, or {@code null} for the first page
     */
    List<Meeting> page(MeetingFilter filter, @Nullable KeysetPosition after, int limit);

    /** Returns up to {@code limit} meetings whose auto-deletion time is at or before {@code now}, oldest first. */
    List<Meeting> findExpired(Instant now, int limit);
}
