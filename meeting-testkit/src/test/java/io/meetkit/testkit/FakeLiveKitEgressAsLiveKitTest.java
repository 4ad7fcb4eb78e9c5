package io.meetkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.util.JsonFormat;
import io.livekit.server.EgressServiceClient;
import io.meetkit.testkit.s3.InProcessS3;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import livekit.LivekitEgress.EgressInfo;
import livekit.LivekitEgress.EgressStatus;
import livekit.LivekitEgress.EncodedFileOutput;
import livekit.LivekitEgress.EncodedFileType;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitWebhook.WebhookEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import retrofit2.Response;

/**
 * The simulated egress answers and notifies as LiveKit and its egress service do, each case citing the Go source it
 * follows.
 */
class FakeLiveKitEgressAsLiveKitTest {

    static InProcessS3 s3;
    static FakeLiveKitServer livekit;
    static EgressServiceClient egress;
    static final List<WebhookEvent> events = new CopyOnWriteArrayList<>();
    static volatile CountDownLatch holdOnEnding;
    static volatile CountDownLatch endingSeen;

    @BeforeAll
    static void start() {
        s3 = InProcessS3.start("recordings");
        livekit = FakeLiveKitServer.builder()
                .apiSecret("egress-as-livekit-secret-0123456789")
                .egressStorage(s3.client(), "recordings")
                .webhookSink((body, auth) -> {
                    WebhookEvent.Builder b = WebhookEvent.newBuilder();
                    JsonFormat.parser()
                            .ignoringUnknownFields()
                            .merge(new String(body, java.nio.charset.StandardCharsets.UTF_8), b);
                    WebhookEvent e = b.build();
                    events.add(e);
                    CountDownLatch hold = holdOnEnding;
                    if (hold != null
                            && e.getEvent().equals("egress_updated")
                            && e.getEgressInfo().getStatus() == EgressStatus.EGRESS_ENDING) {
                        endingSeen.countDown();
                        hold.await(10, TimeUnit.SECONDS);
                    }
                })
                .build()
                .start();
        egress = EgressServiceClient.createClient(livekit.url(), livekit.apiKey(), livekit.apiSecret());
    }

    @AfterAll
    static void stop() {
        livekit.close();
        s3.close();
    }

    @BeforeEach
    void reset() {
        livekit.reset();
        events.clear();
        holdOnEnding = null;
    }

    private static String startEgress() throws Exception {
        livekit.joinParticipant("standup", "alice");
        EncodedFileOutput file = EncodedFileOutput.newBuilder()
                .setFileType(EncodedFileType.MP4)
                .setFilepath("r/{room_name}.mp4")
                .build();
        return egress.startRoomCompositeEgress("standup", file, "grid")
                .execute()
                .body()
                .getEgressId();
    }

    @Test
    @DisplayName("ListEgress with an unknown egress id is 404 \"egress does not exist\" "
            + "(pkg/service/ioservice.go ListEgress loads the one egress)")
    void listEgressOfAnUnknownIdIsNotFound() throws Exception {
        Response<List<EgressInfo>> response =
                egress.listEgress(null, "EG_unknown", null).execute();

        assertThat(response.code()).isEqualTo(404);
        assertThat(TestJwts.errorBody(response).path("msg").asText()).isEqualTo("egress does not exist");
    }

    @Test
    @DisplayName("StopEgress of an ENDING egress is 200 with the ENDING info "
            + "(livekit/egress pkg/pipeline/controller.go SendEOS, case EGRESS_ENDING)")
    void stopOfAnEndingEgressAnswersItsInfo() throws Exception {
        String id = startEgress();
        awaitActive(id);
        holdOnEnding = new CountDownLatch(1);
        endingSeen = new CountDownLatch(1);
        // the first stop is held in the (synchronous) webhook sink right after the egress became ENDING
        CompletableFuture<Response<EgressInfo>> first =
                CompletableFuture.supplyAsync(() -> execute(egress.stopEgress(id)));
        assertThat(endingSeen.await(10, TimeUnit.SECONDS)).isTrue();

        Response<EgressInfo> second = egress.stopEgress(id).execute();
        holdOnEnding.countDown();

        assertThat(second.code()).isEqualTo(200);
        assertThat(second.body().getStatus()).isEqualTo(EgressStatus.EGRESS_ENDING);
        assertThat(first.get(10, TimeUnit.SECONDS).code()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> livekit.egress(id).orElseThrow().getStatus() == EgressStatus.EGRESS_COMPLETE);
        Response<EgressInfo> afterEnd = egress.stopEgress(id).execute();
        assertThat(afterEnd.code()).as("an ended egress is still refused").isEqualTo(412);
    }

    @Test
    @DisplayName("Egress webhooks carry room {sid, name} and EV_ ids (pkg/telemetry/events.go NotifyEgressEvent, "
            + "NotifyEvent)")
    void egressWebhooksCarryTheRoom() throws Exception {
        String id = startEgress();
        String roomSid = livekit.room("standup").orElseThrow().getSid();
        awaitActive(id);
        livekit.completeEgress(id);

        List<WebhookEvent> egressEvents =
                events.stream().filter(e -> e.getEvent().startsWith("egress_")).toList();
        assertThat(egressEvents)
                .extracting(WebhookEvent::getEvent)
                .containsExactly("egress_started", "egress_updated", "egress_updated", "egress_ended");
        assertThat(egressEvents).allSatisfy(e -> {
            assertThat(e.getRoom().getSid()).isEqualTo(roomSid);
            assertThat(e.getRoom().getName()).isEqualTo("standup");
            assertThat(e.getId()).matches("EV_[0-9A-Za-z]{12}");
        });
    }

    @Test
    @DisplayName("A room-composite egress joins as a hidden EGRESS participant named by its egress id: "
            + "participant_joined/left, listed, not counted in num_participants "
            + "(livekit/protocol egress/token.go BuildEgressToken; pkg/rtc/room.go updateProto, IsDependent)")
    void egressJoinsAsAHiddenParticipant() throws Exception {
        String id = startEgress();
        awaitActive(id);

        ParticipantInfo recorder = livekit.participant("standup", id).orElseThrow();
        assertThat(recorder.getKind()).isEqualTo(ParticipantInfo.Kind.EGRESS);
        assertThat(recorder.getPermission().getHidden()).isTrue();
        assertThat(recorder.getPermission().getCanPublish()).isFalse();
        assertThat(recorder.getPermission().getCanSubscribe()).isTrue();
        assertThat(livekit.participants("standup"))
                .extracting(ParticipantInfo::getIdentity)
                .containsExactly("alice", id);
        assertThat(livekit.room("standup").orElseThrow().getNumParticipants()).isEqualTo(1);
        WebhookEvent joined = events.stream()
                .filter(e -> e.getEvent().equals("participant_joined")
                        && e.getParticipant().getIdentity().equals(id))
                .findFirst()
                .orElseThrow();
        assertThat(joined.getRoom().getNumParticipants()).isEqualTo(1);

        livekit.completeEgress(id);

        assertThat(livekit.participant("standup", id)).isEmpty();
        assertThat(events)
                .filteredOn(e -> e.getParticipant().getIdentity().equals(id))
                .extracting(WebhookEvent::getEvent)
                .containsExactly("participant_joined", "participant_left");
        int left = indexOf("participant_left", id);
        int ended = indexOf("egress_ended", id);
        assertThat(left).as("the recorder leaves before egress_ended").isLessThan(ended);
    }

    @Test
    @DisplayName("An egress participant does not keep a room open: the last real participant leaving finishes it "
            + "(pkg/rtc/room.go CloseIfEmpty skips dependent participants)")
    void egressParticipantDoesNotKeepTheRoomOpen() throws Exception {
        livekit.finishRoomWhenEmpty(true);
        String id = startEgress();
        awaitActive(id);

        livekit.leaveParticipant("standup", "alice");

        assertThat(livekit.room("standup")).isEmpty();
        await().atMost(Duration.ofSeconds(5))
                .until(() -> livekit.egress(id).orElseThrow().getStatus() == EgressStatus.EGRESS_COMPLETE);
    }

    /** Waits for the egress_updated ACTIVE webhook (delivered synchronously by the thread that activated it). */
    private static void awaitActive(String id) {
        await().atMost(Duration.ofSeconds(5))
                .until(() -> events.stream()
                        .anyMatch(e -> e.getEvent().equals("egress_updated")
                                && e.getEgressInfo().getEgressId().equals(id)
                                && e.getEgressInfo().getStatus() == EgressStatus.EGRESS_ACTIVE));
    }

    /** The index of the first event named so, of this participant or egress (by id). */
    private static int indexOf(String event, String identity) {
        for (int i = 0; i < events.size(); i++) {
            WebhookEvent e = events.get(i);
            if (e.getEvent().equals(event)
                    && (e.getParticipant().getIdentity().equals(identity)
                            || e.getEgressInfo().getEgressId().equals(identity))) {
                return i;
            }
        }
        throw new AssertionError("no " + event + " for '" + identity + "' in " + events);
    }

    private static <T> Response<T> execute(retrofit2.Call<T> call) {
        try {
            return call.execute();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
