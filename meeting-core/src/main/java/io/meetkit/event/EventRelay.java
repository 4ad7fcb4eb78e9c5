package io.meetkit.event;

import io.meetkit.store.DeliveryStatus;
import io.meetkit.store.OutboxDelivery;
import java.util.List;
import java.util.Set;

/**
 * Delivers MeetKit's events from the store's outbox to the configured {@link RelayEndpoint}s: at least once, in
 * order per meeting, with exponential backoff, and FAILED after {@link RelayOptions#maxAttempts()} attempts. Of all
 * instances that share the store, the one holding the relay lease delivers; another takes over when it stops
 * renewing it. Get it from {@code MeetKit.relay()}; see {@code docs/durable-events.md}.
 *
 * <p>Every request is {@code POST} with a JSON envelope ({@code id}, {@code event}, {@code meetingId},
 * {@code sequence}, {@code position}, {@code createdAt}, {@code data}) and the {@link WebhookSignature} headers.
 *
 * <p>Thread-safe. Methods that read or change deliveries may throw {@code StoreException}.
 */
public interface EventRelay {

    /** The endpoints it delivers to (empty when none is configured). */
    List<RelayEndpoint> endpoints();

    /** Whether this instance holds the relay lease and is the one delivering. */
    boolean delivering();

    /**
     * How many of the endpoint's deliveries are in {@code status}: PENDING (backlog), DELIVERED (still kept), FAILED.
     *
     * @throws IllegalArgumentException if no endpoint has this name
     */
    long count(String endpoint, DeliveryStatus status);

    /**
     * The endpoint's deliveries in {@code status} after {@code afterPosition}, in position order: for example the
     * FAILED ones with their last error.
     *
     * @throws IllegalArgumentException if no endpoint has this name, or the limit is not 1 to 1,000
     */
    List<OutboxDelivery> deliveries(String endpoint, DeliveryStatus status, long afterPosition, int limit);

    /**
     * Makes the endpoint's FAILED deliveries PENDING again with a fresh set of attempts; they are delivered after
     * the events of their meeting that were delivered meanwhile (receivers order by {@code sequence}).
     *
     * @return how many
     * @throws IllegalArgumentException if no endpoint has this name
     */
    int retryFailed(String endpoint);

    /**
     * Runs one delivery round now on the calling thread, if this instance holds (or can take) the lease: new events
     * are queued and every due delivery attempted once. For tests and tools; the relay runs rounds by itself.
     *
     * @return how many deliveries were attempted
     */
    int deliverNow();

    /**
     * The endpoints the outbox still keeps a cursor for that this relay does not deliver to: endpoints removed from
     * the configuration (or configured only on other instances). Their cursors hold back the purge of delivered
     * events, so the purge job names them in its report until they are {@linkplain #forgetEndpoint forgotten}.
     *
     * @return their names
     */
    Set<String> unconfiguredEndpoints();

    /**
     * Forgets an endpoint that no instance delivers to any more: its cursor and deliveries (pending and failed
     * included) are removed from the outbox, so its events no longer hold back the purge. Call it once the last
     * instance configured with the endpoint has stopped; an instance still configured with it starts it again at
     * the oldest event stored.
     *
     * @param endpoint the endpoint's name
     * @return whether the outbox knew it
     * @throws IllegalArgumentException if it is one of this relay's own endpoints
     */
    boolean forgetEndpoint(String endpoint);
}
