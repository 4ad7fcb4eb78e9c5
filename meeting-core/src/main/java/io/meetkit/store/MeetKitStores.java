package io.meetkit.store;

import java.util.function.Supplier;

/**
 * All the stores MeetKit needs, from one place, for example {@code JdbcStores} in meeting-jdbc or
 * {@link InMemoryStores}. Pass it to {@code MeetKit.builder().stores(...)}.
 */
public interface MeetKitStores {

    /** The meeting store. */
    MeetingStore meetings();

    /** The recording store. */
    RecordingStore recordings();

    /** The participant name store. */
    ParticipantNameStore participantNames();

    /** The webhook event log. */
    WebhookEventLog webhookEvents();

    /** The lease store. */
    LeaseStore leases();

    /** The event outbox: the durable log of MeetKit's events and their relay deliveries. */
    EventOutbox eventOutbox();

    /** The participant bans: kicked identities, kept out of their meeting until their last token expired. */
    ParticipantBanStore participantBans();

    /**
     * Whether {@link #inTransaction} makes the work atomic. When it does, MeetKit stores a change and appends its
     * event in one transaction: both or neither. When it does not (the in-memory stores), the event is appended
     * right after the change; a crash in between loses the event, never the change.
     */
    default boolean transactional() {
        return false;
    }

    /**
     * Runs {@code work}, whose calls on these stores form one transaction when {@link #transactional()}: committed
     * when it returns, rolled back when it throws. Nested calls join the outer transaction. The default runs the work
     * as it is, each store call on its own.
     *
     * @param work the store calls to make together
     * @param <T> the result type
     * @return what {@code work} returned
     * @throws io.meetkit.StoreException if the transaction cannot be committed (nothing of it is stored)
     */
    default <T> T inTransaction(Supplier<T> work) {
        return work.get();
    }
}
