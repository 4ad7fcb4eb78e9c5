package io.meetkit.internal.event;

import io.meetkit.event.EventFeed;
import io.meetkit.store.EventOutbox;
import io.meetkit.store.OutboxEvent;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** The {@link EventFeed} over the store's outbox. Thread-safe. Not API. */
public final class OutboxFeed implements EventFeed {

    private final EventOutbox outbox;
    private final Clock clock;

    /**
     * Creates the feed.
     *
     * @param outbox the outbox
     * @param clock the clock that judges positions still committing
     */
    public OutboxFeed(EventOutbox outbox, Clock clock) {
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public List<OutboxEvent> readAfter(long afterPosition, int limit) {
        return outbox.readAfter(afterPosition, limit, clock.instant());
    }

    @Override
    public Optional<OutboxEvent> find(UUID eventId) {
        return outbox.findById(eventId);
    }

    @Override
    public byte[] envelope(OutboxEvent event) {
        return EventJson.envelope(Objects.requireNonNull(event, "event"));
    }
}
