package io.meetkit.recording;

import static org.awaitility.Awaitility.await;

import io.meetkit.MeetKit;
import io.meetkit.event.MeetingEvent;
import io.meetkit.meeting.CreateMeeting;
import io.meetkit.meeting.Meeting;
import io.meetkit.meeting.MeetingManager;
import io.meetkit.meeting.MeetingStatus;
import io.meetkit.store.InMemoryStores;
import io.meetkit.store.MeetKitStores;
import io.meetkit.testkit.FakeLiveKitServer;
import io.meetkit.testkit.s3.InProcessS3;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * Starts an in-process S3 and a FakeLiveKitServer whose simulated egress writes to it, and builds a MeetKit per test
 * whose recording storage is that S3. The fake's signed webhooks go to {@code MeetKit.webhooks()}, as a webhook
 * endpoint would pass them on.
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
                        k.mk.webhooks().handle(body, auth); // MeetKit's own webhook handler, as an endpoint calls it
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

    /** Builds a MeetKit over these stores; {@code storage} false means no RecordingStorage at all. */
    static Kit kit(MeetKitStores stores, Clock clock, boolean storage, boolean egressUpload, Duration startTimeout) {
        S3RecordingStorage st =
                storage ? s3.recordingStorage(BUCKET).egressUpload(egressUpload).build() : null;
        return new Kit(stores, clock, st, startTimeout);
    }

    /** One MeetKit on the fake LiveKit, with its recording storage and a listener that keeps every event. */
    static final class Kit implements AutoCloseable {
        final MeetKit mk;
        final MeetKitStores stores;
        final MeetingManager meetings;
        final RecordingController recordings;
        final @Nullable S3RecordingStorage storage;
        final List<MeetingEvent> events = new CopyOnWriteArrayList<>();

        Kit(MeetKitStores stores, Clock clock, @Nullable S3RecordingStorage storage, Duration startTimeout) {
            this(stores, clock, storage, startTimeout, Duration.ofSeconds(5));
        }

        Kit(
                MeetKitStores stores,
                Clock clock,
                @Nullable S3RecordingStorage storage,
                Duration startTimeout,
                Duration callTimeout) {
            this.stores = stores;
            this.storage = storage;
            MeetKit.Builder b = MeetKit.builder()
                    .liveKitUrl(lk.url())
                    .apiKey(lk.apiKey())
                    .apiSecret(lk.apiSecret())
                    .callTimeout(callTimeout)
                    .clock(clock)
                    .stores(stores)
                    .recordingStartTimeout(startTimeout)
                    .listener(events::add);
            if (storage != null) {
                b.recordingStorage(storage);
            }
            this.mk = b.build();
            this.meetings = mk.meetings();
            this.recordings = mk.recordings();
        }

        @Override
        public void close() {
            mk.close();
            if (storage != null) {
                storage.close();
            }
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
