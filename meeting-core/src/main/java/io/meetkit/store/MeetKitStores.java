package io.meetkit.store;

/**
 * All five stores MeetKit needs, from one place, for example {@code JdbcStores} in meeting-jdbc or
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
}
