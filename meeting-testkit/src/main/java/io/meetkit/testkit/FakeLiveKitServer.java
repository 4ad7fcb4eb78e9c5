package io.meetkit.testkit;

import com.sun.net.httpserver.HttpServer;
import io.meetkit.rules.InputRules;
import io.meetkit.testkit.internal.ClientJoin;
import io.meetkit.testkit.internal.EgressSimulator;
import io.meetkit.testkit.internal.EgressUploader;
import io.meetkit.testkit.internal.FaultQueue;
import io.meetkit.testkit.internal.LiveKitRoutes;
import io.meetkit.testkit.internal.LiveKitState;
import io.meetkit.testkit.internal.TwirpHttpHandler;
import io.meetkit.testkit.internal.WebhookDispatcher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import livekit.LivekitEgress.EgressInfo;
import livekit.LivekitEgress.EgressStatus;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.Room;
import livekit.LivekitModels.TrackInfo;
import livekit.LivekitRoom.CreateRoomRequest;
import livekit.LivekitWebhook.WebhookEvent;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An in-process LiveKit API server for tests, held to LiveKit's protocol rather than to any one client: Twirp over
 * HTTP on {@code 127.0.0.1} ({@code POST /twirp/livekit.RoomService/*} and {@code /twirp/livekit.Egress/*}), bodies
 * in protobuf or JSON answered in kind, {@code Authorization: Bearer <JWT>} verified like LiveKit (HS256 only,
 * {@code exp} required, issuer = API key, 60 s clock skew, {@code iat} not checked) with the grant each RPC needs, Twirp errors with LiveKit's
 * codes and messages, signed webhooks, a simulated egress that uploads a small MP4 to S3, and fault injection.
 * The official {@code io.livekit.server.RoomServiceClient}/{@code EgressServiceClient} and LiveKit's Node SDK
 * (JSON) work against it.
 *
 * <pre>{@code
 * try (FakeLiveKitServer lk = FakeLiveKitServer.builder().apiKey("devkey").apiSecret(secret).build().start()) {
 *     RoomServiceClient rooms = RoomServiceClient.createClient(lk.url(), lk.apiKey(), lk.apiSecret());
 *     lk.joinParticipant("standup", "alice");
 *     lk.failNext(1, Fault.http(503));
 * }
 * }</pre>
 *
 * <p>Where LiveKit's answers surprise (routed RPCs answering 503 for unknown participants, remote unmute off, JSON
 * in proto names with every field, the egress's hidden participant, …) the fake follows LiveKit's Go source; the
 * testkit's README lists them with their sources. Besides the RPCs, plain Java methods let a test act as LiveKit's
 * clients and as LiveKit itself ({@link #join(String, FakeTrack...)} with a participant's token,
 * {@link #joinParticipant}, {@link #publishTrack}, {@link #unpublishTrack}, {@link #leaveParticipant},
 * {@link #finishRoom}, {@link #completeEgress}, {@link #removeRoom}), and the same operations are served over HTTP
 * under {@code /fake/} for clients that are not on the JVM (see {@link FakeLiveKitServerMain}); read what the
 * fake saw ({@link #rooms()}, {@link #participants(String)}, {@link #sentData()}, {@link #requests()},
 * {@link #sentWebhooks()}, {@link #egresses()}), and script failures ({@link #failNext(int, Fault)},
 * {@link #holdWebhooks()}, {@link #deliverWebhooksTwice(boolean)}, {@link #egressOutcome(EgressOutcome)}).
 * Room, participant and egress snapshots are immutable LiveKit protobuf messages.
 *
 * <p>Thread-safe: RPCs are served by a small pool of threads and every method may be called from any thread.
 * Webhooks to the {@link WebhookSink} are delivered synchronously on the thread that caused the event (unless
 * {@link Builder#asyncWebhookSink(boolean)}); HTTP webhooks are POSTed on one background thread, in order.
 * Create one per test class (see {@link FakeLiveKitExtension}); {@link #reset()} between tests.
 */
public final class FakeLiveKitServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(FakeLiveKitServer.class.getName());

    /** The JDK HTTP server's switch for TCP_NODELAY on accepted sockets, read once per JVM when it first starts. */
    static final String NODELAY_PROPERTY = "sun.net.httpserver.nodelay";

    static {
        // With Nagle's algorithm on (the JDK's default) a response written as headers then body waits for the
        // client's delayed ACK: ~40 ms on every other call. A value set on the command line (even false) is kept.
        if (System.getProperty(NODELAY_PROPERTY) == null) {
            System.setProperty(NODELAY_PROPERTY, "true");
        }
    }

    private final String apiKey;
    private final String apiSecret;
    private final int requestedPort;
    private final int workerThreads;
    private final LiveKitState state;
    private final WebhookDispatcher webhooks;
    private final EgressSimulator egress;
    private final FaultQueue faults = new FaultQueue();
    private final TwirpHttpHandler handler;
    private final boolean defaultFinishRoomWhenEmpty;
    private final boolean defaultAutoCreate;
    private final boolean defaultRemoteUnmute;
    private final Clock clock;
    private final Duration clockSkew;
    private volatile boolean autoCreate;

    private final Object lifecycle = new Object();
    private @Nullable HttpServer server;
    private @Nullable ExecutorService executor;
    private boolean closed;

    private FakeLiveKitServer(Builder b) {
        this.apiKey = b.apiKey;
        this.apiSecret = b.apiSecret != null ? b.apiSecret : randomSecret();
        this.requestedPort = b.port;
        this.workerThreads = b.workerThreads;
        this.state = new LiveKitState(b.clock);
        this.defaultFinishRoomWhenEmpty = b.finishRoomWhenEmpty;
        state.finishRoomWhenEmpty(b.finishRoomWhenEmpty);
        this.defaultAutoCreate = b.autoCreate;
        this.autoCreate = b.autoCreate;
        this.defaultRemoteUnmute = b.remoteUnmute;
        state.remoteUnmute(b.remoteUnmute);
        this.clock = b.clock;
        this.clockSkew = b.clockSkew;
        this.webhooks = new WebhookDispatcher(
                apiKey, apiSecret, b.clock, b.webhookSink, b.webhookUrl, b.asyncWebhookSink, b.shuffleSeed);
        this.egress = new EgressSimulator(
                state, new EgressUploader(b.egressS3, b.egressBucket), webhooks::publish, b.egressActivationDelay);
        this.handler = new TwirpHttpHandler(
                LiveKitRoutes.create(state, egress, webhooks::publish),
                apiKey,
                apiSecret,
                b.clock,
                b.clockSkew,
                faults);
    }

    /**
     * Starts configuring a server.
     *
     * @return a new builder with defaults: API key {@code devkey}, a random 32-byte secret, a free port
     */
    public static Builder builder() {
        return new Builder();
    }

    // ====================================================================== lifecycle

    /**
     * Binds to {@code 127.0.0.1} and starts serving.
     *
     * @return this server, for chaining
     * @throws IllegalStateException if already started or closed
     * @throws UncheckedIOException  if the port cannot be bound
     */
    public FakeLiveKitServer start() {
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException("FakeLiveKitServer is closed");
            }
            if (server != null) {
                throw new IllegalStateException("FakeLiveKitServer is already started at " + url());
            }
            AtomicInteger n = new AtomicInteger();
            ThreadPoolExecutor pool = new ThreadPoolExecutor(
                    workerThreads, workerThreads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                        Thread t = new Thread(r, "fake-livekit-http-" + n.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
            pool.allowCoreThreadTimeOut(true);
            try {
                HttpServer s =
                        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), requestedPort), 64);
                s.createContext("/", handler);
                s.createContext(ControlApi.PREFIX, new ControlApi(this));
                s.setExecutor(pool);
                s.start();
                this.server = s;
                this.executor = pool;
            } catch (IOException e) {
                pool.shutdownNow();
                throw new UncheckedIOException("cannot bind 127.0.0.1:" + requestedPort, e);
            }
            LOG.log(System.Logger.Level.DEBUG, "fake LiveKit listening at " + url());
            return this;
        }
    }

    /**
     * Stops serving and ends background work (webhook POSTs not yet sent are dropped). Idempotent.
     */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            if (server != null) {
                server.stop(0);
            }
            if (executor != null) {
                executor.shutdownNow();
            }
        }
        egress.close();
        webhooks.close();
    }

    /**
     * The base URL to give LiveKit clients, e.g. {@code http://127.0.0.1:41234}.
     *
     * @return the URL, without a trailing slash
     * @throws IllegalStateException if the server is not started
     */
    public String url() {
        return "http://127.0.0.1:" + port();
    }

    /**
     * The bound port.
     *
     * @return the port
     * @throws IllegalStateException if the server is not started
     */
    public int port() {
        synchronized (lifecycle) {
            if (server == null) {
                throw new IllegalStateException("FakeLiveKitServer is not started; call start()");
            }
            return server.getAddress().getPort();
        }
    }

    /** @return the API key tokens must be issued by ({@code iss}) */
    public String apiKey() {
        return apiKey;
    }

    /** @return the API secret tokens must be signed with, and webhooks are signed with */
    public String apiSecret() {
        return apiSecret;
    }

    /**
     * Forgets all rooms, participants, data messages, egresses, requests, faults, webhooks (sent and held) and
     * delivery errors, and turns the runtime switches back to the builder's settings (deliver-twice and hold off,
     * egress outcome COMPLETE, activation delay, finish-room-when-empty, auto-create and remote unmute as built). Key, secret, port, clock and
     * webhook targets stay.
     */
    public void reset() {
        faults.clear();
        state.reset();
        state.finishRoomWhenEmpty(defaultFinishRoomWhenEmpty);
        state.remoteUnmute(defaultRemoteUnmute);
        autoCreate = defaultAutoCreate;
        egress.reset();
        webhooks.reset();
        handler.clearRequests();
    }

    // ====================================================================== acting as LiveKit's clients and itself

    /**
     * Creates a room as CreateRoom would (defaults for timeouts), with {@code room_started}; returns the existing
     * room unchanged if there is one.
     *
     * @param name the room name
     * @return the room
     * @throws IllegalArgumentException if the name is empty
     */
    public Room createRoom(String name) {
        requireName(name, "room");
        List<WebhookEvent> events = new ArrayList<>();
        Room room =
                state.createRoom(CreateRoomRequest.newBuilder().setName(name).build(), events);
        webhooks.publish(events);
        return room;
    }

    /**
     * A participant joins with no name, metadata or tracks. See {@link #joinParticipant(String, FakeParticipant)}.
     *
     * @param room     the room, created if missing (when auto-create is on)
     * @param identity the identity
     * @return the participant
     * @throws IllegalArgumentException if an argument is empty
     * @throws JoinRefusedException     if LiveKit would refuse the join (room missing with auto-create off, room full)
     */
    public ParticipantInfo joinParticipant(String room, String identity) {
        return joinParticipant(room, FakeParticipant.builder(identity).build());
    }

    /**
     * A participant joins with a name, metadata and tracks. See {@link #joinParticipant(String, FakeParticipant)}.
     *
     * @param room     the room, created if missing (when auto-create is on)
     * @param identity the identity
     * @param name     the display name
     * @param metadata the metadata, or null for none
     * @param tracks   tracks it publishes
     * @return the participant
     * @throws IllegalArgumentException if the room or identity is empty
     * @throws JoinRefusedException     if LiveKit would refuse the join (room missing with auto-create off, room full)
     */
    public ParticipantInfo joinParticipant(
            String room, String identity, String name, @Nullable String metadata, FakeTrack... tracks) {
        return joinParticipant(
                room,
                FakeParticipant.builder(identity)
                        .name(name)
                        .metadata(metadata == null ? "" : metadata)
                        .tracks(tracks)
                        .build());
    }

    /**
     * A participant joins as a client holding a valid room-join token for this room would (no {@code roomConfig},
     * no {@code roomCreate}), through the same room checks as {@link #join(String, FakeTrack...)}: a missing room is
     * created with the server's defaults ({@code room_started}) if auto-create is on ({@link #autoCreate(boolean)})
     * and refused otherwise; a full room ({@code max_participants}, not counting EGRESS and AGENT participants)
     * refuses; a participant already there with the same identity is replaced ({@code participant_left}, reason
     * DUPLICATE_IDENTITY), then {@code participant_joined}. The participant is ACTIVE, has a {@code PA_} sid, and its
     * tracks {@code TR_} sids.
     *
     * @param room        the room
     * @param participant who joins
     * @return the participant as RPCs will report it
     * @throws IllegalArgumentException if the room name is empty
     * @throws JoinRefusedException     if LiveKit would refuse the join; nothing changes
     */
    public ParticipantInfo joinParticipant(String room, FakeParticipant participant) {
        requireName(room, "room");
        Objects.requireNonNull(participant, "participant");
        return admit(CreateRoomRequest.newBuilder().setName(room).build(), false, participant);
    }

    /**
     * A client connects with this access token, exactly as LiveKit checks a connection
     * ({@code pkg/service/auth.go}, {@code pkg/service/utils.go} {@code ValidateConnectRequest},
     * {@code roomallocator.go}, {@code pkg/rtc/room.go} {@code Join}): the token must verify (signature, issuer,
     * {@code exp}/{@code nbf} with the leeway), carry a {@code video} grant with {@code roomJoin}, an identity
     * ({@code sub}) and a room. A missing room is created from the token's {@code roomConfig} claim (empty and
     * departure timeouts, max participants, metadata; {@code room_started}) when auto-create is on or the token has
     * {@code roomCreate}, and refused with 404 otherwise; a live room keeps its settings. The participant's name,
     * metadata, attributes, kind and permission come from the token.
     *
     * @param token  the participant's JWT, as a LiveKit client SDK would send it
     * @param tracks tracks it publishes on joining
     * @return the participant as RPCs will report it
     * @throws JoinRefusedException with LiveKit's status and message if the connection would be refused; nothing
     *                              changes
     */
    public ParticipantInfo join(String token, FakeTrack... tracks) {
        Objects.requireNonNull(token, "token");
        ClientJoin.Validated v;
        try {
            v = ClientJoin.validate(token, apiKey, apiSecret, clock.instant(), clockSkew, List.of(tracks));
        } catch (LiveKitState.JoinRefused e) {
            throw new JoinRefusedException(e.status(), e.getMessage());
        }
        return admit(v.createRoom(), v.roomCreate(), v.participant());
    }

    private ParticipantInfo admit(CreateRoomRequest createRoom, boolean roomCreate, FakeParticipant participant) {
        List<WebhookEvent> events = new ArrayList<>();
        try {
            return state.join(createRoom, autoCreate || roomCreate, participant, events);
        } catch (LiveKitState.JoinRefused e) {
            throw new JoinRefusedException(e.status(), e.getMessage());
        } finally {
            webhooks.publish(events);
        }
    }

    /**
     * LiveKit's {@code room.auto_create} ({@code pkg/config/config.go}, on by default): whether a join may create a
     * missing room. Off, a join into a room nobody created is refused (404) unless its token has {@code roomCreate}.
     *
     * @param enabled true to create rooms on join
     */
    public void autoCreate(boolean enabled) {
        this.autoCreate = enabled;
    }

    /**
     * LiveKit's {@code room.enable_remote_unmute} (off by default): whether MutePublishedTrack may unmute. Off, an
     * unmute is refused with 412 {@code failed_precondition} "remote unmute not enabled".
     *
     * @param enabled true to allow remote unmute
     */
    public void remoteUnmute(boolean enabled) {
        state.remoteUnmute(enabled);
    }

    /**
     * A participant publishes a track ({@code track_published}), as a client's AddTrack does.
     *
     * @param room     the room
     * @param identity the participant
     * @param track    the track
     * @return the track with its {@code TR_} sid, or empty if the participant is not in the room or may not publish
     *     the track's source (LiveKit's {@code CanPublishSource}: {@code canPublish} and {@code canPublishSources})
     */
    public Optional<TrackInfo> publishTrack(String room, String identity, FakeTrack track) {
        Objects.requireNonNull(track, "track");
        List<WebhookEvent> events = new ArrayList<>();
        TrackInfo t = state.publish(room, identity, track, events);
        webhooks.publish(events);
        return Optional.ofNullable(t);
    }

    /**
     * A participant stops publishing a track ({@code track_unpublished}).
     *
     * @param room     the room
     * @param identity the participant
     * @param trackSid the track
     * @return the track as it was, or empty if the participant or the track is not there
     */
    public Optional<TrackInfo> unpublishTrack(String room, String identity, String trackSid) {
        List<WebhookEvent> events = new ArrayList<>();
        TrackInfo t = state.unpublish(room, identity, trackSid, events);
        webhooks.publish(events);
        return Optional.ofNullable(t);
    }

    /**
     * A participant leaves on its own ({@code participant_left}, reason CLIENT_INITIATED). If
     * {@link #finishRoomWhenEmpty(boolean)} is on and the room is now empty, it finishes too.
     *
     * @param room     the room
     * @param identity the participant
     * @return true if the participant was there
     */
    public boolean leaveParticipant(String room, String identity) {
        List<WebhookEvent> events = new ArrayList<>();
        List<String> running = state.leave(room, identity, events);
        webhooks.publish(events);
        if (running == null) {
            return false;
        }
        egress.roomClosed(running);
        return true;
    }

    /**
     * The room finishes as when its empty or departure timeout fires: remaining participants leave
     * ({@code participant_left}, ROOM_CLOSED), then {@code room_finished}; running egresses end (active ones
     * complete with their file).
     *
     * @param name the room
     * @return true if the room existed
     */
    public boolean finishRoom(String name) {
        List<WebhookEvent> events = new ArrayList<>();
        List<String> running = state.finishRoom(name, events);
        webhooks.publish(events);
        if (running == null) {
            return false;
        }
        egress.roomClosed(running);
        return true;
    }

    /**
     * Removes a room behind everyone's back: no webhook at all, as when LiveKit restarts or a
     * {@code room_finished} gets lost. Lets tests exercise reconciliation.
     *
     * @param name the room
     * @return true if the room existed
     */
    public boolean removeRoom(String name) {
        return state.removeRoomSilently(name);
    }

    /**
     * Whether a room finishes ({@code room_finished}) as soon as its last participant leaves or is removed, instead
     * of staying until {@link #finishRoom(String)} or DeleteRoom. Off by default (LiveKit waits for the departure
     * timeout).
     *
     * @param finish true to finish empty rooms at once
     */
    public void finishRoomWhenEmpty(boolean finish) {
        state.finishRoomWhenEmpty(finish);
    }

    // ====================================================================== reading state

    /** @return all rooms, in creation order */
    public List<Room> rooms() {
        return state.listRooms(List.of());
    }

    /**
     * One room.
     *
     * @param name the room
     * @return the room, or empty if it does not exist
     */
    public Optional<Room> room(String name) {
        return state.room(name);
    }

    /**
     * The participants of a room.
     *
     * @param room the room
     * @return the participants in join order (empty for an unknown room)
     */
    public List<ParticipantInfo> participants(String room) {
        return state.listParticipants(room);
    }

    /**
     * One participant.
     *
     * @param room     the room
     * @param identity the identity
     * @return the participant, or empty
     */
    public Optional<ParticipantInfo> participant(String room, String identity) {
        return state.participant(room, identity);
    }

    /** @return every SendData call accepted, oldest first */
    public List<SentData> sentData() {
        return state.sentData();
    }

    /** @return every HTTP request received (faulted and refused ones too), oldest first */
    public List<RecordedRequest> requests() {
        return handler.requests();
    }

    /**
     * The requests for one RPC.
     *
     * @param rpc the method name, e.g. {@code CreateRoom}
     * @return those requests, oldest first
     */
    public List<RecordedRequest> requests(String rpc) {
        List<RecordedRequest> out = new ArrayList<>();
        for (RecordedRequest r : handler.requests()) {
            if (r.method().equals(rpc)) {
                out.add(r);
            }
        }
        return out;
    }

    // ====================================================================== faults

    /**
     * Makes the next {@code n} requests (any path, any RPC) fail with {@code fault}. Rules armed earlier are used
     * up first.
     *
     * @param n     how many requests, positive
     * @param fault what goes wrong
     * @throws IllegalArgumentException if {@code n} is not positive
     */
    public void failNext(int n, Fault fault) {
        arm(null, n, fault);
    }

    /**
     * Makes the next {@code n} calls of one RPC fail with {@code fault}; other RPCs are unaffected.
     *
     * @param rpc   the method name, e.g. {@code CreateRoom} or {@code StartRoomCompositeEgress}
     * @param n     how many calls, positive
     * @param fault what goes wrong
     * @throws IllegalArgumentException if {@code n} is not positive or {@code rpc} is empty
     */
    public void failNext(String rpc, int n, Fault fault) {
        requireName(rpc, "rpc");
        arm(rpc, n, fault);
    }

    private void arm(@Nullable String rpc, int n, Fault fault) {
        Objects.requireNonNull(fault, "fault");
        if (n <= 0) {
            throw new IllegalArgumentException("n must be positive: " + n);
        }
        faults.add(rpc, n, fault);
    }

    /** @return how many requests armed faults will still hit */
    public int pendingFaults() {
        return faults.pending();
    }

    /** Disarms all faults. */
    public void clearFaults() {
        faults.clear();
    }

    // ====================================================================== webhooks

    /** @return every webhook delivery made so far (twice-delivered events appear twice), oldest first */
    public List<SentWebhook> sentWebhooks() {
        return webhooks.sent();
    }

    /**
     * The deliveries of one event type.
     *
     * @param event e.g. {@code participant_joined}
     * @return those deliveries, oldest first
     */
    public List<SentWebhook> sentWebhooks(String event) {
        List<SentWebhook> out = new ArrayList<>();
        for (SentWebhook w : webhooks.sent()) {
            if (w.name().equals(event)) {
                out.add(w);
            }
        }
        return out;
    }

    /** @return exceptions thrown by the sink and failed HTTP deliveries, oldest first */
    public List<Throwable> webhookDeliveryErrors() {
        return webhooks.errors();
    }

    /**
     * Replaces the in-process webhook sink.
     *
     * @param sink the sink, or null for none
     */
    public void webhookSink(@Nullable WebhookSink sink) {
        webhooks.sink(sink);
    }

    /**
     * Replaces the URL webhooks are POSTed to.
     *
     * @param url the URL, or null for none
     */
    public void webhookUrl(@Nullable URI url) {
        webhooks.url(url);
    }

    /**
     * Delivers every event twice from now on (same id, same body, each with its own token), as LiveKit's retries
     * can.
     *
     * @param twice true to duplicate deliveries
     */
    public void deliverWebhooksTwice(boolean twice) {
        webhooks.deliverTwice(twice);
    }

    /** Holds webhook events from now on instead of delivering them, until {@link #releaseHeldWebhooks}. */
    public void holdWebhooks() {
        webhooks.hold(true);
    }

    /** @return the events held so far, oldest first */
    public List<WebhookEvent> heldWebhooks() {
        return webhooks.held();
    }

    /**
     * Stops holding and delivers the held events in the given order (signed at release time).
     *
     * @param order AS_HAPPENED, REVERSED or SHUFFLED (reproducible, see {@link Builder#shuffleSeed(long)})
     * @return how many events were released
     */
    public int releaseHeldWebhooks(WebhookOrder order) {
        return webhooks.release(Objects.requireNonNull(order, "order"));
    }

    /**
     * Waits until queued background deliveries (HTTP POSTs, async sink calls) have run.
     *
     * @param timeout how long to wait at most
     * @return true if done, false on timeout
     * @throws InterruptedException if interrupted
     */
    public boolean awaitWebhookDeliveries(Duration timeout) throws InterruptedException {
        return webhooks.awaitBackground(timeout);
    }

    /**
     * Signs a webhook body exactly as the fake signs its own deliveries, to forge or tamper with webhooks in tests.
     *
     * @param body the raw body bytes
     * @return the {@code Authorization} header value (a JWT with the body's {@code sha256})
     */
    public String signWebhook(byte[] body) {
        return webhooks.token(Objects.requireNonNull(body, "body"));
    }

    // ====================================================================== egress

    /** @return all egresses ever started (since the last reset), in start order */
    public List<EgressInfo> egresses() {
        return state.listEgress("", "", false);
    }

    /**
     * One egress.
     *
     * @param egressId the id ({@code EG_…})
     * @return the egress, or empty
     */
    public Optional<EgressInfo> egress(String egressId) {
        return state.egress(egressId);
    }

    /**
     * What egresses started from now on do (COMPLETE by default).
     *
     * @param outcome the outcome
     */
    public void egressOutcome(EgressOutcome outcome) {
        egress.outcome(outcome);
    }

    /**
     * How long egresses started from now on stay STARTING before the outcome proceeds.
     *
     * @param delay zero or positive
     * @throws IllegalArgumentException if negative
     */
    public void egressActivationDelay(Duration delay) {
        egress.activationDelay(requireNotNegative(delay, "egressActivationDelay"));
    }

    /**
     * Makes a STARTING egress ACTIVE now ({@code egress_updated}).
     *
     * @param egressId the egress
     * @return true if it was STARTING
     * @throws IllegalArgumentException if there is no such egress
     */
    public boolean activateEgress(String egressId) {
        return onEgress(egressId, () -> egress.activate(egressId));
    }

    /**
     * Makes a running egress FAILED now with this error ({@code egress_ended}).
     *
     * @param egressId the egress
     * @param error    the error text
     * @return true if it was still running
     * @throws IllegalArgumentException if there is no such egress
     */
    public boolean failEgress(String egressId, String error) {
        Objects.requireNonNull(error, "error");
        return onEgress(egressId, () -> egress.fail(egressId, error));
    }

    /**
     * Makes an ACTIVE egress hit its limit now: ENDING, the file uploaded, then LIMIT_REACHED ({@code egress_ended}
     * with the file result). Runs on the calling thread.
     *
     * @param egressId the egress
     * @return true if it was ACTIVE
     * @throws IllegalArgumentException if there is no such egress
     */
    public boolean reachEgressLimit(String egressId) {
        return onEgress(egressId, () -> egress.finish(egressId, EgressStatus.EGRESS_LIMIT_REACHED));
    }

    /**
     * Makes a running egress end with success now: a STARTING one becomes ACTIVE first, then ENDING, the file
     * uploaded, COMPLETE ({@code egress_ended} with the file result; FAILED if the upload fails). Runs on the
     * calling thread.
     *
     * @param egressId the egress
     * @return true if it was STARTING or ACTIVE
     * @throws IllegalArgumentException if there is no such egress
     */
    public boolean completeEgress(String egressId) {
        return onEgress(egressId, () -> {
            egress.activate(egressId);
            return egress.finish(egressId, EgressStatus.EGRESS_COMPLETE);
        });
    }

    private boolean onEgress(String egressId, java.util.function.BooleanSupplier action) {
        if (state.egress(egressId).isEmpty()) {
            throw new IllegalArgumentException("no such egress: " + egressId);
        }
        return action.getAsBoolean();
    }

    @Override
    public String toString() {
        synchronized (lifecycle) {
            return "FakeLiveKitServer{apiKey=" + apiKey + ", url="
                    + (server == null
                            ? "(not started)"
                            : "http://127.0.0.1:" + server.getAddress().getPort())
                    + (closed ? ", closed" : "") + "}";
        }
    }

    // ====================================================================== helpers

    private static void requireName(String value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
    }

    private static Duration requireNotNegative(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative()) {
            throw new IllegalArgumentException(what + " must not be negative: " + d);
        }
        return d;
    }

    private static String randomSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * Configures a {@link FakeLiveKitServer}. Setters validate at once and name the bad value. Not thread-safe.
     */
    public static final class Builder {
        private String apiKey = "devkey";
        private @Nullable String apiSecret;
        private int port;
        private int workerThreads = 8;
        private Clock clock = Clock.systemUTC();
        private Duration clockSkew = InputRules.DEFAULT_CLOCK_SKEW;
        private @Nullable WebhookSink webhookSink;
        private @Nullable URI webhookUrl;
        private boolean asyncWebhookSink;
        private long shuffleSeed = 42L;
        private @Nullable S3Client egressS3;
        private @Nullable String egressBucket;
        private Duration egressActivationDelay = Duration.ZERO;
        private boolean finishRoomWhenEmpty;
        private boolean autoCreate = true;
        private boolean remoteUnmute;

        private Builder() {}

        /**
         * LiveKit's {@code room.auto_create}; see {@link FakeLiveKitServer#autoCreate(boolean)}.
         *
         * @param enabled default true, like LiveKit
         * @return this builder
         */
        public Builder autoCreate(boolean enabled) {
            this.autoCreate = enabled;
            return this;
        }

        /**
         * LiveKit's {@code room.enable_remote_unmute}; see {@link FakeLiveKitServer#remoteUnmute(boolean)}.
         *
         * @param enabled default false, like LiveKit
         * @return this builder
         */
        public Builder remoteUnmute(boolean enabled) {
            this.remoteUnmute = enabled;
            return this;
        }

        /**
         * The API key: tokens must carry it as {@code iss}, webhooks carry it as {@code iss}.
         *
         * @param apiKey the key, default {@code devkey}
         * @return this builder
         * @throws IllegalArgumentException if blank
         */
        public Builder apiKey(String apiKey) {
            Objects.requireNonNull(apiKey, "apiKey");
            if (apiKey.isBlank()) {
                throw new IllegalArgumentException("apiKey must not be blank: '" + apiKey + "'");
            }
            this.apiKey = apiKey;
            return this;
        }

        /**
         * The API secret. Any length is accepted, like LiveKit's dev mode secret {@code secret}.
         *
         * @param apiSecret the secret, default a random 43-character string
         * @return this builder
         * @throws IllegalArgumentException if empty
         */
        public Builder apiSecret(String apiSecret) {
            Objects.requireNonNull(apiSecret, "apiSecret");
            if (apiSecret.isEmpty()) {
                throw new IllegalArgumentException("apiSecret must not be empty");
            }
            this.apiSecret = apiSecret;
            return this;
        }

        /**
         * The port on 127.0.0.1.
         *
         * @param port 0 (default) for a free port, or 1..65535
         * @return this builder
         * @throws IllegalArgumentException if outside 0..65535
         */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535: " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * How many requests are served at once (a delay fault holds one thread).
         *
         * @param threads 1..256, default 8
         * @return this builder
         * @throws IllegalArgumentException if outside 1..256
         */
        public Builder workerThreads(int threads) {
            if (threads < 1 || threads > 256) {
                throw new IllegalArgumentException("workerThreads must be 1..256: " + threads);
            }
            this.workerThreads = threads;
            return this;
        }

        /**
         * The clock for token validity, creation and join times, webhook times and egress timestamps.
         *
         * @param clock the clock, default {@link Clock#systemUTC()}
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * The clock skew allowed on {@code exp} and {@code nbf} of incoming tokens (LiveKit's {@code tokenLeeway};
         * {@code iat} is not checked, as in LiveKit; MeetKit calls the idea clock skew everywhere, as
         * {@code MeetKit.Builder.clockSkew}). Unlike MeetKit, the fake accepts any non-negative value, so tests can
         * model any LiveKit.
         *
         * @param clockSkew zero or positive, default {@link InputRules#DEFAULT_CLOCK_SKEW} (60 s) like LiveKit
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder clockSkew(Duration clockSkew) {
            this.clockSkew = requireNotNegative(clockSkew, "clockSkew");
            return this;
        }

        /**
         * An in-process webhook target.
         *
         * @param sink the sink
         * @return this builder
         */
        public Builder webhookSink(WebhookSink sink) {
            this.webhookSink = Objects.requireNonNull(sink, "webhookSink");
            return this;
        }

        /**
         * An HTTP webhook target, POSTed to on a background thread.
         *
         * @param url an http or https URL
         * @return this builder
         * @throws IllegalArgumentException if not http(s)
         */
        public Builder webhookUrl(URI url) {
            Objects.requireNonNull(url, "webhookUrl");
            if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
                throw new IllegalArgumentException("webhookUrl must be http or https: " + url);
            }
            this.webhookUrl = url;
            return this;
        }

        /**
         * Whether the sink is called on the background webhook thread (in order) instead of synchronously on the
         * thread that caused the event. Use it when the sink calls code that may be waiting for the RPC that
         * caused the event.
         *
         * @param async true for background delivery, default false
         * @return this builder
         */
        public Builder asyncWebhookSink(boolean async) {
            this.asyncWebhookSink = async;
            return this;
        }

        /**
         * The seed for {@link WebhookOrder#SHUFFLED}.
         *
         * @param seed any value, default 42
         * @return this builder
         */
        public Builder shuffleSeed(long seed) {
            this.shuffleSeed = seed;
            return this;
        }

        /**
         * The storage the simulated egress writes to when the request carries no S3 credentials (LiveKit egress's
         * own storage config). A bucket in the request's {@code S3Upload} still wins over this bucket.
         *
         * @param s3     the client (the caller keeps ownership and closes it)
         * @param bucket the bucket
         * @return this builder
         * @throws IllegalArgumentException if the bucket is blank
         */
        public Builder egressStorage(S3Client s3, String bucket) {
            Objects.requireNonNull(s3, "s3");
            Objects.requireNonNull(bucket, "bucket");
            if (bucket.isBlank()) {
                throw new IllegalArgumentException("bucket must not be blank: '" + bucket + "'");
            }
            this.egressS3 = s3;
            this.egressBucket = bucket;
            return this;
        }

        /**
         * How long a new egress stays STARTING before it becomes ACTIVE (or fails, per the outcome).
         *
         * @param delay zero (default: at once, on the egress thread) or positive
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder egressActivationDelay(Duration delay) {
            this.egressActivationDelay = requireNotNegative(delay, "egressActivationDelay");
            return this;
        }

        /**
         * Whether rooms finish as soon as their last participant leaves; see
         * {@link FakeLiveKitServer#finishRoomWhenEmpty(boolean)}.
         *
         * @param finish default false
         * @return this builder
         */
        public Builder finishRoomWhenEmpty(boolean finish) {
            this.finishRoomWhenEmpty = finish;
            return this;
        }

        /**
         * Builds a server; call {@link FakeLiveKitServer#start()} to serve.
         *
         * @return the server, not yet started
         */
        public FakeLiveKitServer build() {
            return new FakeLiveKitServer(this);
        }

        @Override
        public String toString() {
            return "FakeLiveKitServer.Builder{apiKey=" + apiKey + ", port=" + port + ", secret="
                    + (apiSecret == null ? "(random)" : "(set)") + ", threads=" + workerThreads
                    + "}";
        }
    }
}
