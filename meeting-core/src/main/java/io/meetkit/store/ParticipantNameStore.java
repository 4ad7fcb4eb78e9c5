package io.meetkit.store;

import io.meetkit.ConflictException;
import io.meetkit.StoreException;
import io.meetkit.rules.InputRules;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Unique display names per meeting, case-insensitively: {@code Alice}, then {@code Alice_2}, {@code Alice_3}; the
 * smallest free number is taken, so freed numbers are reused. Reservations expire; expired ones count as free.
 * Thread-safe, and atomic across every instance that shares the store.
 *
 * <p>Every method may throw {@link StoreException}; a failed call reserves nothing.
 */
public interface ParticipantNameStore {

    /** How many candidate names {@link #reserve} tries before it gives up with a conflict. */
    int MAX_ATTEMPTS = 100;

    /**
     * Returns the key two names collide on, {@link InputRules#displayNameKey(String)}: NFKC and a locale-independent
     * case fold, so that {@code Ａlice} and {@code ALICE} collide with {@code Alice} whatever the server's locale.
     */
    static String nameKey(String displayName) {
        return InputRules.displayNameKey(displayName);
    }

    /**
     * Returns the {@code n}-th candidate for a base name: the name itself for 1, {@code base_n} after that.
     *
     * @throws IllegalArgumentException if {@code n < 1}
     */
    static String candidate(String baseName, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be at least 1: " + n);
        }
        return n == 1 ? baseName : baseName + "_" + n;
    }

    /**
     * Reserves the smallest free candidate of {@code baseName} in one atomic step.
     *
     * <p>If {@code identity} is given and already holds a live reservation in the meeting, that reservation is
     * returned with the new role and expiry instead (the same participant joining again keeps its name).
     *
     * @param meetingId the meeting
     * @param baseName the validated display name, original case kept
     * @param identity the participant identity, or {@code null} to use the reserved name as identity
     * @param role the role to record
     * @param now the current time: reservations expiring at or before it are free
     * @param expiresAt when the new reservation lapses
     * @return the reservation
     * @throws ConflictException with code {@link ConflictException#NAME_UNAVAILABLE} when none of the first
     *     {@link #MAX_ATTEMPTS} candidates is free
     */
    NameReservation reserve(
            UUID meetingId, String baseName, @Nullable String identity, String role, Instant now, Instant expiresAt);

    /** Returns the live reservation held by {@code identity} in the meeting. */
    Optional<NameReservation> findByIdentity(UUID meetingId, String identity, Instant now);

    /** Returns the meeting's live reservations, in no particular order. */
    List<NameReservation> list(UUID meetingId, Instant now);

    /**
     * Records a new role for the live reservation of {@code identity}.
     *
     * @return the updated reservation, or empty if there is none
     */
    Optional<NameReservation> updateRole(UUID meetingId, String identity, String role, Instant now);

    /**
     * Moves the expiry of the live reservation of {@code identity}.
     *
     * @return the updated reservation, or empty if there is none
     */
    Optional<NameReservation> renew(UUID meetingId, String identity, Instant now, Instant expiresAt);

    /**
     * Releases the reservation held by {@code identity}.
     *
     * @return whether there was one
     */
    boolean release(UUID meetingId, String identity);

    /**
     * Releases every reservation of the meeting.
     *
     * @return how many were released
     */
    int releaseAll(UUID meetingId);

    /**
     * Deletes reservations that expired at or before {@code now}.
     *
     * @return how many were deleted
     */
    int purgeExpired(Instant now);
}
