package io.meetkit;

import io.meetkit.event.EventFeed;
import io.meetkit.event.EventRelay;
import io.meetkit.event.MeetingEventListener;
import io.meetkit.event.RelayOptions;
import io.meetkit.internal.Composition;
import io.meetkit.livekit.LiveKitGateway;
import io.meetkit.livekit.LiveKitServerGateway;
import io.meetkit.livekit.LiveKitWebhooks;
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
 * MeetKit's entry point: meetings on a LiveKit or OpenVidu 3 deployment, from one object.
 *
 * <pre>{@code
 * try (MeetKit kit = MeetKit.builder()
 *         .liveKitUrl("wss://meet.example.com")
 *         .apiKey(System.getenv("LIVEKIT_API_KEY"))
 *         .apiSecret(System.getenv("LIVEKIT_API_SECRET"))
 *         .build()) {
 *     Meeting m = kit.meetings().create(CreateMeeting.builder("Team sync", "user-42").build());
 * }
 * }</pre>
 *
 * <p>MeetKit is thread-safe; build one per application and share it. {@link #close()} releases the HTTP client it
 * created. {@link #toString()} never shows the API secret.
 */
public final class MeetKit implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MeetKit.class);

    /** The timeout of every LiveKit call unless {@link Builder#callTimeout(Duration)} sets another. */
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(10);

    private final String liveKitUrl;
    private final String apiKey;
    private final Composition components;
    private final int autoRecordParticipants;

    private MeetKit(String liveKitUrl, String apiKey, Composition components, int autoRecordParticipants) {
        this.liveKitUrl = liveKitUrl;
        this.apiKey = apiKey;
        this.components = components;
        this.autoRecordParticipants = autoRecordParticipants;
    }

    /**
     * Returns a builder.
     *
     * @return a new builder with every default set
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Creates the production LiveKit gateway over the official SDK, with its own HTTP client and this timeout on
     * every call; for applications that share one gateway (hand it to {@link Builder#liveKitGateway}) or check
     * LiveKit's health with it. {@link Builder#build()} creates one itself when given none.
     *
     * @param url the LiveKit URL; {@code ws://} and {@code wss://} are turned into {@code http://} and {@code https://}
     * @param apiKey the API key
     * @param apiSecret the API secret
     * @param callTimeout the limit of each call, connection included
     * @return the gateway; close it when done (thread-safe)
     * @throws IllegalArgumentException if the URL is not http, https, ws or wss, the key or secret is blank, or the
     *     timeout is not positive
     */
    public static LiveKitServerGateway liveKitGateway(
            String url, String apiKey, String apiSecret, Duration callTimeout) {
        return Composition.liveKitGateway(url, apiKey, apiSecret, callTimeout);
    }

    /** Meetings: create, find, list, change, end, delete; live participants. */
    public MeetingManager meetings() {
        return components.meetings();
    }

    /** Participant tokens: issue, refresh, change role, verify; unique display names. */
    public ParticipantTokens tokens() {
        return components.tokens();
    }

    /** Recordings: start, stop, list, delete, download (to the configured {@link RecordingStorage}). */
    public RecordingController recordings() {
        return components.recordings();
    }

    /** LiveKit webhooks: call {@link LiveKitWebhooks#handle} from the endpoint LiveKit posts to. */
    public LiveKitWebhooks webhooks() {
        return components.webhooks();
    }

    /** The periodic jobs: run them with {@link Maintenance#runOnce()} or {@link Maintenance#schedule}. */
    public Maintenance maintenance() {
        return components.maintenance();
    }

    /**
     * The relay that posts MeetKit's events from the store's outbox to the endpoints of {@link Builder#relay}: its
     * backlog, FAILED deliveries and their re-trigger. Without endpoints it has nothing to do.
     */
    public EventRelay relay() {
        return components.relay();
    }

    /** The changes feed: every event MeetKit published, read after a position, as long as it is kept. */
    public EventFeed events() {
        return components.events();
    }

    /** The stores in use. */
    public MeetKitStores stores() {
        return components.stores();
    }

    /** The LiveKit URL as configured; participants' clients connect to it. */
    public String liveKitUrl() {
        return liveKitUrl;
    }

    /**
     * How many visible participants a meeting with {@code autoRecord} needs before its recording starts, as set with
     * {@link Builder#autoRecordParticipants(int)}.
     *
     * @return at least 1
     */
    public int autoRecordParticipants() {
        return autoRecordParticipants;
    }

    /**
     * Stops the event relay (undelivered events stay in the store's outbox for the next start or another instance)
     * and releases what MeetKit created itself (the LiveKit HTTP client); stores given to it are left open.
     */
    @Override
    public void close() {
        for (AutoCloseable c : components.owned()) {
            try {
                c.close();
            } catch (Exception e) {
                log.warn("Closing {} failed", c, e);
            }
        }
    }

    @Override
    public String toString() {
        return "MeetKit{liveKitUrl=" + liveKitUrl + ", apiKey=" + apiKey + ", apiSecret=****}";
    }

    /**
     * Builds {@link MeetKit}. Setters validate at once and name the bad value; {@link #build()} says which required
     * setting is missing. Not thread-safe.
     */
    public static final class Builder {
        private @Nullable String liveKitUrl;
        private @Nullable String apiKey;
        private byte @Nullable [] apiSecret;
        private boolean allowShortSecret;
        private Clock clock = Clock.systemUTC();
        private Duration callTimeout = DEFAULT_CALL_TIMEOUT;
        private @Nullable MeetKitStores stores;
        private @Nullable LiveKitGateway gateway;
        private final List<MeetingEventListener> listeners = new ArrayList<>();
        private MeetKitObserver observer = MeetKitObserver.NONE;
        // participant tokens
        private Duration tokenTtl = ParticipantTokens.DEFAULT_TOKEN_TTL;
        private Duration clockSkew = InputRules.DEFAULT_CLOCK_SKEW;
        private RolePolicy rolePolicy = RolePolicy.defaults();
        private boolean createRoomsOnJoin;
        // webhooks and relays
        private int webhookBodyLimit = LiveKitWebhooks.DEFAULT_BODY_LIMIT;
        private RelayOptions relay = RelayOptions.none();
        // recordings
        private @Nullable RecordingStorage recordingStorage;
        private Duration recordingStartTimeout = RecordingController.DEFAULT_START_TIMEOUT;
        private int autoRecordParticipants = RecordingController.DEFAULT_AUTO_RECORD_PARTICIPANTS;
        private String recordingKeyPrefix = RecordingController.DEFAULT_KEY_PREFIX;
        private Duration recordingStaleAfter = RecordingController.DEFAULT_STALE_AFTER;

        private Builder() {}

        /**
         * Sets the largest LiveKit webhook body accepted (default 1 MiB); larger ones are refused unread.
         *
         * @throws IllegalArgumentException if not positive
         */
        public Builder webhookBodyLimit(int bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("webhookBodyLimit must be positive: " + bytes);
            }
            this.webhookBodyLimit = bytes;
            return this;
        }

        /**
         * Delivers every {@link io.meetkit.event.MeetingEvent} from the store's outbox to these endpoints, signed, at
         * least once and in order per meeting (default {@link RelayOptions#none()}: events are only kept for the
         * changes feed, {@link MeetKit#events()}). With JDBC stores the instance holding the relay lease delivers and
         * nothing is lost at a restart; see {@code docs/durable-events.md}.
         */
        public Builder relay(RelayOptions relay) {
            this.relay = Objects.requireNonNull(relay, "relay");
            return this;
        }

        /**
         * Sets the LiveKit URL, as clients know it ({@code wss://…}) or as the API ({@code https://…}). Required.
         *
         * @throws IllegalArgumentException if it is not an absolute http, https, ws or wss URL
         */
        public Builder liveKitUrl(String url) {
            LiveKitServerGateway.apiUrl(url);
            this.liveKitUrl = url.strip();
            return this;
        }

        /**
         * Sets the LiveKit API key. Required.
         *
         * @throws IllegalArgumentException if blank
         */
        public Builder apiKey(String apiKey) {
            Objects.requireNonNull(apiKey, "apiKey");
            if (apiKey.isBlank()) {
                throw new IllegalArgumentException("apiKey must not be blank");
            }
            this.apiKey = apiKey.strip();
            return this;
        }

        /**
         * Sets the LiveKit API secret. Required; at least {@value InputRules#MIN_SECRET_BYTES} bytes (UTF-8) unless
         * {@link #allowShortSecretForDevelopment(boolean)} is on. It is never shown by {@code toString()} or in
         * errors.
         *
         * @throws IllegalArgumentException if blank
         */
        public Builder apiSecret(String apiSecret) {
            Objects.requireNonNull(apiSecret, "apiSecret");
            if (apiSecret.isBlank()) {
                throw new IllegalArgumentException("apiSecret must not be blank");
            }
            this.apiSecret = apiSecret.getBytes(StandardCharsets.UTF_8);
            return this;
        }

        /**
         * Accepts API secrets shorter than {@value InputRules#MIN_SECRET_BYTES} bytes, such as LiveKit's development
         * {@code secret}. Never turn this on in production: a short HMAC key can be brute-forced, and anyone who
         * has it can mint tokens for every room.
         */
        public Builder allowShortSecretForDevelopment(boolean allow) {
            this.allowShortSecret = allow;
            return this;
        }

        /** Sets the clock of every time-based decision (default UTC system clock). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Sets the time limit of each LiveKit call (default 10 seconds).
         *
         * @throws IllegalArgumentException if not positive
         */
        public Builder callTimeout(Duration callTimeout) {
            this.callTimeout = InputRules.positive(callTimeout, "callTimeout");
            return this;
        }

        /**
         * Sets the stores (default {@link InMemoryStores}: nothing persisted; use {@code JdbcStores} from
         * meeting-jdbc in production).
         */
        public Builder stores(MeetKitStores stores) {
            this.stores = Objects.requireNonNull(stores, "stores");
            return this;
        }

        /**
         * Replaces the LiveKit adapter (default: a {@link LiveKitServerGateway} with {@link #callTimeout}, which
         * {@link MeetKit#close()} closes; a gateway given here is not closed).
         */
        public Builder liveKitGateway(LiveKitGateway gateway) {
            this.gateway = Objects.requireNonNull(gateway, "gateway");
            return this;
        }

        /**
         * Adds a listener of {@link io.meetkit.event.MeetingEvent}s (meeting started and ended, participants,
         * recordings). Listeners run after the change is stored; one that throws is logged and skipped.
         */
        public Builder listener(MeetingEventListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Sets the observer that hears what every component does (tokens issued, webhooks received, LiveKit calls),
         * for metrics (default {@link MeetKitObserver#NONE}: nothing recorded). An observer that throws is logged
         * and ignored.
         */
        public Builder observer(MeetKitObserver observer) {
            this.observer = Objects.requireNonNull(observer, "observer");
            return this;
        }

        // ------------------------------------------------------------ recordings

        /**
         * Sets where recording files are read and deleted, for example {@code S3RecordingStorage.builder()…build()}
         * (default none: the egress uploads with its own configuration and MeetKit can neither download nor delete
         * files). MeetKit does not close it.
         */
        public Builder recordingStorage(RecordingStorage storage) {
            this.recordingStorage = Objects.requireNonNull(storage, "storage");
            return this;
        }

        /**
         * Sets how many visible participants a meeting's room needs before {@code autoRecord} starts its recording
         * (default {@value RecordingController#DEFAULT_AUTO_RECORD_PARTICIPANTS}: the first join). The recording
         * starts once per room session, on whichever instance gets the {@code participant_joined} webhook that
         * reaches the number; above 1 each join costs one {@code ListParticipants} call to count.
         *
         * @throws IllegalArgumentException if less than 1
         */
        public Builder autoRecordParticipants(int participants) {
            if (participants < 1) {
                throw new IllegalArgumentException("autoRecordParticipants must be at least 1: " + participants);
            }
            this.autoRecordParticipants = participants;
            return this;
        }

        /**
         * Sets how long starting a recording waits for the egress to become active (default 20 seconds); after
         * that the recording is FAILED and its egress stopped.
         *
         * @throws IllegalArgumentException if not positive
         */
        public Builder recordingStartTimeout(Duration timeout) {
            this.recordingStartTimeout = InputRules.positive(timeout, "recordingStartTimeout");
            return this;
        }

        /**
         * Sets how long an unfinished recording may go without an update before the maintenance job checks it
         * against LiveKit's {@code ListEgress} (default 10 minutes): synced, or ABORTED when LiveKit no longer
         * knows its egress or it is stuck starting.
         *
         * @throws IllegalArgumentException if not positive ({@link #build()} also requires it to be longer than the
         *     recording start timeout)
         */
        public Builder recordingStaleAfter(Duration staleAfter) {
            this.recordingStaleAfter = InputRules.positive(staleAfter, "recordingStaleAfter");
            return this;
        }

        /**
         * Sets the object key prefix of recording files (default {@code recordings}): files are
         * {@code <prefix>/<meetingId>/<recordingId>.mp4}.
         *
         * @throws IllegalArgumentException if it is not a plain key path
         */
        public Builder recordingKeyPrefix(String prefix) {
            this.recordingKeyPrefix = RecordingController.validKeyPrefix(prefix);
            return this;
        }

        /**
         * Sets the lifetime of participant tokens (default 2 hours). Name reservations live one hour longer.
         *
         * @throws IllegalArgumentException if shorter than a second or longer than 24 hours
         */
        public Builder tokenTtl(Duration tokenTtl) {
            this.tokenTtl = ParticipantTokens.checkTokenTtl(tokenTtl);
            return this;
        }

        /**
         * Sets the clock skew allowed when verifying tokens' {@code exp}, {@code nbf} and {@code iat}: participant
         * tokens and LiveKit's webhook tokens alike (default {@link InputRules#DEFAULT_CLOCK_SKEW}, 60 seconds, as
         * LiveKit's server). One setting, because it is one allowance for one pair of clocks that disagree: this
         * process's and LiveKit's. LiveKit calls it {@code tokenLeeway}.
         *
         * @throws IllegalArgumentException if negative or above 10 minutes
         */
        public Builder clockSkew(Duration clockSkew) {
            this.clockSkew = InputRules.clockSkew(clockSkew, "clockSkew");
            return this;
        }

        /** Sets the participant roles (default {@link RolePolicy#defaults()}: MODERATOR and SPEAKER). */
        public Builder rolePolicy(RolePolicy rolePolicy) {
            this.rolePolicy = Objects.requireNonNull(rolePolicy, "rolePolicy");
            return this;
        }

        /**
         * Sets whether MeetKit creates a meeting's LiveKit room itself (CreateRoom) when it issues a token that can
         * join (default {@code false}).
         *
         * <p>Off, MeetKit makes no LiveKit call to issue or refresh a token: every token that can join carries
         * LiveKit's {@code roomConfig} claim with the meeting's settings (room name, empty timeout, departure timeout
         * {@link ParticipantTokens#ROOM_DEPARTURE_TIMEOUT}, max participants, room metadata), and LiveKit creates a
         * missing room on the first join (its {@code room.auto_create}, on by default) with those settings, whichever
         * instance issued the token and whatever happened to the room since. Turn it on only for a LiveKit whose
         * {@code room.auto_create} is off, where a join into a missing room is refused: MeetKit then creates the room
         * before it hands out the token, unless the store says the meeting's room session is live and this instance
         * confirmed that room within {@link ParticipantTokens#ROOM_RECHECK_INTERVAL}. Every instance sharing one
         * store must use the same setting.
         */
        public Builder createRoomsOnJoin(boolean create) {
            this.createRoomsOnJoin = create;
            return this;
        }

        /**
         * Builds MeetKit.
         *
         * @throws IllegalStateException if the URL, key or secret is missing, or the secret is too short
         */
        public MeetKit build() {
            if (liveKitUrl == null) {
                throw new IllegalStateException("liveKitUrl is required");
            }
            if (apiKey == null) {
                throw new IllegalStateException("apiKey is required");
            }
            if (apiSecret == null) {
                throw new IllegalStateException("apiSecret is required");
            }
            Composition components = Composition.create(new Composition.Settings(
                    liveKitUrl,
                    apiKey,
                    apiSecret,
                    allowShortSecret,
                    clock,
                    callTimeout,
                    stores,
                    gateway,
                    List.copyOf(listeners),
                    relay,
                    observer,
                    tokenTtl,
                    clockSkew,
                    rolePolicy,
                    createRoomsOnJoin,
                    webhookBodyLimit,
                    recordingStorage,
                    recordingStartTimeout,
                    recordingKeyPrefix,
                    recordingStaleAfter,
                    autoRecordParticipants));
            return new MeetKit(liveKitUrl, apiKey, components, autoRecordParticipants);
        }
    }
}
