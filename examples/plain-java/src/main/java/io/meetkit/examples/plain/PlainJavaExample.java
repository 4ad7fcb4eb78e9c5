package io.meetkit.examples.plain;

import io.meetkit.MeetKit;
import io.meetkit.meeting.CreateMeeting;
import io.meetkit.meeting.Meeting;
import io.meetkit.meeting.MeetingQuery;
import io.meetkit.meeting.MeetingSettings;
import io.meetkit.participant.ParticipantToken;
import io.meetkit.participant.TokenRequest;
import io.meetkit.testkit.FakeLiveKitServer;
import java.io.PrintStream;
import java.util.Map;

/**
 * The smallest MeetKit embedding: create a meeting, issue a participant token, list the meetings, end it.
 * {@link FullFlowExample} adds LiveKit webhooks through an HTTP handler and recordings.
 *
 * <p>Runs against a real LiveKit or OpenVidu 3 when {@code LIVEKIT_URL}, {@code LIVEKIT_API_KEY} and
 * {@code LIVEKIT_API_SECRET} are set; otherwise it starts an in-process {@link FakeLiveKitServer} (a local
 * simulation of LiveKit's API, without media).
 */
public final class PlainJavaExample {

    private PlainJavaExample() {}

    /** Runs the example. */
    public static void main(String[] args) {
        run(System.getenv(), System.out);
    }

    /** Runs the example with the given environment, printing to {@code out}; returns the meeting it created. */
    static Meeting run(Map<String, String> env, PrintStream out) {
        String url = env.get("LIVEKIT_URL");
        FakeLiveKitServer fake = null;
        if (url == null || url.isBlank()) {
            fake = FakeLiveKitServer.builder()
                    .apiKey("devkey")
                    .apiSecret("a-local-simulation-secret-of-32-bytes-or-more")
                    .build()
                    .start();
            out.println("No LIVEKIT_URL: using an in-process FakeLiveKitServer at " + fake.url()
                    + " (local simulation, no media)");
        }
        try {
            return runWith(
                    fake != null ? fake.url() : url,
                    fake != null ? fake.apiKey() : env.get("LIVEKIT_API_KEY"),
                    fake != null ? fake.apiSecret() : env.get("LIVEKIT_API_SECRET"),
                    out);
        } finally {
            if (fake != null) {
                fake.close();
            }
        }
    }

    // --8<-- [start:quickstart]
    static Meeting runWith(String liveKitUrl, String apiKey, String apiSecret, PrintStream out) {
        try (MeetKit kit = MeetKit.builder()
                .liveKitUrl(liveKitUrl) // wss://… as your clients know it, or http(s)://
                .apiKey(apiKey)
                .apiSecret(apiSecret) // at least 32 bytes
                .build()) { // in-memory stores: use JdbcStores in production

            Meeting meeting = kit.meetings()
                    .create(CreateMeeting.builder("Team sync", "user-42")
                            .settings(MeetingSettings.builder()
                                    .maxParticipants(10)
                                    .build())
                            .build());
            out.println("Created " + meeting.title() + " in LiveKit room " + meeting.roomName());

            ParticipantToken token = kit.tokens().issue(meeting.id(), TokenRequest.of("Alice", "SPEAKER"));
            out.println(token.displayName() + " joins " + token.url() + " as "
                    + token.role().name());

            kit.meetings()
                    .list(MeetingQuery.builder().createdBy("user-42").build())
                    .items()
                    .forEach(m -> out.println("  " + m.id() + "  " + m.status() + "  " + m.title()));

            boolean wasLive = kit.meetings().end(meeting.id()); // DeleteRoom; no live room is fine
            out.println("Ended (live room: " + wasLive + "), now "
                    + kit.meetings().require(meeting.id()).status());
            return meeting;
        }
    }
    // --8<-- [end:quickstart]
}
