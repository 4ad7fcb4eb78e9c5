package io.meetkit.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meetkit.MeetKit;
import io.meetkit.MeetingException;
import io.meetkit.WebhookRejectedException;
import io.meetkit.livekit.WebhookForge;
import io.meetkit.meeting.CreateMeeting;
import io.meetkit.meeting.Meeting;
import io.meetkit.participant.ParticipantToken;
import io.meetkit.participant.TokenRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The observer hears the components themselves, not a web layer: a token issued by {@code kit.tokens().issue()}, a
 * webhook handled by {@code kit.webhooks().handle()}, a LiveKit call made by {@code kit.meetings()}.
 */
class MeetKitObserverTest {

    /** Records what it hears as strings, for example {@code token SPEAKER}. */
    static final class Recorder implements MeetKitObserver {
        final List<String> heard = new CopyOnWriteArrayList<>();

        @Override
        public void tokenIssued(String role) {
            heard.add("token " + role);
        }

        @Override
        public void webhookReceived(String event, String outcome) {
            heard.add("webhook " + event + " " + outcome);
        }

        @Override
        public void liveKitCall(String rpc, String outcome, Duration took) {
            // not an assertion here: MeetKit logs and ignores what an observer throws
            heard.add("livekit " + rpc + " " + outcome + (took.isNegative() ? " took a negative time" : ""));
        }
    }

    private static MeetKit kit(MeetKitObserver observer) {
        return MeetKit.builder()
                .liveKitUrl("http://127.0.0.1:9") // nothing listens: a LiveKit call fails at once
                .apiKey(WebhookForge.API_KEY)
                .apiSecret(WebhookForge.SECRET)
                .callTimeout(Duration.ofSeconds(2))
                .observer(observer)
                .build();
    }

    @Test
    @DisplayName("a token issued through kit.tokens().issue() is counted, with its role")
    void tokenIssuedThroughTheApiIsCounted() {
        Recorder recorder = new Recorder();
        try (MeetKit kit = kit(recorder)) {
            Meeting m =
                    kit.meetings().create(CreateMeeting.builder("Sync", "u1").build());

            // no display name: a token that needs no LiveKit room
            ParticipantToken t = kit.tokens()
                    .issue(m.id(), TokenRequest.builder().role("SPEAKER").build());
            kit.tokens().issue(m.id(), TokenRequest.builder().role("MODERATOR").build());

            assertThat(t.role().name()).isEqualTo("SPEAKER");
            assertThat(recorder.heard).containsExactly("token SPEAKER", "token MODERATOR");
        }
    }

    @Test
    @DisplayName("a refused token request is not counted")
    void refusedTokenIsNotCounted() {
        Recorder recorder = new Recorder();
        try (MeetKit kit = kit(recorder)) {
            Meeting m =
                    kit.meetings().create(CreateMeeting.builder("Sync", "u1").build());

            assertThatThrownBy(() -> kit.tokens()
                            .issue(m.id(), TokenRequest.builder().role("OWNER").build()))
                    .isInstanceOf(MeetingException.class);

            assertThat(recorder.heard).isEmpty();
        }
    }

    @Test
    @DisplayName("webhooks handled by kit.webhooks() are counted by event and outcome, refused ones as rejected")
    void webhooksAreCounted() {
        Recorder recorder = new Recorder();
        try (MeetKit kit = kit(recorder)) {
            Meeting m =
                    kit.meetings().create(CreateMeeting.builder("Sync", "u1").build());
            long now = System.currentTimeMillis() / 1000;
            byte[] started = WebhookForge.roomEvent("room_started", "EV_1", m.roomName(), "RM_1", now);
            byte[] foreign = WebhookForge.roomEvent("room_started", "EV_2", "not-a-meeting", "RM_2", now);
            byte[] tampered = "{\"event\":\"room_finished\"}".getBytes(StandardCharsets.UTF_8);

            kit.webhooks().handle(started, WebhookForge.sign(started, now));
            kit.webhooks().handle(started, WebhookForge.sign(started, now));
            kit.webhooks().handle(foreign, WebhookForge.sign(foreign, now));
            assertThatThrownBy(() -> kit.webhooks().handle(tampered, WebhookForge.sign(started, now)))
                    .isInstanceOf(WebhookRejectedException.class);

            assertThat(recorder.heard)
                    .containsExactly(
                            "webhook room_started processed",
                            "webhook room_started duplicate",
                            "webhook room_started not_ours",
                            "webhook unknown rejected");
        }
    }

    @Test
    @DisplayName("LiveKit calls are reported with their RPC and the error code they failed with")
    void liveKitCallsAreReported() {
        Recorder recorder = new Recorder();
        try (MeetKit kit = kit(recorder)) {
            Meeting m =
                    kit.meetings().create(CreateMeeting.builder("Sync", "u1").build());

            assertThatThrownBy(() -> kit.meetings().kick(m.id(), "alice"))
                    .isInstanceOfSatisfying(
                            MeetingException.class,
                            e -> assertThat(recorder.heard).containsExactly("livekit removeParticipant " + e.code()));
        }
    }

    @Test
    @DisplayName("an observer that throws never fails the call it observes")
    void throwingObserverIsIgnored() {
        MeetKitObserver broken = new MeetKitObserver() {
            @Override
            public void tokenIssued(String role) {
                throw new IllegalStateException("metrics backend down");
            }
        };
        try (MeetKit kit = kit(broken)) {
            Meeting m =
                    kit.meetings().create(CreateMeeting.builder("Sync", "u1").build());

            ParticipantToken t = kit.tokens()
                    .issue(m.id(), TokenRequest.builder().role("SPEAKER").build());

            assertThat(kit.tokens().verify(t.token()).selectedRole()).isEqualTo("SPEAKER");
        }
    }
}
