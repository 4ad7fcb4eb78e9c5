package io.meetkit.store;

import io.meetkit.StoreException;
import java.time.Instant;

/**
 * Remembers LiveKit webhook event ids for a while, so that each event is handled once even when LiveKit delivers it
 * twice or to several instances. Thread-safe; the first-seen check is atomic (a primary key in SQL).
 *
 * <p>MeetKit's webhook handler asks {@link #contains} before it applies an event and records the id with
 * {@link #firstSeen} only after the event's change is stored, so an event counts as seen only once it has been
 * applied: a delivery that failed half-way (the store dropping between two statements) is processed again when
 * LiveKit redelivers it. The transitions are idempotent, so applying an event twice does no harm.
 *
 * <p>Every method may throw {@link StoreException}.
 */
public interface WebhookEventLog {

    /**
     * Records {@code eventId} unless it is already recorded and not expired.
     *
     * @param eventId LiveKit's event id
     * @param now the current time
     * @param expiresAt when the record may be forgotten
     * @return {@code true} if this call recorded it (first delivery), {@code false} for a duplicate
     */
    boolean firstSeen(String eventId, Instant now, Instant expiresAt);

    /**
     * Whether {@code eventId} is recorded and its record has not expired at {@code now}. Reads only; records nothing.
     *
     * @param eventId LiveKit's event id
     * @param now the current time
     * @return {@code true} if a delivery of this event was already applied (and recorded)
     */
    boolean contains(String eventId, Instant now);

    /** Forgets {@code eventId}, so that a redelivery is handled again (used when handling it failed). */
    void forget(String eventId);

    /**
     * Deletes records that expired at or before {@code now}.
     *
     * @return how many were deleted
     */
    int purgeExpired(Instant now);
}
