package io.meetkit.store;

/**
 * The in-memory stores, all five: MeetKit's default "for tests and local development". Nothing is persisted and
 * nothing is shared between JVMs. Thread-safe.
 */
public final class InMemoryStores implements MeetKitStores {

    private final MeetingStore meetings = new InMemoryMeetingStore();
    private final RecordingStore recordings = new InMemoryRecordingStore();
    private final ParticipantNameStore names = new InMemoryParticipantNameStore();
    private final WebhookEventLog webhookEvents = new InMemoryWebhookEventLog();
    private final LeaseStore leases = new InMemoryLeaseStore();

    /** Creates five empty stores. */
    public InMemoryStores() {}

    @Override
    public MeetingStore meetings() {
        return meetings;
    }

    @Override
    public RecordingStore recordings() {
        return recordings;
    }

    @Override
    public ParticipantNameStore participantNames() {
        return names;
    }

    @Override
    public WebhookEventLog webhookEvents() {
        return webhookEvents;
    }

    @Override
    public LeaseStore leases() {
        return leases;
    }
}
