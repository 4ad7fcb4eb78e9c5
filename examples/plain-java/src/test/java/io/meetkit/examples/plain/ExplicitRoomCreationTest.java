package io.meetkit.examples.plain;

import static org.assertj.core.api.Assertions.assertThat;

import io.meetkit.MeetKit;
import io.meetkit.meeting.CreateMeeting;
import io.meetkit.meeting.Meeting;
import io.meetkit.participant.TokenRequest;
import io.meetkit.testkit.FakeLiveKitExtension;
import io.meetkit.testkit.FakeLiveKitServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The README's "LiveKit rooms" snippet is cut from here: a LiveKit that does not create rooms on join. */
class ExplicitRoomCreationTest {

    @RegisterExtension
    static final FakeLiveKitExtension LIVEKIT = new FakeLiveKitExtension();

    @Test
    void theRoomExistsBeforeTheTokenIsHandedOut(FakeLiveKitServer livekit) {
        livekit.autoCreate(false); // room.auto_create: false
        String liveKitUrl = livekit.url();
        String apiKey = livekit.apiKey();
        String apiSecret = livekit.apiSecret();
        // --8<-- [start:create-rooms-on-join]
        MeetKit kit = MeetKit.builder()
                .liveKitUrl(liveKitUrl)
                .apiKey(apiKey)
                .apiSecret(apiSecret)
                .createRoomsOnJoin(true) // only for a LiveKit with room.auto_create: false; the same on every instance
                .build();
        // --8<-- [end:create-rooms-on-join]
        try (kit) {
            Meeting meeting =
                    kit.meetings().create(CreateMeeting.builder("Demo", "admin").build());

            String token = kit.tokens()
                    .issue(meeting.id(), TokenRequest.of("Alice", "SPEAKER"))
                    .token();

            assertThat(livekit.room(meeting.roomName())).isPresent();
            livekit.join(token);
            assertThat(livekit.participants(meeting.roomName())).hasSize(1);
        }
    }
}
