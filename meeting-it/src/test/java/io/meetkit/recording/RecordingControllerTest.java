package io.meetkit.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.util.JsonFormat;
import io.meetkit.BulkOutcome;
import io.meetkit.ConflictException;
import io.meetkit.InvalidRequestException;
import io.meetkit.LiveKitUnavailableException;
import io.meetkit.MeetingException;
import io.meetkit.NotFoundException;
import io.meetkit.PermissionDeniedException;
import io.meetkit.event.MeetingEvent;
import io.meetkit.meeting.CreateMeeting;
import io.meetkit.meeting.Meeting;
import io.meetkit.meeting.MeetingSettings;
import io.meetkit.meeting.Page;
import io.meetkit.store.InMemoryStores;
import io.meetkit.testkit.EgressOutcome;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import livekit.LivekitEgress.EgressInfo;
import livekit.LivekitEgress.EgressStatus;
import livekit.LivekitEgress.EncodedFileOutput;
import livekit.LivekitWebhook.WebhookEvent;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RecordingControllerTest extends RecordingTestBase {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static HttpResponse<byte[]> get(URI url) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(url)
                        .GET()
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    @DisplayName("the whole life: start, ACTIVE, stop, COMPLETE, object stored, presigned download, tampered URL "
            + "refused, delete removes object and record")
    void wholeLife() throws Exception {
        kit.close();
        kit = kit(new InMemoryStores(), Clock.systemUTC(), true, true, Duration.ofSeconds(10));
        current = kit;
        Meeting m = liveMeeting();

        Recording started = kit.recordings.start(
                m.id(),
                RecordingOptions.builder()
                        .layout(RecordingLayout.SPEAKER)
                        .encoding(RecordingEncoding.H264_1080P_30)
                        .build(),
                "user-1");

        assertThat(started.status()).isEqualTo(RecordingStatus.ACTIVE);
        assertThat(started.egressId()).isPresent();
        assertThat(started.objectKey()).isEqualTo("recordings/" + m.id() + "/" + started.id() + ".mp4");
        assertThat(started.startedBy()).isEqualTo("user-1");
        EgressInfo egress = lk.egress(started.egressId().orElseThrow()).orElseThrow();
        assertThat(egress.getRoomName()).isEqualTo(m.roomName());
        assertThat(egress.getRoomComposite().getLayout()).isEqualTo("speaker");
        EncodedFileOutput file = egress.getRoomComposite().getFileOutputs(0);
        assertThat(file.getFilepath()).isEqualTo(started.objectKey());
        assertThat(file.getS3().getBucket()).isEqualTo(BUCKET);
        assertThat(file.getS3().getAccessKey()).isEqualTo("local-access");
        assertThat(file.getS3().getForcePathStyle()).isTrue();

        Recording ending = kit.recordings.stop(started.id());
        assertThat(ending.status()).isIn(RecordingStatus.ENDING, RecordingStatus.COMPLETE);

        Recording done = awaitStatus(started.id(), RecordingStatus.COMPLETE);
        byte[] stored = s3.read(BUCKET, done.objectKey()).orElseThrow();
        assertThat(stored).isNotEmpty();
        assertThat(done.sizeBytes()).contains((long) stored.length);
        assertThat(done.location()).hasValueSatisfying(l -> assertThat(l).endsWith(done.objectKey()));
        assertThat(done.startedAt()).isPresent();
        assertThat(done.endedAt()).isPresent();
        assertThat(done.duration()).isPresent();
        await().atMost(WAIT).until(() -> kit.events.stream().anyMatch(e -> e instanceof MeetingEvent.RecordingEnded));
        assertThat(kit.events)
                .filteredOn(e -> e instanceof MeetingEvent.RecordingStarted)
                .hasSize(1);
        assertThat(kit.events)
                .filteredOn(e -> e instanceof MeetingEvent.RecordingEnded)
                .hasSize(1)
                .allSatisfy(e -> assertThat(
                                ((MeetingEvent.RecordingEnded) e).recording().status())
                        .isEqualTo(RecordingStatus.COMPLETE));

        DownloadUrl url = kit.recordings.downloadUrl(done.id(), Duration.ofMinutes(5));
        HttpResponse<byte[]> download = get(url.url());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(stored);
        assertThat(url.expiresAt()).isBetween(Instant.now(), Instant.now().plus(Duration.ofMinutes(6)));

        String tampered = url.url().toString().replace(done.id() + ".mp4", UUID.randomUUID() + ".mp4");
        assertThat(get(URI.create(tampered)).statusCode()).isEqualTo(403);
        String badSignature = url.url()
                .toString()
                .replaceAll(
                        "(X-Amz-Signature=)(.)",
                        "$1" + (url.url().toString().matches(".*X-Amz-Signature=0.*") ? "1" : "0"));
        assertThat(get(URI.create(badSignature)).statusCode()).isEqualTo(403);

        kit.recordings.delete(done.id());
        assertThat(s3.read(BUCKET, done.objectKey())).isEmpty();
        assertThat(kit.recordings.get(done.id())).isEmpty();
    }

    @Test
    @DisplayName("without S3 settings in the request the egress uploads with its own storage configuration")
    void egressOwnStorage() {
        Meeting m = liveMeeting();
        Recording r = completeRecording(m);

        EgressInfo egress = lk.egress(r.egressId().orElseThrow()).orElseThrow();
        assertThat(egress.getRoomComposite().getFileOutputs(0).hasS3()).isFalse();
        assertThat(objects(m.id())).containsExactly(r.objectKey());
    }

    @Test
    @DisplayName("start times out: the recording is FAILED, its egress stopped, the caller gets an error")
    void startTimeout() {
        kit.close();
        kit = kit(new InMemoryStores(), Clock.systemUTC(), true, false, Duration.ofMillis(400));
        current = kit;
        Meeting m = liveMeeting();
        lk.egressOutcome(EgressOutcome.STAY_STARTING);

        assertThatThrownBy(() -> start(m))
                .isInstanceOf(LiveKitUnavailableException.class)
                .hasMessageContaining("did not become active within PT0.4S")
                .satisfies(e -> assertThat(((MeetingException) e).retryable()).isTrue());

        Recording r =
                kit.recordings.list(RecordingQuery.ofMeeting(m.id())).items().get(0);
        assertThat(r.status()).isEqualTo(RecordingStatus.FAILED);
        assertThat(r.error()).hasValueSatisfying(e -> assertThat(e).contains("did not become active"));
        assertThat(lk.egress(r.egressId().orElseThrow()).orElseThrow().getStatus())
                .isEqualTo(EgressStatus.EGRESS_ABORTED);
        // a new recording may start now
        lk.egressOutcome(EgressOutcome.COMPLETE);
        assertThat(start(m).status()).isEqualTo(RecordingStatus.ACTIVE);
    }

    @Test
    @DisplayName("8 concurrent starts of one meeting make exactly one recording")
    void concurrentStarts() throws Exception {
        Meeting m = liveMeeting();
        int n = 8;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Recording>> results = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                String by = "user-" + i;
                results.add(pool.submit(() -> {
                    go.await();
                    return kit.recordings.start(m.id(), RecordingOptions.defaults(), by);
                }));
            }
            go.countDown();
            List<Recording> ok = new ArrayList<>();
            List<Throwable> failed = new ArrayList<>();
            for (Future<Recording> f : results) {
                try {
                    ok.add(f.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    failed.add(e.getCause());
                }
            }
            assertThat(ok).hasSize(1);
            assertThat(failed)
                    .hasSize(n - 1)
                    .allSatisfy(e -> assertThat(e)
                            .isInstanceOfSatisfying(
                                    ConflictException.class,
                                    c -> assertThat(c.code()).isEqualTo(ConflictException.RECORDING_IN_PROGRESS)));
        } finally {
            pool.shutdownNow();
        }
        assertThat(kit.recordings.list(RecordingQuery.ofMeeting(m.id())).items())
                .hasSize(1);
        assertThat(lk.egresses()).hasSize(1);
    }

    @Test
    @DisplayName("stop while starting: the egress is stopped anyway and the caller gets a conflict saying so")
    void stopWhileStarting() throws Exception {
        Meeting m = liveMeeting();
        lk.egressOutcome(EgressOutcome.STAY_STARTING);
        CompletableFuture<Recording> starting = CompletableFuture.supplyAsync(() -> start(m));
        await().atMost(WAIT)
                .until(() -> kit.recordings.list(RecordingQuery.ofMeeting(m.id())).items().stream()
                        .anyMatch(r -> r.egressId().isPresent()));
        Recording r =
                kit.recordings.list(RecordingQuery.ofMeeting(m.id())).items().get(0);
        assertThat(r.status()).isEqualTo(RecordingStatus.STARTING);

        assertThatThrownBy(() -> kit.recordings.stop(r.id()))
                .isInstanceOfSatisfying(
                        ConflictException.class, e -> assertThat(e.code()).isEqualTo(ConflictException.RECORDING_STATE))
                .hasMessageContaining("while starting")
                .hasMessageContaining("stopped anyway");

        assertThat(lk.egress(r.egressId().orElseThrow()).orElseThrow().getStatus())
                .isEqualTo(EgressStatus.EGRESS_ABORTED);
        assertThatThrownBy(starting::join)
                .hasCauseInstanceOf(ConflictException.class)
                .hasMessageContaining("aborted before it became active");
        assertThat(kit.recordings.require(r.id()).status()).isEqualTo(RecordingStatus.ABORTED);
    }

    @Test
    @DisplayName("stopping twice, or a finished recording, is a conflict")
    void stopTwice() {
        Meeting m = liveMeeting();
        Recording r = start(m);
        kit.recordings.stop(r.id());
        assertThatThrownBy(() -> kit.recordings.stop(r.id()))
                .isInstanceOfSatisfying(
                        ConflictException.class,
                        e -> assertThat(e.code()).isEqualTo(ConflictException.RECORDING_STATE));
        awaitStatus(r.id(), RecordingStatus.COMPLETE);
        assertThatThrownBy(() -> kit.recordings.stop(r.id()))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("already stopped: COMPLETE");
    }

    @Test
    @DisplayName("an unfinished recording cannot be deleted or downloaded")
    void deleteWhileUnfinishedRefused() {
        Meeting m = liveMeeting();
        Recording r = start(m);

        assertThatThrownBy(() -> kit.recordings.delete(r.id()))
                .isInstanceOfSatisfying(
                        ConflictException.class, e -> assertThat(e.code()).isEqualTo(ConflictException.RECORDING_STATE))
                .hasMessageContaining("only finished recordings can be deleted");
        assertThatThrownBy(() -> kit.recordings.downloadUrl(r.id(), Duration.ofMinutes(1)))
                .isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> kit.recordings.open(r.id(), null)).isInstanceOf(ConflictException.class);
        assertThat(kit.recordings.get(r.id())).isPresent();
    }

    @Test
    @DisplayName("range reads: first bytes, middle, open end, whole file; past the end is a clear error")
    void rangeReads() {
        Meeting m = liveMeeting();
        Recording r = completeRecording(m);
        byte[] all = s3.read(BUCKET, r.objectKey()).orElseThrow();
        int n = all.length;
        assertThat(n).isGreaterThan(32);

        try (RecordingContent c = kit.recordings.open(r.id(), ByteRange.first(16))) {
            assertThat(c.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(all, 0, 16));
            assertThat(c.partial()).isTrue();
            assertThat(c.contentRange()).isEqualTo("bytes 0-15/" + n);
            assertThat(c.contentType()).isEqualTo("video/mp4");
        }
        try (RecordingContent c = kit.recordings.open(r.id(), ByteRange.parseHttp("bytes=10-19"))) {
            assertThat(c.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(all, 10, 20));
            assertThat(c.length()).isEqualTo(10);
        }
        try (RecordingContent c = kit.recordings.open(r.id(), ByteRange.from(n - 5))) {
            assertThat(c.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(all, n - 5, n));
            assertThat(c.end()).isEqualTo(n - 1);
        }
        try (RecordingContent c = kit.recordings.open(r.id(), ByteRange.of(n - 3, n + 100))) {
            assertThat(c.readAllBytes()).hasSize(3);
        }
        try (RecordingContent c = kit.recordings.open(r.id(), null)) {
            assertThat(c.readAllBytes()).isEqualTo(all);
            assertThat(c.partial()).isFalse();
            assertThat(c.totalSize()).isEqualTo(n);
        }
        assertThatThrownBy(() -> kit.recordings.open(r.id(), ByteRange.from(n)))
                .isInstanceOfSatisfying(
                        InvalidRequestException.class,
                        e -> assertThat(e.violations())
                                .singleElement()
                                .satisfies(v -> assertThat(v.field()).isEqualTo("range")))
                .hasMessageContaining("past the end of the " + n + "-byte recording");
    }

    @Test
    @DisplayName("the download URL lifetime is capped")
    void downloadTtlCapped() {
        Meeting m = liveMeeting();
        Recording r = completeRecording(m);

        DownloadUrl url = kit.recordings.downloadUrl(r.id(), Duration.ofDays(3));

        assertThat(url.expiresAt())
                .isBefore(
                        Instant.now().plus(RecordingController.MAX_DOWNLOAD_TTL).plusSeconds(5));
        assertThat(url.toString()).doesNotContain("X-Amz-Signature");
        assertThatThrownBy(() -> kit.recordings.downloadUrl(r.id(), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("an egress that fails before it is active fails the start with its error")
    void egressFails() {
        Meeting m = liveMeeting();
        lk.egressOutcome(EgressOutcome.FAIL);

        assertThatThrownBy(() -> start(m))
                .isInstanceOf(LiveKitUnavailableException.class)
                .hasMessageContaining("failed to start")
                .hasMessageContaining("simulated");
        Recording r =
                kit.recordings.list(RecordingQuery.ofMeeting(m.id())).items().get(0);
        assertThat(r.status()).isEqualTo(RecordingStatus.FAILED);
        assertThat(r.error()).isPresent();
    }

    @Test
    @DisplayName("an egress that hits its limit ends LIMIT_REACHED with its file")
    void limitReached() throws Exception {
        Meeting m = liveMeeting();
        Recording r = start(m);

        lk.reachEgressLimit(r.egressId().orElseThrow());

        Recording done = awaitStatus(r.id(), RecordingStatus.LIMIT_REACHED);
        assertThat(done.sizeBytes()).isPresent();
        assertThat(objects(m.id())).containsExactly(r.objectKey());
        // finished states never change again, whatever arrives late
        EgressInfo stale = lk.egress(r.egressId().orElseThrow()).orElseThrow().toBuilder()
                .setStatus(EgressStatus.EGRESS_ACTIVE)
                .build();
        byte[] late = JsonFormat.printer()
                .print(WebhookEvent.newBuilder()
                        .setEvent("egress_updated")
                        .setId(UUID.randomUUID().toString())
                        .setCreatedAt(Instant.now().getEpochSecond())
                        .setEgressInfo(stale)
                        .build())
                .getBytes(StandardCharsets.UTF_8);
        kit.mk.webhooks().handle(late, lk.signWebhook(late));
        assertThat(kit.recordings.require(r.id()).status()).isEqualTo(RecordingStatus.LIMIT_REACHED);
        assertThat(kit.recordings.require(r.id()).version()).isEqualTo(done.version());
    }

    @Test
    @DisplayName("with every webhook lost, start still sees ACTIVE through ListEgress")
    void webhooksLost() {
        Meeting m = liveMeeting();
        lk.holdWebhooks();

        Recording r = start(m);

        assertThat(r.status()).isEqualTo(RecordingStatus.ACTIVE);
        assertThat(lk.heldWebhooks()).isNotEmpty();
    }

    @Test
    @DisplayName("webhooks replayed in any order leave the recording as it is")
    void replayedWebhooks() {
        Meeting m = liveMeeting();
        lk.holdWebhooks();
        Recording r = start(m);
        kit.recordings.stop(r.id());
        await().atMost(WAIT)
                .until(() -> lk.egress(r.egressId().orElseThrow()).orElseThrow().getStatus()
                        == EgressStatus.EGRESS_COMPLETE);

        lk.releaseHeldWebhooks(io.meetkit.testkit.WebhookOrder.REVERSED);

        Recording done = awaitStatus(r.id(), RecordingStatus.COMPLETE);
        assertThat(done.sizeBytes()).isPresent();
    }

    @Nested
    @DisplayName("start refuses")
    class StartRefuses {
        @Test
        void unknownMeeting() {
            assertThatThrownBy(() -> kit.recordings.start(UUID.randomUUID(), RecordingOptions.defaults(), "u"))
                    .isInstanceOfSatisfying(
                            NotFoundException.class,
                            e -> assertThat(e.code()).isEqualTo(NotFoundException.MEETING_NOT_FOUND));
        }

        @Test
        void closedMeeting() {
            Meeting m = meeting();
            kit.meetings.close(m.id());
            assertThatThrownBy(() -> start(m))
                    .isInstanceOfSatisfying(
                            ConflictException.class,
                            e -> assertThat(e.code()).isEqualTo(ConflictException.MEETING_CLOSED));
        }

        @Test
        void recordingDisabled() {
            Meeting m = kit.meetings.create(CreateMeeting.builder("No rec", "user-1")
                    .settings(MeetingSettings.builder().recordingEnabled(false).build())
                    .build());
            lk.joinParticipant(m.roomName(), "alice");
            assertThatThrownBy(() -> start(m))
                    .isInstanceOfSatisfying(
                            PermissionDeniedException.class,
                            e -> assertThat(e.code()).isEqualTo(RecordingController.RECORDING_DISABLED));
        }

        @Test
        void noLiveRoom() {
            Meeting m = meeting();
            assertThatThrownBy(() -> start(m))
                    .isInstanceOfSatisfying(
                            ConflictException.class,
                            e -> assertThat(e.code()).isEqualTo(RecordingController.MEETING_NOT_LIVE));
        }

        @Test
        void emptyRoom() {
            Meeting m = meeting();
            lk.createRoom(m.roomName());
            assertThatThrownBy(() -> start(m))
                    .isInstanceOfSatisfying(
                            ConflictException.class,
                            e -> assertThat(e.code()).isEqualTo(RecordingController.MEETING_NOT_LIVE))
                    .hasMessageContaining("nobody");
            assertThat(kit.recordings.list(RecordingQuery.ofMeeting(m.id())).items())
                    .isEmpty();
        }

        @Test
        void blankStartedBy() {
            Meeting m = liveMeeting();
            assertThatThrownBy(() -> kit.recordings.start(m.id(), RecordingOptions.defaults(), " "))
                    .isInstanceOf(InvalidRequestException.class);
        }
    }

    @Test
    @DisplayName("list pages newest first by meeting and status; bulk delete says what happened to each id")
    void listAndBulkDelete() {
        Meeting a = meeting();
        Meeting b = meeting();
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        List<Recording> all = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Meeting m = i % 2 == 0 ? a : b;
            UUID id = UUID.randomUUID();
            Recording r = Recording.builder()
                    .id(id)
                    .meetingId(m.id())
                    .status(i == 4 ? RecordingStatus.ACTIVE : RecordingStatus.COMPLETE)
                    .egressId("EG_" + i)
                    .objectKey("recordings/" + m.id() + "/" + id + ".mp4")
                    .startedBy("u")
                    .createdAt(t.plusSeconds(i))
                    .updatedAt(t.plusSeconds(i))
                    .build();
            kit.stores.recordings().insert(r);
            all.add(r);
        }
        Page<Recording> first =
                kit.recordings.list(RecordingQuery.builder().limit(2).build());
        assertThat(first.items())
                .extracting(Recording::id)
                .containsExactly(all.get(4).id(), all.get(3).id());
        Page<Recording> second = kit.recordings.list(
                RecordingQuery.builder().limit(2).cursor(first.nextCursor()).build());
        assertThat(second.items())
                .extracting(Recording::id)
                .containsExactly(all.get(2).id(), all.get(1).id());
        assertThat(kit.recordings.list(RecordingQuery.ofMeeting(a.id())).items())
                .hasSize(3);
        assertThat(kit.recordings
                        .list(RecordingQuery.builder()
                                .meetingId(a.id())
                                .status(RecordingStatus.COMPLETE)
                                .build())
                        .items())
                .hasSize(2);
        assertThatThrownBy(() -> kit.recordings.list(
                        RecordingQuery.builder().cursor("forged").build()))
                .isInstanceOf(InvalidRequestException.class);

        UUID unknown = UUID.randomUUID();
        BulkOutcome<UUID> result = kit.recordings.deleteAll(
                List.of(all.get(0).id(), all.get(4).id(), unknown, all.get(0).id()));

        assertThat(result.succeeded()).containsExactly(all.get(0).id());
        assertThat(result.failed())
                .extracting(BulkOutcome.Failure::id)
                .containsExactly(all.get(4).id(), unknown);
        assertThat(result.failed())
                .extracting(f -> f.error().code())
                .containsExactly(ConflictException.RECORDING_STATE, NotFoundException.RECORDING_NOT_FOUND);
        assertThat(result.allSucceeded()).isFalse();
        assertThatThrownBy(() -> kit.recordings.deleteAll(List.of())).isInstanceOf(InvalidRequestException.class);
    }
}
