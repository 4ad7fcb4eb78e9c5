package io.meetkit.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.meetkit.ConflictException;
import io.meetkit.LiveKitUnavailableException;
import io.meetkit.jdbc.JdbcStores;
import io.meetkit.meeting.CreateMeeting;
import io.meetkit.meeting.Meeting;
import io.meetkit.meeting.MeetingStatus;
import io.meetkit.store.PostgresPerClass;
import io.meetkit.testkit.Fault;
import io.meetkit.testkit.WebhookOrder;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import livekit.LivekitEgress.EgressInfo;
import livekit.LivekitEgress.EgressStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A {@code stop()} of a STARTING recording on instance 2 while instance 1's {@code StartRoomCompositeEgress} is
 * still pending (issue 14, item 2): the request is stored on the recording ({@link Recording#stopRequestedAt()}), so
 * whoever binds the egress (instance 1 when LiveKit's answer comes, an egress webhook on instance 2, or the
 * stale-recordings job) stops it. Before, the request lived in a JVM-local set on instance 2 and instance 1 let the
 * egress record the whole meeting. Two MeetKit instances over one real PostgreSQL; the fake's webhooks go to
 * instance 2.
 */
class StoredStopRequestTest extends RecordingTestBase {

    private static final PostgresPerClass PG = new PostgresPerClass("stored-stop");

    private Kit one;
    private Kit two;

    private static JdbcStores jdbcStores() {
        return PG.stores();
    }

    @AfterAll
    static void stopPostgres() {
        PG.close();
    }

    @BeforeEach
    void twoInstances() {
        one = new Kit(
                jdbcStores(),
                Clock.systemUTC(),
                s3.recordingStorage(BUCKET).build(),
                Duration.ofSeconds(10),
                Duration.ofSeconds(1));
        two = new Kit(
                jdbcStores(), Clock.systemUTC(), s3.recordingStorage(BUCKET).build(), Duration.ofSeconds(10));
        current = two;
    }

    @AfterEach
    void closeInstances() throws InterruptedException {
        current = null;
        lk.awaitWebhookDeliveries(WAIT);
        one.close();
        two.close();
    }

    private Meeting liveMeetingOnPostgres() throws InterruptedException {
        Meeting m =
                one.meetings.create(CreateMeeting.builder("Team sync", "user-1").build());
        lk.joinParticipant(m.roomName(), "alice");
        await().atMost(WAIT).until(() -> two.meetings.require(m.id()).status() == MeetingStatus.ACTIVE);
        lk.awaitWebhookDeliveries(WAIT);
        return m;
    }

    private List<EgressInfo> egressesOf(Meeting m) {
        return lk.egresses().stream()
                .filter(e -> e.getRoomName().equals(m.roomName()))
                .toList();
    }

    private static boolean running(EgressInfo e) {
        return e.getStatus() == EgressStatus.EGRESS_STARTING || e.getStatus() == EgressStatus.EGRESS_ACTIVE;
    }

    /** The one recording of {@code m}, once instance 1 stored it (its start is still waiting for LiveKit). */
    private Recording startingRecording(Meeting m) {
        await().atMost(WAIT)
                .until(() -> !two.recordings
                        .list(RecordingQuery.builder().meetingId(m.id()).build())
                        .items()
                        .isEmpty());
        Recording r = two.recordings
                .list(RecordingQuery.builder().meetingId(m.id()).build())
                .items()
                .get(0);
        assertThat(r.status()).isEqualTo(RecordingStatus.STARTING);
        assertThat(r.egressId()).as("LiveKit has not answered yet").isEmpty();
        return r;
    }

    private void stopOnInstanceTwo(Recording r) {
        assertThatThrownBy(() -> two.recordings.stop(r.id()))
                .isInstanceOfSatisfying(
                        ConflictException.class,
                        e -> assertThat(e.code()).isEqualTo(ConflictException.RECORDING_STATE));
        assertThat(one.recordings.require(r.id()).stopRequestedAt())
                .as("the stop request is in the store, visible to instance 1")
                .isPresent();
    }

    /** The outbox events of recording {@code r}, read through the changes feed. */
    private List<io.meetkit.store.OutboxEvent> recordingEvents(Recording r) {
        List<io.meetkit.store.OutboxEvent> found = new java.util.ArrayList<>();
        long after = 0;
        for (List<io.meetkit.store.OutboxEvent> page; !(page = two.mk.events().readAfter(after, 1000)).isEmpty(); ) {
            page.stream()
                    .filter(e -> e.data().contains("\"id\":\"" + r.id() + "\""))
                    .forEach(found::add);
            after = page.get(page.size() - 1).position();
        }
        return found;
    }

    /** Every egress of the room ends, the recording ends, and a new recording can start in the room. */
    private void assertStoppedAndEnded(Meeting m, Recording r) {
        await().atMost(WAIT).until(() -> egressesOf(m).size() == 1);
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(egressesOf(m))
                        .as("the egress was stopped")
                        .noneMatch(StoredStopRequestTest::running));
        await().atMost(WAIT).until(() -> two.recordings.require(r.id()).status().isFinished());
        Recording ended = two.recordings.require(r.id());
        assertThat(ended.egressId()).contains(egressesOf(m).get(0).getEgressId());
        String requested = "\"stopRequestedAt\":\"" + ended.stopRequestedAt().orElseThrow() + "\"";
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(recordingEvents(r))
                        .as("the outbox's recordingEnded of %s carries the stored stop request", r.id())
                        .anyMatch(e ->
                                e.type().equals("recordingEnded") && e.data().contains(requested)));
        Recording next = two.recordings.start(m.id(), RecordingOptions.defaults(), "user-2");
        assertThat(next.status()).isEqualTo(RecordingStatus.ACTIVE);
        two.recordings.stop(next.id());
    }

    @Test
    @DisplayName("stop on instance 2 while the start is pending on instance 1: instance 1 binds and stops the egress")
    void startingInstanceHonoursTheStoredStop() throws Exception {
        Meeting m = liveMeetingOnPostgres();
        Kit patient = new Kit(
                one.stores, Clock.systemUTC(), s3.recordingStorage(BUCKET).build(), Duration.ofSeconds(10));
        try {
            lk.holdWebhooks(); // only LiveKit's answer binds the egress
            lk.failNext("StartRoomCompositeEgress", 1, Fault.delay(Duration.ofSeconds(2)));
            CompletableFuture<Recording> start = CompletableFuture.supplyAsync(
                    () -> patient.recordings.start(m.id(), RecordingOptions.defaults(), "user-1"));
            Recording r = startingRecording(m);
            stopOnInstanceTwo(r);

            await().atMost(WAIT).until(start::isDone);
            await().atMost(WAIT)
                    .untilAsserted(
                            () -> assertThat(egressesOf(m)).hasSize(1).noneMatch(StoredStopRequestTest::running));
            lk.releaseHeldWebhooks(WebhookOrder.AS_HAPPENED);
            assertStoppedAndEnded(m, r);
        } finally {
            patient.close();
        }
    }

    @Test
    @DisplayName("start times out on instance 1, stop on instance 2: the egress webhook binds and stops the egress")
    void webhookHonoursTheStoredStop() throws Exception {
        Meeting m = liveMeetingOnPostgres();
        lk.failNext("StartRoomCompositeEgress", 1, Fault.delay(Duration.ofSeconds(3)));
        CompletableFuture<Recording> start = CompletableFuture.supplyAsync(
                () -> one.recordings.start(m.id(), RecordingOptions.defaults(), "user-1"));
        Recording r = startingRecording(m);
        stopOnInstanceTwo(r);
        await().atMost(WAIT).until(start::isDone);
        assertThat(start).isCompletedExceptionally();
        assertThatThrownBy(start::join).hasCauseInstanceOf(LiveKitUnavailableException.class);

        assertStoppedAndEnded(m, r);
    }

    @Test
    @DisplayName("start times out, stop on instance 2, webhooks lost: the stale-recordings job adopts and stops it")
    void staleJobHonoursTheStoredStop() throws Exception {
        Meeting m = liveMeetingOnPostgres();
        lk.holdWebhooks();
        lk.failNext("StartRoomCompositeEgress", 1, Fault.delay(Duration.ofSeconds(3)));
        CompletableFuture<Recording> start = CompletableFuture.supplyAsync(
                () -> one.recordings.start(m.id(), RecordingOptions.defaults(), "user-1"));
        Recording r = startingRecording(m);
        stopOnInstanceTwo(r);
        await().atMost(WAIT).until(start::isDone);
        await().atMost(WAIT).until(() -> egressesOf(m).size() == 1);

        two.recordings.syncStale(Duration.ZERO);

        assertThat(egressesOf(m))
                .as("the stale job stopped the adopted egress")
                .noneMatch(StoredStopRequestTest::running);
        lk.releaseHeldWebhooks(WebhookOrder.AS_HAPPENED);
        assertStoppedAndEnded(m, r);
    }
}
