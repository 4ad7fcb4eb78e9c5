package io.meetkit.internal;

import io.meetkit.livekit.LiveKitGateway;
import io.meetkit.observe.MeetKitObserver;
import io.meetkit.store.MeetKitStores;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * What MeetKit's components share: time, stores, the LiveKit gateway, the event publisher and the observer. Built once by {@code MeetKit}.
 * Thread-safe. Not API.
 */
public final class MeetKitContext {

    private final Clock clock;
    private final MeetKitStores stores;
    private final LiveKitGateway liveKit;
    private final String clientUrl;
    private final String apiKey;
    private final PageCursors cursors;
    private final EventPublisher events;
    private final MeetKitObserver observer;

    /**
     * Creates the context.
     *
     * @param clock the clock of every time-based decision
     * @param stores the stores
     * @param liveKit the LiveKit gateway
     * @param clientUrl the URL participants' clients connect to
     * @param apiKey the LiveKit API key
     * @param cursorKey key material for page cursors
     * @param events the event publisher
     * @param observer the observer every component reports to (already guarded against throwing)
     */
    public MeetKitContext(
            Clock clock,
            MeetKitStores stores,
            LiveKitGateway liveKit,
            String clientUrl,
            String apiKey,
            byte[] cursorKey,
            EventPublisher events,
            MeetKitObserver observer) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.stores = Objects.requireNonNull(stores, "stores");
        this.liveKit = Objects.requireNonNull(liveKit, "liveKit");
        this.clientUrl = Objects.requireNonNull(clientUrl, "clientUrl");
        this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
        this.cursors = new PageCursors(cursorKey);
        this.events = Objects.requireNonNull(events, "events");
        this.observer = Objects.requireNonNull(observer, "observer");
    }

    /** The clock. */
    public Clock clock() {
        return clock;
    }

    /**
     * The current time, truncated to microseconds so that it survives a round trip through PostgreSQL's
     * {@code timestamptz} unchanged (page cursors compare exact times).
     */
    public Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** The stores. */
    public MeetKitStores stores() {
        return stores;
    }

    /** The LiveKit gateway. */
    public LiveKitGateway liveKit() {
        return liveKit;
    }

    /** The URL participants' clients connect to (as configured, for example {@code wss://…}). */
    public String clientUrl() {
        return clientUrl;
    }

    /** The LiveKit API key. */
    public String apiKey() {
        return apiKey;
    }

    /** The publisher of {@code MeetingEvent}s to the application's listeners. */
    public EventPublisher events() {
        return events;
    }

    /** The observer every component reports what it did to (tokens issued, webhooks received); never throws. */
    public MeetKitObserver observer() {
        return observer;
    }

    /** The page cursor codec. */
    public PageCursors cursors() {
        return cursors;
    }
}
