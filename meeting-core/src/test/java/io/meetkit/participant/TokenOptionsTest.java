package io.meetkit.participant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meetkit.MeetKit;
import io.meetkit.meeting.CreateMeeting;
import io.meetkit.meeting.Meeting;
import io.meetkit.meeting.ParticipantPermissions;
import io.meetkit.store.InMemoryStores;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** MeetKit's token options, on tokens that need no LiveKit round trip (no display name). */
class TokenOptionsTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    private static MeetKit.Builder kit(Clock clock) {
        return MeetKit.builder()
                .liveKitUrl("wss://livekit.example.com")
                .apiKey("APIkey")
                .apiSecret("0123456789abcdef0123456789abcdef")
                .stores(new InMemoryStores())
                .clock(clock);
    }

    @Test
    void tokenTtlClockSkewAndRolePolicyAreApplied() {
        ParticipantRole viewer = new ParticipantRole("VIEWER", ParticipantPermissions.VIEWER, AppPermissions.NONE);
        try (MeetKit kit = kit(Clock.fixed(NOW, ZoneOffset.UTC))
                .tokenTtl(Duration.ofMinutes(10))
                .clockSkew(Duration.ZERO)
                .rolePolicy(RolePolicy.builder().role(viewer).build())
                .build()) {
            Meeting m =
                    kit.meetings().create(CreateMeeting.builder("Sync", "u1").build());

            ParticipantToken t = kit.tokens()
                    .issue(m.id(), TokenRequest.builder().role("viewer").build());

            assertThat(t.expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(10)));
            assertThat(t.role()).isEqualTo(viewer);
            assertThat(t.url()).isEqualTo("wss://livekit.example.com");
            assertThat(kit.tokens().tokenTtl()).isEqualTo(Duration.ofMinutes(10));
            ParticipantClaims claims = kit.tokens().verify(t.token());
            assertThat(claims.selectedRole()).isEqualTo("VIEWER");
            assertThat(claims.notBefore()).isEqualTo(NOW);

            try (MeetKit later = kit(Clock.fixed(t.expiresAt().plusSeconds(1), ZoneOffset.UTC))
                    .clockSkew(Duration.ZERO)
                    .build()) {
                assertThatThrownBy(() -> later.tokens().verify(t.token()))
                        .isInstanceOfSatisfying(
                                TokenRejectedException.class,
                                e -> assertThat(e.reason()).isEqualTo(TokenRejectedException.Reason.EXPIRED));
            }
        }
    }

    @Test
    void defaultsAreTwoHoursAndSixtySeconds() {
        try (MeetKit kit = kit(Clock.fixed(NOW, ZoneOffset.UTC)).build()) {
            Meeting m =
                    kit.meetings().create(CreateMeeting.builder("Sync", "u1").build());
            ParticipantToken t = kit.tokens()
                    .issue(m.id(), TokenRequest.builder().role("SPEAKER").build());

            assertThat(t.expiresAt()).isEqualTo(NOW.plus(Duration.ofHours(2)));
            assertThat(kit.tokens().rolePolicy()).isSameAs(RolePolicy.defaults());
            try (MeetKit later = kit(Clock.fixed(t.expiresAt().plusSeconds(60), ZoneOffset.UTC))
                    .build()) {
                assertThat(later.tokens().verify(t.token()).identity()).isNull();
            }
        }
    }

    @Test
    void badOptionsAreRefusedAtOnceNamingTheValue() {
        MeetKit.Builder b = MeetKit.builder();

        assertThatThrownBy(() -> b.tokenTtl(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tokenTtl")
                .hasMessageContaining("PT0S");
        assertThatThrownBy(() -> b.tokenTtl(Duration.ofHours(25)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PT25H");
        assertThatThrownBy(() -> b.clockSkew(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("clockSkew");
        assertThatThrownBy(() -> b.clockSkew(Duration.ofMinutes(11)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PT11M");
    }
}
