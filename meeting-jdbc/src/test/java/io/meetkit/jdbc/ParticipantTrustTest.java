package io.meetkit.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.meetkit.MeetKit;
import io.meetkit.NotFoundException;
import io.meetkit.PermissionDeniedException;
import io.meetkit.meeting.CreateMeeting;
import io.meetkit.meeting.DeletionPolicy;
import io.meetkit.meeting.Meeting;
import io.meetkit.meeting.MeetingStatus;
import io.meetkit.meeting.ParticipantPermissions;
import io.meetkit.participant.AppPermissions;
import io.meetkit.participant.ParticipantRole;
import io.meetkit.participant.ParticipantToken;
import io.meetkit.participant.ParticipantTokens;
import io.meetkit.participant.RolePolicy;
import io.meetkit.participant.TokenRejectedException;
import io.meetkit.participant.TokenRequest;
import io.meetkit.store.MeetKitStores;
import io.meetkit.testkit.FakeLiveKitExtension;
import io.meetkit.testkit.FakeLiveKitServer;
import io.meetkit.testkit.FakeParticipant;
import io.meetkit.testkit.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 13 end to end, against the fake LiveKit and each store (in memory, H2, PostgreSQL): a participant cannot
 * impersonate (path 1), escalate through what it wrote (path 2) or come back after a kick or into a closed or deleted
 * meeting (path 4). LiveKit's webhooks reach MeetKit synchronously, as LiveKit posts them.
 */
class ParticipantTrustTest {

    @RegisterExtension
    static final FakeLiveKitExtension LIVEKIT = new FakeLiveKitExtension();

    /**
     * MeetKit's clock, starting at the fake's time; tests advance it only after the last webhook they need (the
     * fake signs webhooks and checks the SDK's API tokens with its own, real, clock).
     */
    private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));

    static final ParticipantRole EDITOR = new ParticipantRole(
            "EDITOR", new ParticipantPermissions(true, true, true, true, false), new AppPermissions(false, true, true));

    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    private MeetKit kit(MeetKitStores stores) {
        FakeLiveKitServer fake = LIVEKIT.server();
        MeetKit kit = MeetKit.builder()
                .liveKitUrl(fake.url())
                .apiKey(fake.apiKey())
                .apiSecret(fake.apiSecret())
                .clock(clock)
                .callTimeout(Duration.ofSeconds(5))
                .rolePolicy(RolePolicy.builder().role(EDITOR).build())
                .stores(stores)
                .build();
        closing.add(kit);
        fake.webhookSink((body, authorization) -> kit.webhooks().handle(body, authorization));
        return kit;
    }

    private static Meeting meeting(MeetKit kit) {
        return kit.meetings().create(CreateMeeting.builder("Trust", "owner").build());
    }

    private static String payload(String token) {
        return new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------ path 1

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void danasOldTokenDoesNotRefreshIntoTheModeratorWhoGotHerName(StoreKind kind) {
        MeetKit kit = kit(kind.open("trust", 4, closing));
        FakeLiveKitServer fake = LIVEKIT.server();
        Meeting m = meeting(kit);

        ParticipantToken dana = kit.tokens().issue(m.id(), TokenRequest.of("Dana", "SPEAKER"));
        fake.join(dana.token());
        fake.leaveParticipant(m.roomName(), dana.identity()); // participant_left releases "Dana"
        ParticipantToken second = kit.tokens().issue(m.id(), TokenRequest.of("Dana", "MODERATOR"));
        fake.join(second.token());

        assertThat(second.displayName()).as("the name was free again").isEqualTo("Dana");
        assertThat(dana.identity()).startsWith("dana-").isNotEqualTo("Dana");
        assertThat(second.identity()).startsWith("dana-").isNotEqualTo(dana.identity());
        // the old token names its own identity, which holds nothing any more
        PermissionDeniedException asTheModerator = catchThrowableOfType(
                PermissionDeniedException.class, () -> kit.tokens().refresh(m.id(), second.identity(), dana.token()));
        assertThat(asTheModerator.code()).isEqualTo(PermissionDeniedException.PERMISSION_DENIED);
        NotFoundException asItself = catchThrowableOfType(
                NotFoundException.class, () -> kit.tokens().refresh(m.id(), dana.identity(), dana.token()));
        assertThat(asItself.code()).isEqualTo(NotFoundException.PARTICIPANT_NOT_FOUND);
        // the moderator's own refresh still works
        assertThat(kit.tokens()
                        .refresh(m.id(), second.identity(), second.token())
                        .role()
                        .name())
                .isEqualTo("MODERATOR");
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void aTokenIssuedBeforeTheReservationOfAnAppIdentityDoesNotRefresh(StoreKind kind) {
        MeetKit kit = kit(kind.open("trust", 4, closing));
        FakeLiveKitServer fake = LIVEKIT.server();
        Meeting m = meeting(kit);
        TokenRequest asSpeaker = TokenRequest.builder()
                .displayName("Erin")
                .identity("user-9")
                .role("SPEAKER")
                .build();

        ParticipantToken first = kit.tokens().issue(m.id(), asSpeaker);
        fake.join(first.token());
        fake.leaveParticipant(m.roomName(), "user-9");
        clock.advance(Duration.ofSeconds(5));
        ParticipantToken again = kit.tokens()
                .issue(
                        m.id(),
                        TokenRequest.builder()
                                .displayName("Erin")
                                .identity("user-9")
                                .role("MODERATOR")
                                .build());
        fake.join(again.token());

        PermissionDeniedException e = catchThrowableOfType(
                PermissionDeniedException.class, () -> kit.tokens().refresh(m.id(), "user-9", first.token()));
        assertThat(e.getMessage()).contains("before the participant's current reservation");
        assertThat(kit.tokens().refresh(m.id(), "user-9", again.token()).role().name())
                .isEqualTo("MODERATOR");
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void anExpiredTokenRefreshesWithinTheGraceOnly(StoreKind kind) {
        MeetKit kit = kit(kind.open("trust", 4, closing));
        FakeLiveKitServer fake = LIVEKIT.server();
        Meeting m = meeting(kit);
        ParticipantToken t = kit.tokens().issue(m.id(), TokenRequest.of("Finn", "SPEAKER"));
        fake.join(t.token());

        clock.advance(kit.tokens().tokenTtl().plus(Duration.ofMinutes(5)));
        ParticipantToken refreshed = kit.tokens().refresh(m.id(), t.identity(), t.token());
        assertThat(refreshed.identity()).isEqualTo(t.identity());

        clock.advance(
                kit.tokens().tokenTtl().plus(ParticipantTokens.REFRESH_GRACE).plus(Duration.ofMinutes(2)));
        TokenRejectedException e = catchThrowableOfType(
                TokenRejectedException.class, () -> kit.tokens().refresh(m.id(), t.identity(), refreshed.token()));
        assertThat(e.reason()).isEqualTo(TokenRejectedException.Reason.EXPIRED);
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void aTokenOfAnotherMeetingOrWithoutRoomJoinDoesNotRefresh(StoreKind kind) {
        MeetKit kit = kit(kind.open("trust", 4, closing));
        FakeLiveKitServer fake = LIVEKIT.server();
        Meeting m = meeting(kit);
        Meeting other = meeting(kit);
        ParticipantToken here = kit.tokens()
                .issue(
                        m.id(),
                        TokenRequest.builder()
                                .displayName("Gus")
                                .identity("user-3")
                                .role("SPEAKER")
                                .build());
        fake.join(here.token());
        ParticipantToken elsewhere = kit.tokens()
                .issue(
                        other.id(),
                        TokenRequest.builder()
                                .displayName("Gus")
                                .identity("user-3")
                                .role("MODERATOR")
                                .build());
        ParticipantToken noJoin = kit.tokens()
                .issue(
                        m.id(),
                        TokenRequest.builder()
                                .identity("user-3")
                                .role("MODERATOR")
                                .build());

        for (String token : List.of(elsewhere.token(), noJoin.token())) {
            PermissionDeniedException e = catchThrowableOfType(
                    PermissionDeniedException.class, () -> kit.tokens().refresh(m.id(), "user-3", token));
            assertThat(e.code()).isEqualTo(PermissionDeniedException.PERMISSION_DENIED);
        }
    }

    // ------------------------------------------------------------------ path 2

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void refreshSignsTheApplicationsAttributesNotWhatTheParticipantWrote(StoreKind kind) {
        MeetKit kit = kit(kind.open("trust", 4, closing));
        FakeLiveKitServer fake = LIVEKIT.server();
        Meeting m = meeting(kit);
        ParticipantToken t = kit.tokens()
                .issue(
                        m.id(),
                        TokenRequest.builder()
                                .displayName("Hana")
                                .role("EDITOR")
                                .attributes(Map.of("team", "blue"))
                                .build());
        // what LiveKit reports after the participant (canUpdateOwnMetadata) rewrote its own attributes and metadata
        fake.joinParticipant(
                m.roomName(),
                FakeParticipant.builder(t.identity())
                        .name("Hana")
                        .attribute("isAdmin", "true")
                        .attribute("role", "MODERATOR")
                        .metadata("{\"selectedRole\":\"MODERATOR\"}")
                        .build());

        ParticipantToken refreshed = kit.tokens().refresh(m.id(), t.identity(), t.token());

        assertThat(payload(refreshed.token()))
                .contains("\"attributes\":{\"team\":\"blue\"}")
                .doesNotContain("isAdmin")
                .doesNotContain("MODERATOR");
        assertThat(refreshed.role().name()).isEqualTo("EDITOR");
        // a second refresh from the refreshed token keeps the application's attributes
        assertThat(payload(kit.tokens()
                        .refresh(m.id(), t.identity(), refreshed.token())
                        .token()))
                .contains("\"attributes\":{\"team\":\"blue\"}");
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void theBuiltInRolesCannotUpdateTheirOwnMetadata(StoreKind kind) {
        MeetKit kit = kit(kind.open("trust", 4, closing));
        Meeting m = meeting(kit);
        for (String role : List.of("MODERATOR", "SPEAKER")) {
            ParticipantToken t = kit.tokens().issue(m.id(), TokenRequest.of("Ivy", role));
            assertThat(payload(t.token())).contains("\"canUpdateOwnMetadata\":false");
            assertThat(LIVEKIT.server().join(t.token()).getPermission().getCanUpdateMetadata())
                    .isFalse();
        }
    }

    // ------------------------------------------------------------------ path 4

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void aKickedParticipantCannotComeBackWithItsTokenNorGetANewOne(StoreKind kind) {
        MeetKit kit = kit(kind.open("trust", 4, closing));
        FakeLiveKitServer fake = LIVEKIT.server();
        Meeting m = meeting(kit);
        TokenRequest jack = TokenRequest.builder()
                .displayName("Jack")
                .identity("user-5")
                .role("SPEAKER")
                .build();
        ParticipantToken t = kit.tokens().issue(m.id(), jack);
        fake.join(t.token());

        kit.meetings().kick(m.id(), "user-5");

        assertThat(fake.participant(m.roomName(), "user-5")).isEmpty();
        assertThat(kit.stores().participantBans().find(m.id(), "user-5", clock.instant()))
                .get()
                .satisfies(b -> assertThat(b.until())
                        .isEqualTo(clock.instant().plus(kit.tokens().tokenTtl()).plus(Duration.ofSeconds(60))));
        // its unexpired token still passes LiveKit's checks, so LiveKit lets it in; the webhook removes it at once
        fake.join(t.token());
        assertThat(fake.participant(m.roomName(), "user-5"))
                .as("removed on participant_joined")
                .isEmpty();
        assertThat(fake.requests("RemoveParticipant")).hasSize(2);
        PermissionDeniedException onIssue = catchThrowableOfType(
                PermissionDeniedException.class, () -> kit.tokens().issue(m.id(), jack));
        assertThat(onIssue.code()).isEqualTo(PermissionDeniedException.PARTICIPANT_BANNED);
        PermissionDeniedException onRefresh = catchThrowableOfType(
                PermissionDeniedException.class, () -> kit.tokens().refresh(m.id(), "user-5", t.token()));
        assertThat(onRefresh.code()).isEqualTo(PermissionDeniedException.PARTICIPANT_BANNED);

        // once every token it could hold has expired, the ban lapses
        clock.advance(kit.tokens().tokenTtl().plus(Duration.ofSeconds(61)));
        assertThat(kit.tokens().issue(m.id(), jack).identity()).isEqualTo("user-5");
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void aKickOfSomeoneNotInTheRoomStoresNoBan(StoreKind kind) {
        MeetKit kit = kit(kind.open("trust", 4, closing));
        Meeting m = meeting(kit);

        NotFoundException e = catchThrowableOfType(
                NotFoundException.class, () -> kit.meetings().kick(m.id(), "nobody"));

        assertThat(e.code()).isEqualTo(NotFoundException.PARTICIPANT_NOT_FOUND);
        assertThat(kit.stores().participantBans().list(m.id(), clock.instant())).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void aTokenOfAClosedMeetingIsRemovedAndOneOfADeletedMeetingLosesItsRoom(StoreKind kind) {
        MeetKit kit = kit(kind.open("trust", 4, closing));
        FakeLiveKitServer fake = LIVEKIT.server();
        Meeting closed = meeting(kit);
        ParticipantToken early = kit.tokens().issue(closed.id(), TokenRequest.of("Kim", "SPEAKER"));
        kit.meetings().close(closed.id()); // the room is live (issue created it): CLOSED once it finishes
        fake.finishRoom(closed.roomName());
        assertThat(kit.meetings().require(closed.id()).status()).isEqualTo(MeetingStatus.CLOSED);

        fake.join(early.token());

        assertThat(fake.participant(closed.roomName(), early.identity()))
                .as("removed from the closed meeting's room")
                .isEmpty();

        Meeting deleted = meeting(kit);
        ParticipantToken old = kit.tokens().issue(deleted.id(), TokenRequest.of("Lou", "SPEAKER"));
        kit.meetings().delete(deleted.id(), DeletionPolicy.FORCE);
        fake.join(old.token()); // LiveKit creates the room again on join

        assertThat(fake.room(deleted.roomName()))
                .as("the room LiveKit made again is deleted")
                .isEmpty();
    }

    @ParameterizedTest
    @EnumSource(StoreKind.class)
    void aRoomOfAnotherApplicationOnTheSameLiveKitIsLeftAlone(StoreKind kind) {
        kit(kind.open("trust", 4, closing));
        FakeLiveKitServer fake = LIVEKIT.server();

        fake.joinParticipant("someone-elses-room", "visitor");

        assertThat(fake.room("someone-elses-room")).isPresent();
        assertThat(fake.requests("DeleteRoom")).isEmpty();
    }
}
