package io.meetkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.util.JsonFormat;
import io.livekit.server.EgressServiceClient;
import io.livekit.server.RoomServiceClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import livekit.LivekitEgress.EgressInfo;
import livekit.LivekitEgress.EgressStatus;
import livekit.LivekitEgress.EncodedFileOutput;
import livekit.LivekitEgress.EncodedFileType;
import livekit.LivekitEgress.FileInfo;
import livekit.LivekitEgress.S3Upload;
import livekit.LivekitWebhook.WebhookEvent;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import retrofit2.Response;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** The simulated egress, driven by LiveKit's official EgressServiceClient, writing to s3proxy. */
class FakeLiveKitEgressTest {

    static final String ACCESS = "local-access";
    static final String S3_SECRET = "local-secret";
    static S3Proxy s3proxy;
    static URI s3Endpoint;
    static S3Client s3;
    static FakeLiveKitServer livekit;
    static EgressServiceClient egress;
    static final List<WebhookEvent> events = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        s3proxy = S3Proxy.builder()
                .blobStore(new TransientNio2BlobStore())
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS, S3_SECRET)
                .build();
        s3proxy.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> "STARTED".equals(s3proxy.getState()));
        s3Endpoint = URI.create("http://127.0.0.1:" + s3proxy.getPort());
        s3 = S3Client.builder()
                .endpointOverride(s3Endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS, S3_SECRET)))
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
        s3.createBucket(b -> b.bucket("recordings"));
        s3.createBucket(b -> b.bucket("other"));
        livekit = FakeLiveKitServer.builder()
                .egressStorage(s3, "recordings")
                .webhookSink((body, auth) -> {
                    WebhookEvent.Builder b = WebhookEvent.newBuilder();
                    JsonFormat.parser().merge(new String(body, StandardCharsets.UTF_8), b);
                    events.add(b.build());
                })
                .build()
                .start();
        egress = EgressServiceClient.createClient(livekit.url(), livekit.apiKey(), livekit.apiSecret());
    }

    @AfterAll
    static void stop() throws Exception {
        livekit.close();
        s3.close();
        s3proxy.stop();
    }

    @BeforeEach
    void reset() {
        livekit.reset();
        events.clear();
        livekit.joinParticipant("standup", "alice", "Alice", null, FakeTrack.camera());
        events.clear();
    }

    static EncodedFileOutput file(String filepath) {
        return EncodedFileOutput.newBuilder()
                .setFileType(EncodedFileType.MP4)
                .setFilepath(filepath)
                .build();
    }

    static EgressInfo start(String filepath) throws Exception {
        Response<EgressInfo> response = egress.startRoomCompositeEgress("standup", file(filepath), "grid")
                .execute();
        assertThat(response.isSuccessful()).as("start: %s", response).isTrue();
        return response.body();
    }

    static EgressStatus status(String id) {
        return livekit.egress(id).orElseThrow().getStatus();
    }

    static void awaitStatus(String id, EgressStatus status) {
        await().atMost(Duration.ofSeconds(5)).until(() -> status(id) == status);
    }

    static List<String> eventNamesFor(String id) {
        return events.stream()
                .filter(e -> e.getEgressInfo().getEgressId().equals(id))
                .map(e -> e.getEvent() + ":" + e.getEgressInfo().getStatus())
                .toList();
    }

    @Test
    @DisplayName("start → ACTIVE → stop → ENDING → COMPLETE with an MP4 in S3, file results and webhooks")
    void fullLifecycle() throws Exception {
        EgressInfo started = start("meetings/m1/r1");

        assertThat(started.getEgressId()).startsWith("EG_");
        assertThat(started.getStatus()).isEqualTo(EgressStatus.EGRESS_STARTING);
        assertThat(started.getRoomName()).isEqualTo("standup");
        assertThat(started.getRoomId())
                .isEqualTo(livekit.room("standup").orElseThrow().getSid());
        String id = started.getEgressId();
        awaitStatus(id, EgressStatus.EGRESS_ACTIVE);
        assertThat(livekit.room("standup").orElseThrow().getActiveRecording()).isTrue();

        EgressInfo stopping = egress.stopEgress(id).execute().body();

        assertThat(stopping.getStatus()).isEqualTo(EgressStatus.EGRESS_ENDING);
        awaitStatus(id, EgressStatus.EGRESS_COMPLETE);
        EgressInfo done =
                egress.listEgress("standup", id, null).execute().body().get(0);
        FileInfo file = done.getFileResults(0);
        assertThat(file.getFilename()).isEqualTo("meetings/m1/r1.mp4");
        assertThat(file.getLocation()).isEqualTo(s3Endpoint + "/recordings/meetings/m1/r1.mp4");
        byte[] object = s3.getObjectAsBytes(b -> b.bucket("recordings").key("meetings/m1/r1.mp4"))
                .asByteArray();
        assertThat(file.getSize()).isEqualTo(object.length).isGreaterThan(4000);
        assertThat(new String(Arrays.copyOfRange(object, 4, 8), StandardCharsets.US_ASCII))
                .isEqualTo("ftyp");
        assertThat(file.getStartedAt()).isEqualTo(done.getStartedAt()).isPositive();
        assertThat(file.getEndedAt()).isEqualTo(done.getEndedAt()).isGreaterThanOrEqualTo(file.getStartedAt());
        assertThat(file.getDuration()).isEqualTo(file.getEndedAt() - file.getStartedAt());
        assertThat(done.getStartedAt()).as("ns").isGreaterThan(1_000_000_000_000_000_000L);
        await().atMost(Duration.ofSeconds(5)).until(() -> eventNamesFor(id).size() == 4);
        assertThat(eventNamesFor(id))
                .containsExactly(
                        "egress_started:EGRESS_STARTING",
                        "egress_updated:EGRESS_ACTIVE",
                        "egress_updated:EGRESS_ENDING",
                        "egress_ended:EGRESS_COMPLETE");
        assertThat(events.stream()
                        .filter(e -> e.getEvent().equals("egress_ended"))
                        .findFirst()
                        .orElseThrow()
                        .getEgressInfo()
                        .getFileResultsList())
                .containsExactly(file);
    }

    @Test
    void stopOfAFinishedEgressIsFailedPrecondition() throws Exception {
        String id = start("r2").getEgressId();
        awaitStatus(id, EgressStatus.EGRESS_ACTIVE);
        egress.stopEgress(id).execute();
        awaitStatus(id, EgressStatus.EGRESS_COMPLETE);

        Response<EgressInfo> again = egress.stopEgress(id).execute();

        assertThat(again.code()).isEqualTo(412);
        assertThat(TestJwts.errorBody(again).path("code").asText()).isEqualTo("failed_precondition");
    }

    @Test
    void stopOfAnUnknownEgressIsNotFound() throws Exception {
        Response<EgressInfo> response = egress.stopEgress("EG_nope").execute();

        assertThat(response.code()).isEqualTo(404);
        assertThat(TestJwts.errorBody(response).path("msg").asText()).isEqualTo("egress does not exist");
    }

    @Test
    void startInAnUnknownRoomIsNotFound() throws Exception {
        Response<EgressInfo> response =
                egress.startRoomCompositeEgress("nope", file("x")).execute();

        assertThat(response.code()).isEqualTo(404);
        assertThat(TestJwts.errorBody(response).path("msg").asText()).isEqualTo("requested room does not exist");
    }

    @Test
    void stayStartingThenStopIsAborted() throws Exception {
        livekit.egressOutcome(EgressOutcome.STAY_STARTING);
        String id = start("r3").getEgressId();

        assertThat(egress.listEgress(null, id, true).execute().body())
                .singleElement()
                .satisfies(e -> assertThat(e.getStatus()).isEqualTo(EgressStatus.EGRESS_STARTING));
        EgressInfo stopped = egress.stopEgress(id).execute().body();

        assertThat(stopped.getStatus()).isEqualTo(EgressStatus.EGRESS_ABORTED);
        assertThat(eventNamesFor(id)).containsExactly("egress_started:EGRESS_STARTING", "egress_ended:EGRESS_ABORTED");
        assertThat(livekit.activateEgress(id)).isFalse();
    }

    @Test
    void stayStartingCanBeActivatedByTheTest() throws Exception {
        livekit.egressOutcome(EgressOutcome.STAY_STARTING);
        String id = start("r3b").getEgressId();

        assertThat(livekit.activateEgress(id)).isTrue();

        assertThat(status(id)).isEqualTo(EgressStatus.EGRESS_ACTIVE);
        assertThat(eventNamesFor(id)).containsExactly("egress_started:EGRESS_STARTING", "egress_updated:EGRESS_ACTIVE");
    }

    @Test
    void failOutcomeEndsFailedWithAnErrorAndNoFile() throws Exception {
        livekit.egressOutcome(EgressOutcome.FAIL);
        String id = start("r4").getEgressId();

        awaitStatus(id, EgressStatus.EGRESS_FAILED);

        EgressInfo failed = livekit.egress(id).orElseThrow();
        assertThat(failed.getError()).isNotEmpty();
        // LiveKit names the file from the start (egress pkg/config/output.go: Info.FileResults), nothing was written
        assertThat(failed.getFileResultsList()).singleElement().satisfies(f -> {
            assertThat(f.getFilename()).isEqualTo("r4.mp4");
            assertThat(f.getSize()).isZero();
            assertThat(f.getLocation()).isEmpty();
        });
        assertThat(eventNamesFor(id)).containsExactly("egress_started:EGRESS_STARTING", "egress_ended:EGRESS_FAILED");
        assertThatThrownBy(() -> s3.headObject(b -> b.bucket("recordings").key("r4.mp4")))
                .isInstanceOf(NoSuchKeyException.class);
    }

    @Test
    void limitReachedOutcomeEndsWithTheFile() throws Exception {
        livekit.egressOutcome(EgressOutcome.LIMIT_REACHED);
        String id = start("r5").getEgressId();

        awaitStatus(id, EgressStatus.EGRESS_LIMIT_REACHED);

        assertThat(livekit.egress(id).orElseThrow().getFileResults(0).getFilename())
                .isEqualTo("r5.mp4");
        assertThat(s3.headObject(b -> b.bucket("recordings").key("r5.mp4")).contentLength())
                .isPositive();
        assertThat(eventNamesFor(id))
                .containsExactly(
                        "egress_started:EGRESS_STARTING",
                        "egress_updated:EGRESS_ACTIVE",
                        "egress_updated:EGRESS_ENDING",
                        "egress_ended:EGRESS_LIMIT_REACHED");
    }

    @Test
    void testMethodsFailAndLimitARunningEgress() throws Exception {
        String a = start("r6a").getEgressId();
        String b = start("r6b").getEgressId();
        awaitStatus(a, EgressStatus.EGRESS_ACTIVE);
        awaitStatus(b, EgressStatus.EGRESS_ACTIVE);

        assertThat(livekit.failEgress(a, "encoder crashed")).isTrue();
        assertThat(livekit.reachEgressLimit(b)).isTrue();

        assertThat(livekit.egress(a).orElseThrow().getError()).isEqualTo("encoder crashed");
        assertThat(status(a)).isEqualTo(EgressStatus.EGRESS_FAILED);
        assertThat(status(b)).isEqualTo(EgressStatus.EGRESS_LIMIT_REACHED);
        assertThat(livekit.failEgress(a, "again")).isFalse();
        assertThatThrownBy(() -> livekit.failEgress("EG_unknown", "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("EG_unknown");
    }

    @Test
    void activationDelayKeepsItStartingForAWhile() throws Exception {
        livekit.egressActivationDelay(Duration.ofMillis(300));
        String id = start("r7").getEgressId();

        assertThat(status(id)).isEqualTo(EgressStatus.EGRESS_STARTING);
        awaitStatus(id, EgressStatus.EGRESS_ACTIVE);
    }

    @Test
    @DisplayName("S3 credentials in the request win over the fake's own storage")
    void requestS3UploadIsUsed() throws Exception {
        EncodedFileOutput output = file("from-request/{room_name}").toBuilder()
                .setS3(S3Upload.newBuilder()
                        .setAccessKey(ACCESS)
                        .setSecret(S3_SECRET)
                        .setEndpoint(s3Endpoint.toString())
                        .setBucket("other")
                        .setRegion("us-east-1")
                        .setForcePathStyle(true))
                .build();
        String id = egress.startRoomCompositeEgress("standup", output, "speaker")
                .execute()
                .body()
                .getEgressId();
        awaitStatus(id, EgressStatus.EGRESS_ACTIVE);

        egress.stopEgress(id).execute();
        awaitStatus(id, EgressStatus.EGRESS_COMPLETE);

        assertThat(livekit.egress(id).orElseThrow().getFileResults(0).getLocation())
                .isEqualTo(s3Endpoint + "/other/from-request/standup.mp4");
        assertThat(s3.headObject(b -> b.bucket("other").key("from-request/standup.mp4"))
                        .contentLength())
                .isPositive();
    }

    @Test
    void withoutAnyStorageTheEgressFails() throws Exception {
        try (FakeLiveKitServer bare = FakeLiveKitServer.builder().build().start()) {
            bare.joinParticipant("standup", "alice");
            EgressServiceClient client = EgressServiceClient.createClient(bare.url(), bare.apiKey(), bare.apiSecret());
            String id = client.startRoomCompositeEgress("standup", file("x"))
                    .execute()
                    .body()
                    .getEgressId();
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> bare.egress(id).orElseThrow().getStatus() == EgressStatus.EGRESS_ACTIVE);

            client.stopEgress(id).execute();

            await().atMost(Duration.ofSeconds(5))
                    .until(() -> bare.egress(id).orElseThrow().getStatus() == EgressStatus.EGRESS_FAILED);
            assertThat(bare.egress(id).orElseThrow().getError()).contains("no S3 storage");
        }
    }

    @Test
    void updateLayout() throws Exception {
        String id = start("r8").getEgressId();

        EgressInfo updated = egress.updateLayout(id, "speaker").execute().body();

        assertThat(updated.getRoomComposite().getLayout()).isEqualTo("speaker");
        assertThat(livekit.egress(id).orElseThrow().getRoomComposite().getLayout())
                .isEqualTo("speaker");
    }

    @Test
    void listEgressFilters() throws Exception {
        livekit.joinParticipant("other-room", "bob");
        String a = start("l1").getEgressId();
        String b = egress.startRoomCompositeEgress("other-room", file("l2"))
                .execute()
                .body()
                .getEgressId();
        awaitStatus(a, EgressStatus.EGRESS_ACTIVE);
        livekit.failEgress(a, "boom");

        assertThat(egress.listEgress(null, null, null).execute().body())
                .extracting(EgressInfo::getEgressId)
                .containsExactly(a, b);
        assertThat(egress.listEgress("standup", null, null).execute().body())
                .extracting(EgressInfo::getEgressId)
                .containsExactly(a);
        assertThat(egress.listEgress(null, b, null).execute().body())
                .extracting(EgressInfo::getEgressId)
                .containsExactly(b);
        assertThat(egress.listEgress(null, null, true).execute().body())
                .extracting(EgressInfo::getEgressId)
                .containsExactly(b);
    }

    @Test
    @DisplayName("deleting the room ends an active egress with its file")
    void deleteRoomCompletesTheEgress() throws Exception {
        String id = start("r9").getEgressId();
        awaitStatus(id, EgressStatus.EGRESS_ACTIVE);

        RoomServiceClient.createClient(livekit.url(), livekit.apiKey(), livekit.apiSecret())
                .deleteRoom("standup")
                .execute();

        awaitStatus(id, EgressStatus.EGRESS_COMPLETE);
        assertThat(livekit.egress(id).orElseThrow().getFileResults(0).getFilename())
                .isEqualTo("r9.mp4");
    }
}
