package io.meetkit.store;

import io.meetkit.StoreException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The durable log of the events MeetKit publishes (the transactional outbox), and each relay endpoint's deliveries of
 * them. MeetKit appends every {@code MeetingEvent} here, in the same transaction as the state change where the store
 * can ({@link MeetKitStores#transactional()}); the relay delivers from here, and applications read it as a changes
 * feed ({@link #readAfter}).
 *
 * <p>Order: every event gets a {@code position} (the one order of the feed) and a per-meeting {@code sequence}
 * (1, 2, 3, … for each meeting, in append order). Appends of one meeting are serialized by the store, so an event
 * with a higher sequence is never visible before a lower one of the same meeting.
 *
 * <p>Deliveries: {@link #enqueue} moves an endpoint's cursor along the feed and creates a PENDING delivery for each
 * event of a type the endpoint wants; the relay reads them with {@link #pending}, and writes each attempt's outcome
 * with {@link #update}. Nothing here has a capacity: events stay until {@link #purge} removes delivered ones.
 *
 * <p>Thread-safe and correct across instances that share the store. Every method may throw {@link StoreException}.
 */
public interface EventOutbox {

    /**
     * Appends an event. Joins the caller's transaction when it runs inside {@link MeetKitStores#inTransaction}.
     *
     * @param event the event
     * @param now the append time
     * @return the stored event with its position and sequence
     * @throws io.meetkit.ConflictException ({@code already_exists}) if an event with this id is already stored
     */
    OutboxEvent append(NewOutboxEvent event, Instant now);

    /**
     * The changes feed: events after {@code afterPosition}, in position order, at most {@code limit}. Reading stops
     * before a missing position that may still be committing (see {@link OutboxLimits#GAP_SETTLE}), so a reader that
     * continues from the last position it got misses nothing.
     *
     * @param afterPosition the last position the reader has, 0 for the start
     * @param limit at most this many, 1 to 1,000
     * @param now the current time (to judge missing positions)
     * @throws IllegalArgumentException if the limit is out of range or the position negative
     */
    List<OutboxEvent> readAfter(long afterPosition, int limit, Instant now);

    /** The event with this id, if it is still stored. */
    Optional<OutboxEvent> findById(UUID id);

    /**
     * Moves the endpoint's cursor along the feed (as {@link #readAfter} reads it) by at most {@code limit} events,
     * creating a PENDING delivery, due {@code now}, for each one whose type is in {@code types} (every type when
     * empty). An endpoint seen for the first time starts at the oldest event stored. Atomic: of two concurrent calls
     * for one endpoint, one moves the cursor and the other does nothing.
     *
     * @param endpoint the endpoint's name
     * @param types the event types it wants; empty for all
     * @param limit at most this many events, 1 to 1,000
     * @param now the current time
     * @return how many events the cursor passed (0 when it is at the end)
     * @throws IllegalArgumentException if the limit is out of range or the name too long
     */
    int enqueue(String endpoint, Set<String> types, int limit, Instant now);

    /**
     * The endpoint's PENDING deliveries in position order (due or not), at most {@code limit}.
     *
     * @throws IllegalArgumentException if the limit is not 1 to 1,000
     */
    List<OutboxDelivery> pending(String endpoint, int limit);

    /**
     * Stores the new status, attempt count, due time and last error of each delivery (one transaction). A delivery
     * that no longer exists is skipped.
     *
     * @param deliveries the changed deliveries
     * @param now the current time
     */
    void update(List<OutboxDelivery> deliveries, Instant now);

    /**
     * The endpoint's deliveries in {@code status} after {@code afterPosition}, in position order, at most
     * {@code limit}: for example the FAILED ones to look at.
     *
     * @throws IllegalArgumentException if the limit is not 1 to 1,000
     */
    List<OutboxDelivery> deliveries(String endpoint, DeliveryStatus status, long afterPosition, int limit);

    /** How many of the endpoint's deliveries are in {@code status}. */
    long count(String endpoint, DeliveryStatus status);

    /**
     * Makes the endpoint's FAILED deliveries PENDING again, with no attempts and due {@code now}.
     *
     * @return how many
     */
    int retryFailed(String endpoint, Instant now);

    /**
     * Deletes events appended before {@code appendedBefore} that every known endpoint's cursor has passed and that
     * have no delivery left other than DELIVERED (PENDING and FAILED ones keep their event), with their deliveries.
     *
     * @return how many events were deleted
     */
    int purge(Instant appendedBefore);

    /**
     * The endpoints that have a cursor here: every endpoint some instance delivered to and that was not removed.
     *
     * @return their names
     */
    Set<String> endpoints();

    /**
     * Removes an endpoint's cursor and all its deliveries, so that its events no longer hold back {@link #purge}:
     * for an endpoint no instance delivers to any more. An instance that still delivers to it starts it again at the
     * oldest event stored.
     *
     * @param endpoint the endpoint's name
     * @return whether it had a cursor
     */
    boolean removeEndpoint(String endpoint);
}
