package io.meetkit.store;

/**
 * The in-memory stores, all of them: MeetKit's default "for tests and local development". Nothing is persisted and
 * nothing is shared between JVMs. Not transactional: an event is appended to the outbox right after its change.
 * Thread-safe.
 */
public final class InMemoryStores implements MeetKitStores {

    private final MeetingStore meetings = new InMemoryMeetingStore();
    private final RecordingStore recordings = new InMemoryRecordingStore();
    private final ParticipantNameStore names = new InMemoryParticipantNameStore();
    private final WebhookEventLog webhookEvents = new InMemoryWebhookEventLog();
    private final LeaseStore leases = new InMemoryLeaseStore();
    private final EventOutbox eventOutbox = new InMemoryEventOutbox();
    private final ParticipantBanStore bans = new InMemoryParticipantBanStore();

    /** Creates empty stores. */
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

    @Override
    public EventOutbox eventOutbox() {
        return eventOutbox;
    }

    @Override
    public ParticipantBanStore participantBans() {
        return bans;
    }
}
