package io.meetkit.participant;

import static org.assertj.core.api.Assertions.assertThat;

import io.meetkit.MeetKit;
import io.meetkit.meeting.CreateMeeting;
import io.meetkit.meeting.Meeting;
import io.meetkit.store.NameReservation;
import io.meetkit.testkit.FakeLiveKitServer;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Rejoin keeps the name (issue 16): LiveKit lets a participant reconnect with its still-valid token after
 * {@code participant_left} released its name (livekit {@code pkg/service/roomservice.go} and {@code rtcservice.go}
 * check only the token, not MeetKit's reservations), so its {@code participant_joined} reserves the name again: the
 * same if free, else the smallest free variant, and then the name is updated in LiveKit ({@code UpdateParticipant}).
 * The fake hands its signed webhooks to MeetKit's handler as an endpoint would.
 */
class RejoinKeepsNameTest {

    private final AtomicReference<MeetKit> current = new AtomicReference<>();
    private final FakeLiveKitServer fake = FakeLiveKitServer.builder()
            .webhookSink((body, auth) -> {
                MeetKit k = current.get();
                if (k != null) {
                    k.webhooks().handle(body, auth);
                }
            })
            .build()
            .start();
    private final MeetKit kit = MeetKit.builder()
            .liveKitUrl(fake.url())
            .apiKey(fake.apiKey())
            .apiSecret(fake.apiSecret())
            .callTimeout(Duration.ofSeconds(5))
            .build();

    {
        current.set(kit);
    }

    @AfterEach
    void close() {
        kit.close();
        fake.close();
    }

    private ParticipantToken token(Meeting m, String name) {
        return kit.tokens()
                .issue(
                        m.id(),
                        TokenRequest.builder().displayName(name).role("SPEAKER").build());
    }

    private String reservedName(Meeting m, String identity) {
        return kit.stores()
                .participantNames()
                .findByIdentity(m.id(), identity, Instant.now())
                .map(NameReservation::displayName)
                .orElse("<none>");
    }

    @Test
    @DisplayName("back with the same token while its name is free: the same name, reserved again")
    void sameNameWhenFree() {
        Meeting m =
                kit.meetings().create(CreateMeeting.builder("Webinar", "host").build());
        ParticipantToken alice = token(m, "Alice");
        fake.join(alice.token());
        fake.leaveParticipant(m.roomName(), alice.identity());
        assertThat(reservedName(m, alice.identity()))
                .as("released on participant_left")
                .isEqualTo("<none>");

        fake.join(alice.token());

        assertThat(reservedName(m, alice.identity())).isEqualTo("Alice");
        assertThat(token(m, "Alice").displayName()).as("no second Alice").isEqualTo("Alice_2");
        assertThat(fake.participant(m.roomName(), alice.identity())
                        .orElseThrow()
                        .getName())
                .isEqualTo("Alice");
    }

    @Test
    @DisplayName("back while its name was given to another: the smallest free variant, and renamed in LiveKit")
    void smallestFreeVariantWhenTaken() {
        Meeting m =
                kit.meetings().create(CreateMeeting.builder("Webinar", "host").build());
        ParticipantToken first = token(m, "Guest");
        ParticipantToken second = token(m, "Guest");
        ParticipantToken third = token(m, "Guest");
        assertThat(third.displayName()).isEqualTo("Guest_3");
        fake.join(third.token());
        fake.leaveParticipant(m.roomName(), third.identity());
        assertThat(token(m, "Guest").displayName())
                .as("Guest_3 given to a newcomer")
                .isEqualTo("Guest_3");

        fake.join(third.token());

        assertThat(reservedName(m, third.identity())).isEqualTo("Guest_4");
        assertThat(fake.participant(m.roomName(), third.identity())
                        .orElseThrow()
                        .getName())
                .isEqualTo("Guest_4");
        assertThat(reservedName(m, first.identity())).isEqualTo("Guest");
        assertThat(reservedName(m, second.identity())).isEqualTo("Guest_2");
    }
}
