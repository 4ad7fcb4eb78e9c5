package io.meetkit.event;

import io.meetkit.store.DeliveryStatus;
import io.meetkit.store.OutboxDelivery;
import java.util.List;

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
}
