package io.meetkit.internal;

import io.meetkit.ConflictException;
import io.meetkit.event.MeetingEvent;
import io.meetkit.event.MeetingEventListener;
import io.meetkit.internal.event.EventJson;
import io.meetkit.store.MeetKitStores;
import io.meetkit.store.NewOutboxEvent;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes MeetKit's events: appends each to the store's outbox, in the same transaction as the change it tells of
 * when the stores are transactional (otherwise right after it), wakes the relay, and then calls every in-process
 * listener; a listener that throws is logged and skipped. Thread-safe. Not API.
 */
public final class EventPublisher {

    private static final Logger log = LoggerFactory.getLogger(EventPublisher.class);

    private final MeetKitStores stores;
    private final Clock clock;
    private final List<MeetingEventListener> listeners;
    private final Runnable appended;

    /**
     * Creates a publisher.
     *
     * @param stores the stores whose outbox events are appended to
     * @param clock the clock of append times
     * @param listeners the in-process listeners, fixed from then on
     * @param appended called after an event was appended and committed (wakes the relay)
     */
    public EventPublisher(MeetKitStores stores, Clock clock, List<MeetingEventListener> listeners, Runnable appended) {
        this.stores = Objects.requireNonNull(stores, "stores");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listeners = List.copyOf(listeners);
        this.appended = Objects.requireNonNull(appended, "appended");
    }

    /**
     * Publishes an event that follows no store change of its own (a participant joined).
     *
     * @throws io.meetkit.StoreException if the append fails (the listeners are not called)
     */
    public void publish(MeetingEvent event) {
        publish(event, null);
    }

    /**
     * Publishes an event that follows no store change of its own, under a stable id: when an event with this id is
     * already in the outbox (LiveKit redelivered the webhook it came from) nothing is appended and no listener is
     * called again.
     *
     * @param event the event
     * @param id the event's id, derived from what caused it, or {@code null} for a new random id
     * @throws io.meetkit.StoreException if the append fails (the listeners are not called)
     */
    public void publish(MeetingEvent event, @Nullable UUID id) {
        Objects.requireNonNull(event, "event");
        if (append(event, id)) { // on its own: one statement on PostgreSQL, no transaction to open
            appended.run();
            tellListeners(event);
        }
    }

    /**
     * The stable outbox id of the event a LiveKit webhook caused, so that a redelivery of the webhook appends nothing.
     *
     * @param webhookEventId LiveKit's event id, or empty when it sent none
     * @return the id, or {@code null} (a random one will be used) when LiveKit sent no id
     */
    public static @Nullable UUID idOf(String webhookEventId) {
        return webhookEventId.isEmpty()
                ? null
                : UUID.nameUUIDFromBytes(
                        ("livekit-webhook:" + webhookEventId).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * Stores a change and appends its event in one transaction (when the stores are transactional), then tells the
     * listeners.
     *
     * @param change makes the change; empty when nothing changed (nothing is appended)
     * @param eventOf the event of the stored value, or {@code null} for none
     * @param <T> the stored value's type
     * @return what {@code change} returned
     * @throws io.meetkit.StoreException if the change or the append fails: with transactional stores neither is
     *     stored
     */
    public <T> Optional<T> storeAndPublish(Supplier<Optional<T>> change, Function<T, @Nullable MeetingEvent> eventOf) {
        return storeAndPublish(change, eventOf, null);
    }

    /**
     * As {@link #storeAndPublish(Supplier, Function)}, with the event's id given (see {@link #publish(MeetingEvent,
     * UUID)}): when it is already in the outbox, the change is still made but nothing is appended or told.
     *
     * @param change makes the change; empty when nothing changed
     * @param eventOf the event of the stored value, or {@code null} for none
     * @param id the event's id, or {@code null} for a new random id
     * @param <T> the stored value's type
     * @return what {@code change} returned
     */
    public <T> Optional<T> storeAndPublish(
            Supplier<Optional<T>> change, Function<T, @Nullable MeetingEvent> eventOf, @Nullable UUID id) {
        Object[] published = {null};
        Optional<T> stored = stores.inTransaction(() -> {
            published[0] = null; // a retried transaction starts over
            Optional<T> result = change.get();
            if (result.isPresent()) {
                MeetingEvent event = eventOf.apply(result.get());
                if (event != null && append(event, id)) {
                    published[0] = event;
                }
            }
            return result;
        });
        if (published[0] instanceof MeetingEvent event) {
            appended.run();
            tellListeners(event);
        }
        return stored;
    }

    /**
     * Applies the change a LiveKit webhook caused, appends its event and records the webhook as seen, all in one
     * transaction when the stores are transactional: the record comes first in it, so a concurrent delivery of the
     * same webhook waits for this one and then finds it recorded, and a failure anywhere rolls all three back, so
     * LiveKit's redelivery is processed. One commit for the three, and no look-up of the event's id in the outbox
     * (the webhook's record guards it). Without a transactional store the change and the append come first and the
     * record after them (a failure in between leaves the webhook unrecorded; its redelivery applies the idempotent
     * change again and appends nothing, see {@link #storeAndPublish(Supplier, Function, UUID)}).
     *
     * @param change makes the change; empty when nothing changed (nothing is appended)
     * @param eventOf the event of the stored value, or {@code null} for none
     * @param id the event's id (derived from the webhook's), or {@code null} for a new random one
     * @param markSeen records the webhook as seen; false when another delivery recorded it first
     * @param <T> the stored value's type
     * @return false when another delivery had already recorded the webhook (then nothing was changed or appended)
     * @throws io.meetkit.StoreException if the store fails: with transactional stores nothing is stored
     */
    public <T> boolean storeAndPublishOnce(
            Supplier<Optional<T>> change,
            Function<T, @Nullable MeetingEvent> eventOf,
            @Nullable UUID id,
            BooleanSupplier markSeen) {
        Object[] published = {null};
        boolean applied;
        try {
            if (!stores.transactional()) {
                storeAndPublish(change, eventOf, id);
                markSeen.getAsBoolean(); // false: a concurrent delivery recorded it too; both made the same change
                return true;
            }
            applied = stores.inTransaction(() -> {
                published[0] = null; // a retried transaction starts over
                if (!markSeen.getAsBoolean()) {
                    return false;
                }
                Optional<T> result = change.get();
                if (result.isPresent()) {
                    MeetingEvent event = eventOf.apply(result.get());
                    if (event != null) {
                        appendNew(event, id);
                        published[0] = event;
                    }
                }
                return true;
            });
        } catch (ConflictException e) {
            if (id != null && ConflictException.ALREADY_EXISTS.equals(e.code())) {
                // a concurrent delivery of the same webhook appended it first (stores that are not transactional),
                // or the webhook's record expired (LiveKitWebhooks.EVENT_ID_TTL) while its event is still in the outbox
                log.debug("Event {} is already in the outbox: its webhook was delivered again", id);
                return false;
            }
            throw e;
        }
        if (published[0] instanceof MeetingEvent event) {
            appended.run();
            tellListeners(event);
        }
        return applied;
    }

    /** Appends the event; false when its given id is already stored. */
    private boolean append(MeetingEvent event, @Nullable UUID id) {
        if (id != null && stores.eventOutbox().findById(id).isPresent()) {
            log.debug("Event {} ({}) is already in the outbox: its webhook was redelivered", id, event.type());
            return false;
        }
        appendNew(event, id);
        return true;
    }

    /** Appends the event under its id (or a new random one) without looking the id up first. */
    private void appendNew(MeetingEvent event, @Nullable UUID id) {
        stores.eventOutbox()
                .append(
                        new NewOutboxEvent(
                                id != null ? id : UUID.randomUUID(),
                                event.meetingId(),
                                event.type(),
                                event.occurredAt().truncatedTo(ChronoUnit.MICROS),
                                EventJson.data(event)),
                        clock.instant().truncatedTo(ChronoUnit.MICROS));
    }

    private void tellListeners(MeetingEvent event) {
        for (MeetingEventListener l : listeners) {
            try {
                l.onEvent(event);
            } catch (RuntimeException e) {
                log.warn("MeetingEvent listener {} failed on {}; the other listeners still run", l, event.type(), e);
            }
        }
    }
}
