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
 * <p>There is no cap on the number: a webinar where a thousand participants join as {@code Guest} gets
 * {@code Guest} … {@code Guest_1000}. A name key that ends in {@code _<n>} ({@code n} ≥ 2, no leading zero) holds
 * number {@code n} of the base before it ({@link #baseKeyOf}, {@link #suffixOf}), whether MeetKit numbered it or the
 * participant typed it, so {@code Guest_3} typed by hand is skipped by the numbering of {@code Guest} and given back to
 * it when freed. Implementations find the number in a constant number of steps whatever its size (the freed numbers,
 * the expired ones, the next never used one), never by trying {@code Guest_2}, {@code Guest_3}, … in turn.
 *
 * <p>Every method may throw {@link StoreException}; a failed call reserves nothing.
 */
public interface ParticipantNameStore {

    /** The largest number a name key's {@code _<n>} ending may have to count as a number (nine digits). */
    int MAX_SUFFIX = 999_999_999;

    /**
     * Returns the key two names collide on, {@link InputRules#displayNameKey(String)}: NFKC and a locale-independent
     * case fold, so that {@code Ａlice} and {@code ALICE} collide with {@code Alice} whatever the server's locale.
     */
    static String nameKey(String displayName) {
        return InputRules.displayNameKey(displayName);
    }

    /**
     * Returns the number a name key holds: {@code n} if it ends in {@code _<n>} with {@code 2 <= n <=}
     * {@value #MAX_SUFFIX} written without a leading zero, else 1 (the base name itself). {@code guest_12} holds 12
     * of {@code guest}; {@code guest_1}, {@code guest_02} and {@code guest} hold 1 of themselves.
     */
    static int suffixOf(String nameKey) {
        int underscore = nameKey.lastIndexOf('_');
        int digits = nameKey.length() - underscore - 1;
        if (underscore <= 0 || digits < 1 || digits > 9 || nameKey.charAt(underscore + 1) == '0') {
            return 1;
        }
        int n = 0;
        for (int i = underscore + 1; i < nameKey.length(); i++) {
            char ch = nameKey.charAt(i);
            if (ch < '0' || ch > '9') {
                return 1;
            }
            n = n * 10 + (ch - '0');
        }
        return n >= 2 ? n : 1;
    }

    /**
     * Returns the base a name key is numbered in: the key without its {@code _<n>} ending when {@link #suffixOf} is
     * at least 2, else the key itself.
     */
    static String baseKeyOf(String nameKey) {
        return suffixOf(nameKey) > 1 ? nameKey.substring(0, nameKey.lastIndexOf('_')) : nameKey;
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
     * @throws ConflictException with code {@link ConflictException#NAME_UNAVAILABLE} only when the reservation kept
     *     losing races with concurrent ones far beyond any real contention (never because of how many hold the name)
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
