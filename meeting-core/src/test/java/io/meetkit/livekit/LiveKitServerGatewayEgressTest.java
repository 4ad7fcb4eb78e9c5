package io.meetkit.livekit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meetkit.ConflictException;
import io.meetkit.MeetKit;
import io.meetkit.NotFoundException;
import io.meetkit.recording.EgressS3Upload;
import io.meetkit.recording.RecordingEncoding;
import io.meetkit.recording.RecordingLayout;
import io.meetkit.recording.RecordingStatus;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import livekit.LivekitEgress;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The egress RPCs of the gateway, checked on the wire: paths, protobuf bodies, answers and Twirp errors. */
class LiveKitServerGatewayEgressTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    private MockWebServer server;
    private LiveKitServerGateway gateway;

    @BeforeEach
    void start() throws Exception {
        server = new MockWebServer();
        server.start();
        gateway = MeetKit.liveKitGateway(server.url("/").toString(), "key", SECRET, Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() throws Exception {
        gateway.close();
        server.close();
    }

    private void answer(com.google.protobuf.Message message) {
        server.enqueue(new MockResponse.Builder()
                .code(200)
                .addHeader("Content-Type", "application/protobuf")
                .body(new Buffer().write(message.toByteArray()))
                .build());
    }

    private RecordedRequest request() throws InterruptedException {
        RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(r).isNotNull();
        return r;
    }

    @Test
    @DisplayName("StartRoomCompositeEgress sends layout, preset, one MP4 file output and the S3 upload")
    void startSendsTheWholeRequest() throws Exception {
        answer(LivekitEgress.EgressInfo.newBuilder()
                .setEgressId("EG_1")
                .setRoomName("standup")
                .setStatus(LivekitEgress.EgressStatus.EGRESS_STARTING)
                .build());

        EgressSnapshot s = gateway.startRoomCompositeEgress(new RoomCompositeRequest(
                "standup",
                RecordingLayout.SINGLE_SPEAKER,
                true,
                RecordingEncoding.PORTRAIT_H264_1080P_60,
                "rec/m/r.mp4",
                new EgressS3Upload("bucket", "eu-west-1", URI.create("http://minio:9000"), true, "AK", "SK", null)));

        assertThat(s.egressId()).isEqualTo("EG_1");
        assertThat(s.status()).isEqualTo(RecordingStatus.STARTING);
        RecordedRequest r = request();
        assertThat(r.getTarget()).isEqualTo("/twirp/livekit.Egress/StartRoomCompositeEgress");
        assertThat(r.getHeaders().get("Authorization")).startsWith("Bearer ");
        LivekitEgress.RoomCompositeEgressRequest req =
                LivekitEgress.RoomCompositeEgressRequest.parseFrom(r.getBody().toByteArray());
        assertThat(req.getRoomName()).isEqualTo("standup");
        assertThat(req.getLayout()).isEqualTo("single-speaker");
        assertThat(req.getAudioOnly()).isTrue();
        assertThat(req.getPreset()).isEqualTo(LivekitEgress.EncodingOptionsPreset.PORTRAIT_H264_1080P_60);
        LivekitEgress.EncodedFileOutput file = req.getFileOutputs(0);
        assertThat(file.getFileType()).isEqualTo(LivekitEgress.EncodedFileType.MP4);
        assertThat(file.getFilepath()).isEqualTo("rec/m/r.mp4");
        assertThat(file.getDisableManifest()).isTrue();
        assertThat(file.getS3().getBucket()).isEqualTo("bucket");
        assertThat(file.getS3().getRegion()).isEqualTo("eu-west-1");
        assertThat(file.getS3().getEndpoint()).isEqualTo("http://minio:9000");
        assertThat(file.getS3().getForcePathStyle()).isTrue();
        assertThat(file.getS3().getAccessKey()).isEqualTo("AK");
        assertThat(file.getS3().getSecret()).isEqualTo("SK");
    }

    @Test
    @DisplayName("without an upload the request carries no S3 settings: the egress uses its own storage")
    void startWithoutUpload() throws Exception {
        answer(LivekitEgress.EgressInfo.newBuilder()
                .setEgressId("EG_2")
                .setRoomName("r")
                .build());

        gateway.startRoomCompositeEgress(new RoomCompositeRequest(
                "r", RecordingLayout.GRID, false, RecordingEncoding.H264_720P_30, "k.mp4", null));

        LivekitEgress.RoomCompositeEgressRequest req = LivekitEgress.RoomCompositeEgressRequest.parseFrom(
                request().getBody().toByteArray());
        assertThat(req.getFileOutputs(0).hasS3()).isFalse();
    }

    @Test
    @DisplayName("ListEgress turns nanosecond times and file results into MeetKit's values")
    void list() throws Exception {
        long ns = 1_700_000_000_123_456_789L;
        answer(LivekitEgress.ListEgressResponse.newBuilder()
                .addItems(LivekitEgress.EgressInfo.newBuilder()
                        .setEgressId("EG_3")
                        .setRoomName("r")
                        .setStatus(LivekitEgress.EgressStatus.EGRESS_COMPLETE)
                        .setStartedAt(ns)
                        .setEndedAt(ns + 5_000_000_000L)
                        .addFileResults(LivekitEgress.FileInfo.newBuilder()
                                .setFilename("k.mp4")
                                .setSize(1234)
                                .setDuration(5_000_000_000L)
                                .setLocation("s3://b/k.mp4")))
                .build());

        List<EgressSnapshot> list = gateway.listEgress(null, "EG_3", false);

        assertThat(list).singleElement().satisfies(e -> {
            assertThat(e.status()).isEqualTo(RecordingStatus.COMPLETE);
            assertThat(e.startedAt()).isEqualTo(Instant.ofEpochSecond(0, ns));
            assertThat(e.file().orElseThrow().duration()).isEqualTo(Duration.ofSeconds(5));
            assertThat(e.file().orElseThrow().sizeBytes()).isEqualTo(1234);
        });
        RecordedRequest r = request();
        assertThat(r.getTarget()).isEqualTo("/twirp/livekit.Egress/ListEgress");
        assertThat(LivekitEgress.ListEgressRequest.parseFrom(r.getBody().toByteArray())
                        .getEgressId())
                .isEqualTo("EG_3");
    }

    @Test
    @DisplayName("StopEgress errors map as Twirp codes say: failed_precondition is a conflict, not_found not found")
    void stopErrors() throws Exception {
        server.enqueue(new MockResponse.Builder()
                .code(412)
                .addHeader("Content-Type", "application/json")
                .body("{\"code\":\"failed_precondition\",\"msg\":\"egress with status EGRESS_COMPLETE cannot be "
                        + "stopped\"}")
                .build());
        server.enqueue(new MockResponse.Builder()
                .code(404)
                .addHeader("Content-Type", "application/json")
                .body("{\"code\":\"not_found\",\"msg\":\"egress does not exist\"}")
                .build());

        assertThatThrownBy(() -> gateway.stopEgress("EG_4"))
                .isInstanceOfSatisfying(
                        ConflictException.class,
                        e -> assertThat(e.code()).isEqualTo(ConflictException.LIVEKIT_CONFLICT));
        assertThatThrownBy(() -> gateway.stopEgress("EG_5")).isInstanceOf(NotFoundException.class);
        assertThat(request().getTarget()).isEqualTo("/twirp/livekit.Egress/StopEgress");
    }
}
