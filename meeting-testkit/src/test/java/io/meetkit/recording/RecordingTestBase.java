package io.meetkit.recording;

import static org.awaitility.Awaitility.await;

import com.google.protobuf.util.JsonFormat;
import io.meetkit.event.MeetingEvent;
import io.meetkit.internal.EventPublisher;
import io.meetkit.internal.MeetKitContext;
import io.meetkit.internal.MeetingLifecycle;
import io.meetkit.internal.StoreRecordingCleanup;
import io.meetkit.livekit.LiveKitServerGateway;
import io.meetkit.livekit.internal.ProtoConverters;
import io.meetkit.meeting.CreateMeeting;
import io.meetkit.meeting.Meeting;
import io.meetkit.meeting.MeetingManager;
import io.meetkit.meeting.MeetingStatus;
import io.meetkit.store.InMemoryStores;
import io.meetkit.testkit.FakeLiveKitServer;
import io.meetkit.testkit.s3.InProcessS3;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import livekit.LivekitWebhook.WebhookEvent;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * Starts an in-process S3 and a FakeLiveKitServer whose simulated egress writes to it, and wires MeetKit's
 * components per test exactly as {@code MeetKit} does. LiveKit's webhooks reach the components through a small
 * router standing in for the webhook handler: room_started/room_finished go to the meeting lifecycle and egress_*
 * to the recordings component's egress seam.
 */
abstract class RecordingTestBase {

    static final String BUCKET = "recordings";
    static final Duration WAIT = Duration.ofSeconds(10);

    static InProcessS3 s3;
    static FakeLiveKitServer lk;
    static volatile @Nullable Kit current;

    Kit kit;

    @BeforeAll
    static void startServers() {
        s3 = InProcessS3.start(BUCKET);
        lk = FakeLiveKitServer.builder()
                .egressStorage(s3.client(), BUCKET)
                .asyncWebhookSink(true)
                .webhookSink((body, auth) -> {
                    Kit k = current;
                    if (k != null) {
                        route(k, body);
                    }
                })
                .build()
                .start();
    }

    @AfterAll
    static void stopServers() {
        lk.close();
        s3.close();
    }

    @BeforeEach
    void newKit() {
        lk.reset();
        kit = kit(new InMemoryStores(), Clock.systemUTC(), true, false, Duration.ofSeconds(10));
        current = kit;
    }

    @AfterEach
    void closeKit() throws InterruptedException {
        current = null;
        lk.awaitWebhookDeliveries(WAIT);
        kit.close();
    }

    /** Builds components over these stores; {@code storage} false means no RecordingStorage at all. */
    static Kit kit(InMemoryStores stores, Clock clock, boolean storage, boolean egressUpload, Duration startTimeout) {
        S3RecordingStorage st = storage ? s3.recordingStorage(BUCKET).egressUpload(egressUpload).build() : null;
        return new Kit(stores, clock, st, startTimeout);
    }

    /** The components of one MeetKit, built as MeetKit builds them. */
    static final class Kit implements AutoCloseable {
        final InMemoryStores stores;
        final LiveKitServerGateway gateway;
        final MeetKitContext context;
        final MeetingLifecycle lifecycle;
        final MeetingManager meetings;
        final RecordingController recordings;
        final @Nullable S3RecordingStorage storage;
        final List<MeetingEvent> events = new CopyOnWriteArrayList<>();

        Kit(InMemoryStores stores, Clock clock, @Nullable S3RecordingStorage storage, Duration startTimeout) {
            this.stores = stores;
            this.storage = storage;
            this.gateway = LiveKitServerGateway.create(lk.url(), lk.apiKey(), lk.apiSecret(), Duration.ofSeconds(5));
            this.context = new MeetKitContext(clock, stores, gateway, lk.url(), lk.apiKey(),
                    lk.apiSecret().getBytes(StandardCharsets.UTF_8), new EventPublisher(List.of(events::add)));
            this.lifecycle = new MeetingLifecycle(context, new StoreRecordingCleanup(stores.recordings()));
            this.meetings = new MeetingManager(context, lifecycle);
            this.recordings = new RecordingController(context, lifecycle, storage, startTimeout, "recordings");
        }

        @Override
        public void close() {
            gateway.close();
            if (storage != null) {
                storage.close();
            }
        }
    }

    static void route(Kit k, byte[] body) throws Exception {
        WebhookEvent.Builder b = WebhookEvent.newBuilder();
        JsonFormat.parser().ignoringUnknownFields().merge(new String(body, StandardCharsets.UTF_8), b);
        WebhookEvent e = b.build();
        Instant at = Instant.ofEpochSecond(e.getCreatedAt());
        switch (e.getEvent()) {
            case "room_started" -> k.meetings.findByRoomName(e.getRoom().getName())
                    .ifPresent(m -> k.lifecycle.roomStarted(m.id(), e.getRoom().getSid(), at));
            case "room_finished" -> k.meetings.findByRoomName(e.getRoom().getName())
                    .ifPresent(m -> k.lifecycle.roomFinished(m.id(), e.getRoom().getSid(), at));
            case "egress_started", "egress_updated", "egress_ended" ->
                    k.context.egressEvents().onEgress(ProtoConverters.egress(e.getEgressInfo()), at);
            default -> { }
        }
    }

    // ---------------------------------------------------------------- helpers

    Meeting meeting() {
        return kit.meetings.create(CreateMeeting.builder("Team sync", "user-1").build());
    }

    /** A meeting whose room is live with one participant (ACTIVE once room_started arrived). */
    Meeting liveMeeting() {
        Meeting m = meeting();
        lk.joinParticipant(m.roomName(), "alice");
        await().atMost(WAIT).until(() -> kit.meetings.require(m.id()).status() == MeetingStatus.ACTIVE);
        return kit.meetings.require(m.id());
    }

    Recording start(Meeting m) {
        return kit.recordings.start(m.id(), RecordingOptions.defaults(), "user-1");
    }

    Recording awaitStatus(UUID recordingId, RecordingStatus status) {
        await().atMost(WAIT).until(() -> kit.recordings.require(recordingId).status() == status);
        return kit.recordings.require(recordingId);
    }

    /** A COMPLETE recording of a live meeting, with its file in the bucket. */
    Recording completeRecording(Meeting m) {
        Recording r = start(m);
        kit.recordings.stop(r.id());
        return awaitStatus(r.id(), RecordingStatus.COMPLETE);
    }

    static List<String> objects(UUID meetingId) {
        return s3.keys(BUCKET, "recordings/" + meetingId + "/");
    }
}
