package io.meetkit.event;

import io.meetkit.store.OutboxEvent;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The changes feed: every event MeetKit published, from the store's outbox, in one order ({@code position}), until
 * delivered events are purged ({@link RelayOptions#retention()}). A consumer that was down catches up by reading
 * after the last position it handled; no webhook needed. Get it from {@code MeetKit.events()}.
 *
 * <pre>{@code
 * long last = loadCheckpoint();
 * for (OutboxEvent e : kit.events().readAfter(last, 100)) {
 *     handle(e.type(), e.meetingId(), e.sequence(), e.data());   // or kit.events().envelope(e), as the relay posts it
 *     last = e.position();
 * }
 * saveCheckpoint(last);
 * }</pre>
 *
 * <p>Thread-safe. Every method may throw {@code StoreException}.
 */
public interface EventFeed {

    /**
     * Events after {@code afterPosition} (0 for the oldest kept), in position order, at most {@code limit}. A reader
     * that continues from the last position it got misses nothing that was kept.
     *
     * @throws IllegalArgumentException if the position is negative or the limit not 1 to 1,000
     */
    List<OutboxEvent> readAfter(long afterPosition, int limit);

    /** The event with this id, while it is kept. */
    Optional<OutboxEvent> find(UUID eventId);

    /** The JSON envelope of an event, byte for byte what the relay posts. */
    byte[] envelope(OutboxEvent event);
}
