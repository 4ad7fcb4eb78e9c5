package io.meetkit.bench;

import io.meetkit.MeetKit;
import io.meetkit.internal.jwt.Hs256Jwt;
import io.meetkit.livekit.LiveKitGateway;
import io.meetkit.livekit.LiveRoom;
import io.meetkit.livekit.RoomSpec;
import io.meetkit.meeting.CreateMeeting;
import io.meetkit.participant.ParticipantToken;
import io.meetkit.participant.ParticipantTokens;
import io.meetkit.participant.TokenRequest;
import io.meetkit.store.InMemoryStores;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@link ParticipantTokens#issue} end to end, with the in-memory stores and a room MeetKit already knows, against
 * {@code baseline}: bare signing of the very same claims with the JWT signer (what {@code issue} costs beyond
 * signing is the meeting lookup, validation, role resolution, the name reservation and the metadata).
 *
 * <ul>
 *   <li>{@code issueRejoin}: the application gives an identity that already holds its name, so the reservation is
 *       renewed (a participant re-joining or a second tab);</li>
 *   <li>{@code issueNewName}: a new participant: a fresh reservation of the smallest free name, then its release
 *       (as {@code participant_left} would), so the meeting does not fill up.</li>
 * </ul>
 * Goal: each at least 0.5× the baseline's throughput (issue within 2× of bare signing).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class IssueBenchmarks {

    MeetKit kit;
    ParticipantTokens tokens;
    UUID meetingId;
    Hs256Jwt signer;
    String room;
    String metadata;
    String roomMetadata;
    private final AtomicInteger threadIds = new AtomicInteger();

    /** Per benchmark thread: its own identity, so that threads do not contend for one reservation. */
    @State(Scope.Thread)
    public static class Participant {
        TokenRequest rejoin;
        TokenRequest newName;
        String identity;

        @Setup
        public void setUp(IssueBenchmarks b) {
            int n = b.threadIds.incrementAndGet();
            identity = "user-" + n + "-7f3c9a2e-41b8-4d6a-9c0e-5b1d2f8a6e34";
            rejoin = TokenRequest.builder()
                    .displayName(Fixtures.NAME)
                    .role("SPEAKER")
                    .identity(identity)
                    .build();
            newName = TokenRequest.of("Guest " + n, "SPEAKER");
        }
    }

    @Setup
    public void setUp() {
        kit = MeetKit.builder()
                .liveKitUrl("wss://livekit.example.com")
                .apiKey(Fixtures.API_KEY)
                .apiSecret(Fixtures.SECRET)
                .stores(new InMemoryStores())
                .liveKitGateway(localRooms())
                .build();
        tokens = kit.tokens();
        meetingId = kit.meetings()
                .create(CreateMeeting.builder("Benchmark", "bench").build())
                .id();
        ParticipantToken first = tokens.issue(meetingId, TokenRequest.of("Warm-up", "SPEAKER"));
        tokens.releaseName(meetingId, first.identity());
        signer = Fixtures.meetkit();
        room = first.room();
        metadata = tokens.verify(first.token()).metadata();
        roomMetadata = "{\"meetkitMeetingId\":\"" + meetingId + "\"}";
    }

    @TearDown
    public void tearDown() {
        kit.close();
    }

    /**
     * Bare signing of the claims {@code issue} writes (same sizes: identity, name, metadata, 6 grants, the
     * {@code roomConfig} of the meeting's default settings).
     */
    @Benchmark
    public String baseline(Participant p) {
        long now = System.currentTimeMillis() / 1000;
        return signer.sign(c -> c.iss(Fixtures.API_KEY)
                .sub(p.identity)
                .name(Fixtures.NAME)
                .nbf(now)
                .exp(now + Fixtures.TTL_SECONDS)
                .metadata(metadata)
                .startObject("video")
                .bool("roomJoin", true)
                .string("room", room)
                .bool("canPublish", true)
                .bool("canSubscribe", true)
                .bool("canPublishData", true)
                .bool("canUpdateOwnMetadata", false)
                .endObject()
                .startObject("roomConfig")
                .string("name", room)
                .number("emptyTimeout", 300)
                .number("departureTimeout", 20)
                .string("metadata", roomMetadata)
                .endObject());
    }

    @Benchmark
    public ParticipantToken issueRejoin(Participant p) {
        return tokens.issue(meetingId, p.rejoin);
    }

    @Benchmark
    public ParticipantToken issueNewName(Participant p) {
        ParticipantToken t = tokens.issue(meetingId, p.newName);
        tokens.releaseName(meetingId, t.identity());
        return t;
    }

    /**
     * A LiveKit that only creates rooms, in process (issue makes no LiveKit call since tokens carry
     * {@code roomConfig}; with {@code createRoomsOnJoin} a known room is not created again), so LiveKit's cost is not
     * part of what is measured. Any other call is a bug in the benchmark. A proxy, so that new gateway methods do not
     * break the benchmark.
     */
    static LiveKitGateway localRooms() {
        return (LiveKitGateway) Proxy.newProxyInstance(
                LiveKitGateway.class.getClassLoader(), new Class<?>[] {LiveKitGateway.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "createRoom" -> {
                            RoomSpec spec = (RoomSpec) args[0];
                            return new LiveRoom(
                                    "RM_bench",
                                    spec.name(),
                                    0,
                                    spec.maxParticipants(),
                                    spec.emptyTimeout(),
                                    Instant.now(),
                                    spec.metadata());
                        }
                        case "toString" -> {
                            return "LocalRooms";
                        }
                        case "hashCode" -> {
                            return System.identityHashCode(proxy);
                        }
                        case "equals" -> {
                            return proxy == args[0];
                        }
                        default ->
                            throw new UnsupportedOperationException(
                                    "the issue benchmark only creates rooms, not " + method.getName());
                    }
                });
    }
}
