package io.meetkit.store;

import io.meetkit.ConflictException;
import io.meetkit.StoreException;
import io.meetkit.meeting.Meeting;
import io.meetkit.meeting.MeetingStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
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

    /**
     * Returns up to {@code limit} ACTIVE meetings whose current room session has reached its duration limit: those
     * whose {@link Meeting#maxDurationReachedAt()} is at or before {@code now}, earliest first, then by id. The
     * default implementation pages through every ACTIVE meeting; stores override it with an indexed query.
     *
     * @param now MeetKit's current time
     * @param limit the most meetings returned, positive
     * @throws IllegalArgumentException if {@code limit < 1}
     */
    default List<Meeting> findOverMaxDuration(Instant now, int limit) {
        Objects.requireNonNull(now, "now");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        MeetingFilter active = new MeetingFilter(MeetingStatus.ACTIVE, null, null);
        List<Meeting> over = new ArrayList<>();
        KeysetPosition after = null;
        while (true) {
            List<Meeting> page = page(active, after, 500);
            for (Meeting m : page) {
                if (m.maxDurationReachedAt().filter(at -> !at.isAfter(now)).isPresent()) {
                    over.add(m);
                }
            }
            if (page.size() < 500) {
                break;
            }
            Meeting last = page.get(page.size() - 1);
            after = new KeysetPosition(last.createdAt(), last.id());
        }
        over.sort(MAX_DURATION_ORDER);
        return over.size() > limit ? List.copyOf(over.subList(0, limit)) : List.copyOf(over);
    }

    /** The order of {@link #findOverMaxDuration}: by {@link Meeting#maxDurationReachedAt()}, then by id. */
    Comparator<Meeting> MAX_DURATION_ORDER = Comparator.comparing(
                    (Meeting m) -> m.maxDurationReachedAt().orElse(Instant.MAX))
            .thenComparing(Meeting::id);
}
