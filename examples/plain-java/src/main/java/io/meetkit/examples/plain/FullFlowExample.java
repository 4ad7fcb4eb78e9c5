package io.meetkit.examples.plain;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.meetkit.MeetKit;
import io.meetkit.MeetingException;
import io.meetkit.WebhookRejectedException;
import io.meetkit.event.MeetingEvent;
import io.meetkit.meeting.CreateMeeting;
import io.meetkit.meeting.DeletionPolicy;
import io.meetkit.meeting.DeletionResult;
import io.meetkit.meeting.Meeting;
import io.meetkit.meeting.MeetingSettings;
import io.meetkit.participant.ParticipantClaims;
import io.meetkit.participant.ParticipantToken;
import io.meetkit.participant.TokenRequest;
import io.meetkit.recording.Recording;
import io.meetkit.recording.RecordingOptions;
import io.meetkit.testkit.FakeLiveKitServer;
import io.meetkit.testkit.s3.InProcessS3;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The seed's whole flow in plain Java, on in-memory stores: a meeting, a participant token (verified), LiveKit
 * webhooks received by an HTTP handler (a participant joins, the meeting goes ACTIVE), a recording started, stopped
 * and downloaded from S3, and the meeting deleted with its recordings.
 *
 * <p>It runs against an in-process {@link FakeLiveKitServer} (a simulation of LiveKit's API and webhooks, no media)
 * and an in-process S3, because a real LiveKit needs a webhook URL it can reach and a real bucket.
 */
public final class FullFlowExample {

    private FullFlowExample() {}

    /** Runs the example. */
    public static void main(String[] args) throws Exception {
        run(System.out);
    }

    /**
     * Runs the flow, printing to {@code out}.
     *
     * @return the bytes of the downloaded recording
     * @throws Exception if a step fails or an event does not come within 10 seconds
     */
    static byte[] run(PrintStream out) throws Exception {
        BlockingQueue<MeetingEvent> events = new LinkedBlockingQueue<>();
        try (InProcessS3 s3 = InProcessS3.start("recordings");
                FakeLiveKitServer liveKit = FakeLiveKitServer.builder()
                        .apiKey("devkey")
                        .apiSecret("a-local-simulation-secret-of-32-bytes-or-more")
                        .egressStorage(s3.client(), "recordings") // the simulated egress writes real files
                        .build()
                        .start();
                MeetKit kit = MeetKit.builder()
                        .liveKitUrl(liveKit.url())
                        .apiKey(liveKit.apiKey())
                        .apiSecret(liveKit.apiSecret())
                        .recordingStorage(s3.recordingStorage("recordings").build())
                        .listener(events::add) // MeetingEvents, after the store changed
                        .build()) {

            // LiveKit posts webhooks to this endpoint: the raw body and the Authorization header go to MeetKit
            HttpServer webhookServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            webhookServer.createContext("/livekit/webhook", exchange -> handleWebhook(kit, exchange));
            webhookServer.start();
            try {
                liveKit.webhookUrl(URI.create(
                        "http://127.0.0.1:" + webhookServer.getAddress().getPort() + "/livekit/webhook"));
                return flow(kit, liveKit, events, out);
            } finally {
                webhookServer.stop(0);
            }
        }
    }

    /**
     * What a webhook endpoint does: hand the raw body and the {@code Authorization} header to MeetKit, which verifies
     * and applies it; 200 when handled (also for duplicates and other rooms), 401 for a bad signature, 400 for a bad
     * body, 503 when the store failed (LiveKit retries).
     */
    static void handleWebhook(MeetKit kit, HttpExchange exchange) throws IOException {
        int status;
        try (InputStream body = exchange.getRequestBody()) {
            kit.webhooks().handle(body, exchange.getRequestHeaders().getFirst("Authorization"));
            status = 200;
        } catch (WebhookRejectedException e) {
            status = e.reason().authentication() ? 401 : 400;
        } catch (MeetingException e) {
            status = 503;
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    private static byte[] flow(
            MeetKit kit, FakeLiveKitServer liveKit, BlockingQueue<MeetingEvent> events, PrintStream out)
            throws Exception {
        Meeting meeting = kit.meetings()
                .create(CreateMeeting.builder("Design review", "admin-1")
                        .settings(
                                MeetingSettings.builder().recordingEnabled(true).build())
                        .build());
        out.println("Created " + meeting.title() + " (" + meeting.status() + ")");

        ParticipantToken token = kit.tokens().issue(meeting.id(), TokenRequest.of("Alice", "MODERATOR"));
        ParticipantClaims claims = kit.tokens().verify(token.token());
        out.println("Token for " + claims.displayName() + " in room " + claims.room() + ", verified");

        // the client would connect with the token; the simulation joins for it and sends the webhooks
        liveKit.joinParticipant(meeting.roomName(), token.identity(), token.displayName(), null);
        next(events, MeetingEvent.MeetingStarted.class);
        out.println(
                "Webhook: meeting is " + kit.meetings().require(meeting.id()).status());

        Recording recording = kit.recordings().start(meeting.id(), RecordingOptions.defaults(), "admin-1");
        out.println("Recording " + recording.status());
        kit.recordings().stop(recording.id());
        Recording ended = next(events, MeetingEvent.RecordingEnded.class).recording();
        out.println("Recording " + ended.status() + ", " + ended.sizeBytes().orElse(0L) + " bytes");

        URI download = kit.recordings()
                .downloadUrl(recording.id(), Duration.ofMinutes(5))
                .url();
        HttpResponse<byte[]> file = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(download).build(), HttpResponse.BodyHandlers.ofByteArray());
        out.println("Downloaded " + file.body().length + " bytes (HTTP " + file.statusCode() + ")");

        DeletionResult deleted = kit.meetings().delete(meeting.id(), DeletionPolicy.FORCE);
        out.println("Deleted: " + deleted.outcome() + ", " + deleted.deletedRecordings() + " recording(s)");
        return file.body();
    }

    /** Waits for the next event of a type (others are skipped). */
    private static <E extends MeetingEvent> E next(BlockingQueue<MeetingEvent> events, Class<E> type)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            MeetingEvent e = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (e == null) {
                throw new UncheckedIOException(new IOException("no " + type.getSimpleName() + " within 10 s"));
            }
            if (type.isInstance(e)) {
                return type.cast(e);
            }
        }
    }
}
