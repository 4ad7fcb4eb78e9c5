package io.meetkit.internal;

import io.meetkit.event.EventFeed;
import io.meetkit.event.EventRelay;
import io.meetkit.event.MeetingEventListener;
import io.meetkit.event.RelayOptions;
import io.meetkit.internal.event.OutboxFeed;
import io.meetkit.internal.event.OutboxRelay;
import io.meetkit.internal.jwt.Hs256Jwt;
import io.meetkit.internal.jwt.WebhookSignatureVerifier;
import io.meetkit.internal.maintenance.MaintenanceImpl;
import io.meetkit.internal.meeting.MeetingManagerImpl;
import io.meetkit.internal.observe.ObservedLiveKitGateway;
import io.meetkit.internal.observe.SafeObserver;
import io.meetkit.internal.participant.NameRejoin;
import io.meetkit.internal.participant.ParticipantBans;
import io.meetkit.internal.participant.ParticipantTokensImpl;
import io.meetkit.internal.recording.AutoRecorder;
import io.meetkit.internal.recording.Recordings;
import io.meetkit.internal.webhook.LiveKitWebhooksImpl;
import io.meetkit.livekit.LiveKitGateway;
import io.meetkit.livekit.LiveKitServerGateway;
import io.meetkit.livekit.LiveKitWebhooks;
import io.meetkit.livekit.internal.SdkLiveKitGateway;
import io.meetkit.maintenance.Maintenance;
import io.meetkit.meeting.MeetingManager;
import io.meetkit.observe.MeetKitObserver;
import io.meetkit.participant.ParticipantTokens;
import io.meetkit.participant.RolePolicy;
import io.meetkit.recording.RecordingController;
import io.meetkit.recording.RecordingStorage;
import io.meetkit.rules.InputRules;
import io.meetkit.store.InMemoryStores;
import io.meetkit.store.MeetKitStores;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MeetKit's composition root: creates every component through its constructor, in one place, from settings that
 * {@code MeetKit.Builder} has already validated. Nothing is installed after construction and nothing is built to be
 * replaced. Not API.
 *
 * <p>Immutable and thread-safe once created.
 */
public final class Composition {

    private static final Logger log = LoggerFactory.getLogger(Composition.class);

    /**
     * What {@code MeetKit.Builder} collected, each value already checked on its own.
     *
     * @param liveKitUrl the LiveKit URL as configured (clients connect to it)
     * @param apiKey the API key
     * @param apiSecret the API secret's UTF-8 bytes (copied by {@link #create})
     * @param allowShortSecret whether a secret shorter than the minimum is accepted (development only)
     * @param clock the clock of every time-based decision
     * @param callTimeout the limit of each LiveKit call of a gateway created here
     * @param stores the stores, or {@code null} for in-memory stores
     * @param gateway the application's LiveKit gateway, or {@code null} to create the SDK adapter
     * @param listeners the event listeners
     * @param relay the relay's endpoints and settings ({@link RelayOptions#none()} for none)
     * @param observer the application's observer
     * @param tokenTtl the participant token lifetime
     * @param clockSkew the clock skew allowed when verifying tokens and webhooks
     * @param rolePolicy the participant roles
     * @param createRoomsOnJoin whether issuing a join token creates the LiveKit room (else LiveKit creates it on join,
     *     from the token's {@code roomConfig})
     * @param webhookBodyLimit the largest webhook body accepted, in bytes
     * @param recordingStorage where recording files are read and deleted, or {@code null}
     * @param recordingStartTimeout how long a recording start waits for the egress
     * @param recordingKeyPrefix the object key prefix of recording files
     * @param recordingStaleAfter when an unfinished recording is checked against LiveKit
     * @param autoRecordParticipants how many participants start an auto-recording
     */
    public record Settings(
            String liveKitUrl,
            String apiKey,
            byte[] apiSecret,
            boolean allowShortSecret,
            Clock clock,
            Duration callTimeout,
            @Nullable MeetKitStores stores,
            @Nullable LiveKitGateway gateway,
            List<MeetingEventListener> listeners,
            RelayOptions relay,
            MeetKitObserver observer,
            Duration tokenTtl,
            Duration clockSkew,
            RolePolicy rolePolicy,
            boolean createRoomsOnJoin,
            int webhookBodyLimit,
            @Nullable RecordingStorage recordingStorage,
            Duration recordingStartTimeout,
            String recordingKeyPrefix,
            Duration recordingStaleAfter,
            int autoRecordParticipants) {

        /**
         * Checks what depends on more than one setting.
         *
         * @throws IllegalStateException if the secret is too short without {@code allowShortSecret}, or
         *     {@code recordingStaleAfter} is not longer than {@code recordingStartTimeout}
         */
        public Settings {
            if (!InputRules.isLongEnoughSecret(apiSecret.length) && !allowShortSecret) {
                throw new IllegalStateException("apiSecret must be at least " + InputRules.MIN_SECRET_BYTES
                        + " bytes, it has "
                        + apiSecret.length + ": LiveKit tokens are HMAC-SHA256, and a short key can be brute-forced."
                        + " For LiveKit's development mode only, call allowShortSecretForDevelopment(true)");
            }
            if (recordingStaleAfter.compareTo(recordingStartTimeout) <= 0) {
                throw new IllegalStateException("recordingStaleAfter (" + recordingStaleAfter + ") must be longer "
                        + "than recordingStartTimeout (" + recordingStartTimeout + ")");
            }
            if (!InputRules.isLongEnoughSecret(apiSecret.length)) {
                log.warn("MeetKit runs with a {}-byte LiveKit API secret: for development only", apiSecret.length);
            }
        }
    }

    private final MeetKitStores stores;
    private final MeetingManager meetings;
    private final ParticipantTokens tokens;
    private final RecordingController recordings;
    private final LiveKitWebhooks webhooks;
    private final Maintenance maintenance;
    private final OutboxRelay relay;
    private final EventFeed events;
    private final List<AutoCloseable> owned;

    private Composition(Settings s) {
        List<AutoCloseable> closeables = new ArrayList<>();
        LiveKitGateway lk = s.gateway();
        if (lk == null) {
            LiveKitServerGateway created = liveKitGateway(
                    s.liveKitUrl(), s.apiKey(), new String(s.apiSecret(), StandardCharsets.UTF_8), s.callTimeout());
            closeables.add(created);
            lk = created;
        }
        MeetKitObserver observed = new SafeObserver(s.observer());
        if (s.observer() != MeetKitObserver.NONE) {
            lk = ObservedLiveKitGateway.observe(lk, observed);
        }
        MeetKitStores st = s.stores();
        if (st == null) {
            log.info("MeetKit uses in-memory stores: nothing is persisted or shared between instances");
            st = new InMemoryStores();
        }
        this.stores = st;
        this.relay = new OutboxRelay(st.eventOutbox(), st.leases(), s.clock(), s.relay());
        this.events = new OutboxFeed(st.eventOutbox(), s.clock());
        closeables.add(0, relay); // stop delivering before the gateway goes
        this.owned = List.copyOf(closeables);
        MeetKitContext context = new MeetKitContext(
                s.clock(),
                st,
                lk,
                s.liveKitUrl(),
                s.apiKey(),
                s.apiSecret().clone(),
                new EventPublisher(st, s.clock(), s.listeners(), relay::wake),
                observed);
        Hs256Jwt jwt = Hs256Jwt.builder()
                .issuer(s.apiKey())
                .secret(s.apiSecret())
                .clockSkew(s.clockSkew())
                .allowShortSecret(s.allowShortSecret())
                .build();
        WebhookSignatureVerifier verifier = new WebhookSignatureVerifier(jwt);
        Recordings recordingParts = Recordings.create(
                context,
                s.recordingStorage(),
                s.recordingStartTimeout(),
                s.recordingKeyPrefix(),
                s.recordingStaleAfter());
        this.recordings = recordingParts.controller();
        MeetingLifecycle lifecycle = new MeetingLifecycle(context, recordingParts.purge());
        // a kick bans until the last token the identity could hold has expired, as LiveKit still accepts it
        ParticipantBans bans = new ParticipantBans(context, s.tokenTtl().plus(s.clockSkew()));
        this.meetings = new MeetingManagerImpl(context, lifecycle, bans);
        this.tokens =
                new ParticipantTokensImpl(context, jwt, s.rolePolicy(), s.tokenTtl(), bans, s.createRoomsOnJoin());
        this.webhooks = new LiveKitWebhooksImpl(
                context,
                lifecycle,
                recordingParts.egressEvents(),
                new AutoRecorder(context, recordings, s.autoRecordParticipants()),
                verifier,
                s.webhookBodyLimit(),
                bans,
                new NameRejoin(context, s.rolePolicy(), s.tokenTtl()));
        this.maintenance = new MaintenanceImpl(
                context,
                meetings,
                lifecycle,
                Maintenance.DEFAULT_LEASE_TIME,
                List.of(recordingParts.staleJob(), relay.purgeJob()));
        relay.start();
    }

    /**
     * Creates every component.
     *
     * @param settings the validated settings
     * @return the components, wired
     */
    public static Composition create(Settings settings) {
        return new Composition(Objects.requireNonNull(settings, "settings"));
    }

    /**
     * Creates the production LiveKit gateway over the SDK, with its own HTTP client.
     *
     * @param url the LiveKit URL ({@code ws://} and {@code wss://} become {@code http://} and {@code https://})
     * @param apiKey the API key
     * @param apiSecret the API secret
     * @param callTimeout the limit of each call, connection included
     * @return the gateway, to be closed when done
     * @throws IllegalArgumentException if the URL is not http, https, ws or wss, the key or secret is blank, or the
     *     timeout is not positive
     */
    public static LiveKitServerGateway liveKitGateway(
            String url, String apiKey, String apiSecret, Duration callTimeout) {
        return SdkLiveKitGateway.create(url, apiKey, apiSecret, callTimeout);
    }

    /** The stores in use. */
    public MeetKitStores stores() {
        return stores;
    }

    /** The meetings component. */
    public MeetingManager meetings() {
        return meetings;
    }

    /** The participant tokens component. */
    public ParticipantTokens tokens() {
        return tokens;
    }

    /** The recordings component. */
    public RecordingController recordings() {
        return recordings;
    }

    /** The LiveKit webhook handler. */
    public LiveKitWebhooks webhooks() {
        return webhooks;
    }

    /** The periodic jobs. */
    public Maintenance maintenance() {
        return maintenance;
    }

    /** The event relay (idle without endpoints). */
    public EventRelay relay() {
        return relay;
    }

    /** The changes feed. */
    public EventFeed events() {
        return events;
    }

    /** What the composition created or was handed to close: the relay and the gateway it created. */
    public List<AutoCloseable> owned() {
        return owned;
    }
}
