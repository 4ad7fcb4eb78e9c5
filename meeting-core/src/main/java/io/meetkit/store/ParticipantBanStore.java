package io.meetkit.store;

import io.meetkit.StoreException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Participant identities banned from a meeting until a time: what a kick leaves behind, so that every instance
 * refuses the kicked identity a token and removes it when a webhook reports it back in the room. Bans lapse by
 * themselves; lapsed bans count as absent. Thread-safe, and every instance that shares the store sees a ban as soon
 * as {@link #ban} returns.
 *
 * <p>Every method may throw {@link StoreException}; a failed call changes nothing.
 */
public interface ParticipantBanStore {

    /**
     * Bans {@code identity} from the meeting until {@code until}. A live ban that lasts longer is kept as it is (a
     * ban is never shortened by a second kick); a shorter or lapsed one is replaced.
     *
     * @param meetingId the meeting
     * @param identity the participant identity
     * @param now the current time: bans lapsing at or before it are absent
     * @param until when the ban lapses
     * @return the ban in force after the call
     */
    ParticipantBan ban(UUID meetingId, String identity, Instant now, Instant until);

    /**
     * Returns the live ban of {@code identity} in the meeting, if any.
     *
     * @param now the current time: a ban lapsing at or before it is absent
     */
    Optional<ParticipantBan> find(UUID meetingId, String identity, Instant now);

    /** Returns the meeting's live bans, in no particular order. */
    List<ParticipantBan> list(UUID meetingId, Instant now);

    /**
     * Lifts the ban of {@code identity}, lapsed or not.
     *
     * @return whether there was one
     */
    boolean lift(UUID meetingId, String identity);

    /**
     * Lifts every ban of the meeting, for example when it is deleted.
     *
     * @return how many were lifted
     */
    int liftAll(UUID meetingId);

    /**
     * Deletes bans that lapsed at or before {@code now}.
     *
     * @return how many were deleted
     */
    int purgeExpired(Instant now);
}
