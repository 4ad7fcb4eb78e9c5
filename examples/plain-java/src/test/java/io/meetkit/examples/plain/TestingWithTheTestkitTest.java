package io.meetkit.examples.plain;

import static org.assertj.core.api.Assertions.assertThat;

import io.meetkit.MeetKit;
import io.meetkit.meeting.CreateMeeting;
import io.meetkit.meeting.Meeting;
import io.meetkit.meeting.MeetingStatus;
import io.meetkit.participant.ParticipantToken;
import io.meetkit.participant.TokenRequest;
import io.meetkit.testkit.FakeLiveKitExtension;
import io.meetkit.testkit.FakeLiveKitServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** How an application tests its MeetKit code: the README's "Testing your app" section is cut from here. */
class TestingWithTheTestkitTest {

    // --8<-- [start:testkit]
    @RegisterExtension
    static final FakeLiveKitExtension LIVEKIT = new FakeLiveKitExtension(); // one fake LiveKit per test class

    @Test
    void aParticipantJoiningStartsTheMeeting(FakeLiveKitServer livekit) {
        try (MeetKit kit = MeetKit.builder()
                .liveKitUrl(livekit.url())
                .apiKey(livekit.apiKey())
                .apiSecret(livekit.apiSecret())
                .build()) {
            livekit.webhookSink((body, auth) -> kit.webhooks().handle(body, auth)); // signed like LiveKit's

            Meeting meeting =
                    kit.meetings().create(CreateMeeting.builder("Demo", "admin").build());
            ParticipantToken token = kit.tokens().issue(meeting.id(), TokenRequest.of("Alice", "SPEAKER"));
            livekit.join(token.token()); // as a client connects; LiveKit creates the room from the token

            assertThat(kit.meetings().require(meeting.id()).status()).isEqualTo(MeetingStatus.ACTIVE);
            assertThat(kit.meetings().participants(meeting.id())).hasSize(1);
        }
    }
    // --8<-- [end:testkit]
}
