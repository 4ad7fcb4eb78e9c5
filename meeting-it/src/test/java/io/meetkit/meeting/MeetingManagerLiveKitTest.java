package io.meetkit.meeting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meetkit.BulkOutcome;
import io.meetkit.ConflictException;
import io.meetkit.MeetKit;
import io.meetkit.NotFoundException;
import io.meetkit.recording.Recording;
import io.meetkit.recording.RecordingStatus;
import io.meetkit.testkit.FakeLiveKitExtension;
import io.meetkit.testkit.FakeLiveKitServer;
import io.meetkit.testkit.FakeTrack;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every MeetingManager operation that talks to LiveKit, against FakeLiveKitServer. */
class MeetingManagerLiveKitTest {

    @RegisterExtension
    static final FakeLiveKitExtension LIVEKIT = new FakeLiveKitExtension();

    FakeLiveKitServer fake;
    MeetKit kit;
    MeetingManager meetings;

    @BeforeEach
    void setUp() {
        fake = LIVEKIT.server();
        kit = MeetKit.builder()
                .liveKitUrl(fake.url())
                .apiKey(fake.apiKey())
                .apiSecret(fake.apiSecret())
                .callTimeout(Duration.ofSeconds(2))
                .build();
        meetings = kit.meetings();
    }

    @AfterEach
    void tearDown() {
        kit.close();
    }

    Meeting create() {
        return meetings.create(CreateMeeting.builder("Standup", "admin").build());
    }

    /** Marks the meeting live as the room_started webhook would. */
    Meeting markLive(Meeting m) {
        String sid = fake.createRoom(m.roomName()).getSid();
        Meeting live = m.toBuilder()
                .status(MeetingStatus.ACTIVE)
                .roomSid(sid)
                .startedAt(Instant.now().truncatedTo(ChronoUnit.MICROS))
                .build();
        return kit.stores().meetings().update(live).orElseThrow();
    }

    void addRecording(Meeting m) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        kit.stores()
                .recordings()
                .insert(Recording.builder()
                        .id(UUID.randomUUID())
                        .meetingId(m.id())
                        .status(RecordingStatus.COMPLETE)
                        .objectKey("rec/" + m.id() + ".mp4")
                        .startedBy("admin")
                        .createdAt(now)
                        .updatedAt(now)
                        .build());
    }

    @Nested
    class Participants {
        @Test
        void listsNobodyWithoutALiveRoom() {
            assertThat(meetings.participants(create().id())).isEmpty();
        }

        @Test
        void muteTrackFollowsLiveKit() {
            Meeting m = create();
            fake.joinParticipant(m.roomName(), "alice", "Alice", "{}", FakeTrack.microphone());
            String mic = fake.participant(m.roomName(), "alice")
                    .orElseThrow()
                    .getTracks(0)
                    .getSid();

            // LiveKit answers 200 without a track for an unknown sid (ParticipantImpl.SetTrackMuted returns nil)
            assertThatThrownBy(() -> meetings.muteTrack(m.id(), "alice", "TR_unknown", true))
                    .isInstanceOf(NotFoundException.class);
            // unmute needs room.enable_remote_unmute, off by default (pkg/service/roommanager.go MutePublishedTrack)
            meetings.muteTrack(m.id(), "alice", mic, true);
            assertThatThrownBy(() -> meetings.muteTrack(m.id(), "alice", mic, false))
                    .isInstanceOf(ConflictException.class);
            // an unknown participant is not looked up: the request is routed to it and nobody answers (503)
            assertThatThrownBy(() -> meetings.muteTrack(m.id(), "nobody", mic, true))
                    .isInstanceOf(io.meetkit.LiveKitUnavailableException.class);
            fake.remoteUnmute(true);
            assertThat(meetings.muteTrack(m.id(), "alice", mic, false).muted()).isFalse();
        }

        @Test
        @DisplayName("mute-all mutes every published audio track of non-moderators in one call (issue 16)")
        void muteAllSparesModerators() {
            Meeting m = create();
            var host = kit.tokens()
                    .issue(
                            m.id(),
                            io.meetkit.participant.TokenRequest.builder()
                                    .displayName("Host")
                                    .role("MODERATOR")
                                    .build());
            var guest = kit.tokens()
                    .issue(
                            m.id(),
                            io.meetkit.participant.TokenRequest.builder()
                                    .displayName("Guest")
                                    .role("SPEAKER")
                                    .build());
            fake.join(host.token(), FakeTrack.microphone(), FakeTrack.camera());
            fake.join(guest.token(), FakeTrack.microphone(), FakeTrack.camera(), FakeTrack.screenShare());
            // no token of MeetKit's, so no record of a role: muted too, whatever its metadata says
            fake.joinParticipant(
                    m.roomName(), "stranger", "Stranger", "{\"role\":\"MODERATOR\"}", FakeTrack.microphone());

            List<LiveTrack> muted = meetings.muteAll(m.id());

            assertThat(muted).hasSize(2).allSatisfy(t -> {
                assertThat(t.kind()).isEqualTo("audio");
                assertThat(t.muted()).isTrue();
            });
            assertThat(fake.participant(m.roomName(), guest.identity())
                            .orElseThrow()
                            .getTracksList())
                    .allSatisfy(t -> assertThat(t.getMuted())
                            .as(t.getSource().name())
                            .isEqualTo(t.getType() == livekit.LivekitModels.TrackType.AUDIO));
            assertThat(fake.participant(m.roomName(), "stranger")
                            .orElseThrow()
                            .getTracks(0)
                            .getMuted())
                    .isTrue();
            assertThat(fake.participant(m.roomName(), host.identity())
                            .orElseThrow()
                            .getTracksList())
                    .as("the moderator keeps its microphone")
                    .noneMatch(t -> t.getMuted());
            assertThat(meetings.muteAll(m.id())).as("nothing left to mute").isEmpty();
            assertThat(meetings.muteAll(create().id())).as("no live room").isEmpty();
        }

        @Test
        @DisplayName("an identity is measured in characters, as ParticipantTokens measures it: 200 emoji are fine")
        void identitiesAreCountedInCodePointsLikeTokenIdentities() {
            Meeting m = create();
            String emoji = "😀".repeat(200); // 400 UTF-16 units, 200 characters: under the 255 limit
            fake.joinParticipant(m.roomName(), emoji, "Smiley", null);

            assertThat(meetings.participant(m.id(), emoji).identity()).isEqualTo(emoji);
            meetings.kick(m.id(), emoji);
            assertThat(fake.participant(m.roomName(), emoji)).isEmpty();
        }

        @Test
        void listsGetsMutesUpdatesAndKicks() {
            Meeting m = create();
            fake.joinParticipant(m.roomName(), "alice", "Alice", "{}", FakeTrack.microphone(), FakeTrack.camera());
            fake.joinParticipant(m.roomName(), "bob", "Bob", null);

            List<LiveParticipant> live = meetings.participants(m.id());
            assertThat(live).extracting(LiveParticipant::identity).containsExactlyInAnyOrder("alice", "bob");
            LiveParticipant alice = meetings.participant(m.id(), "alice");
            assertThat(alice.name()).isEqualTo("Alice");
            assertThat(alice.tracks()).extracting(LiveTrack::kind).containsExactlyInAnyOrder("audio", "video");

            LiveTrack mic = alice.tracks().stream()
                    .filter(t -> t.kind().equals("audio"))
                    .findFirst()
                    .orElseThrow();
            assertThat(meetings.muteTrack(m.id(), "alice", mic.sid(), true).muted())
                    .isTrue();
            assertThat(fake.participant(m.roomName(), "alice").orElseThrow().getTracksList())
                    .anyMatch(t -> t.getSid().equals(mic.sid()) && t.getMuted());

            LiveParticipant viewer = meetings.updateParticipant(
                    m.id(),
                    "bob",
                    ParticipantUpdate.builder()
                            .permissions(ParticipantPermissions.VIEWER)
                            .metadata("{\"role\":\"VIEWER\"}")
                            .build());
            assertThat(viewer.permissions()).isEqualTo(ParticipantPermissions.VIEWER);
            assertThat(fake.participant(m.roomName(), "bob")
                            .orElseThrow()
                            .getPermission()
                            .getCanPublish())
                    .isFalse();

            meetings.kick(m.id(), "bob");
            assertThat(fake.participant(m.roomName(), "bob")).isEmpty();
        }

        @Test
        void kickingSomeoneWhoIsNotThereIsNotFound() {
            Meeting m = create();
            assertThatThrownBy(() -> meetings.kick(m.id(), "ghost"))
                    .isInstanceOfSatisfying(
                            NotFoundException.class,
                            e -> assertThat(e.code()).isEqualTo(NotFoundException.PARTICIPANT_NOT_FOUND));
            fake.joinParticipant(m.roomName(), "alice");
            assertThatThrownBy(() -> meetings.kick(m.id(), "ghost")).isInstanceOf(NotFoundException.class);
            assertThatThrownBy(() -> meetings.kick(UUID.randomUUID(), "alice"))
                    .isInstanceOfSatisfying(
                            NotFoundException.class,
                            e -> assertThat(e.code()).isEqualTo(NotFoundException.MEETING_NOT_FOUND));
        }
    }

    @Nested
    class End {
        @Test
        void endingWithoutALiveRoomIsNotAnError() {
            Meeting m = create();
            assertThat(meetings.end(m.id())).isFalse();
            assertThat(meetings.require(m.id()).status()).isEqualTo(MeetingStatus.OPEN);
        }

        @Test
        void endingDeletesTheRoomAndAppliesTheEndAction() {
            Meeting m = meetings.create(CreateMeeting.builder("Town hall", "admin")
                    .endAction(EndAction.CLOSE)
                    .build());
            markLive(m);
            fake.joinParticipant(m.roomName(), "alice");
            assertThat(meetings.end(m.id())).isTrue();
            assertThat(fake.room(m.roomName())).isEmpty();
            Meeting ended = meetings.require(m.id());
            assertThat(ended.status()).isEqualTo(MeetingStatus.CLOSED);
            assertThat(ended.endedAt()).isPresent();
        }
    }

    @Nested
    class Delete {
        @Test
        void withoutLiveMeetingOrRecordings() {
            Meeting m = create();
            DeletionResult r = meetings.delete(m.id(), DeletionPolicy.FAIL_IF_IN_USE);
            assertThat(r.outcome()).isEqualTo(DeletionOutcome.DELETED);
            assertThat(meetings.get(m.id())).isEmpty();
            assertThatThrownBy(() -> meetings.delete(m.id(), DeletionPolicy.FORCE))
                    .isInstanceOf(NotFoundException.class);
        }

        @Test
        void aDeletedMeetingsKickBansGoWithIt() {
            // found by MeetKitCluster's invariants (issue 14): the bans stayed as rows of a meeting that is gone
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            Meeting idle = create();
            Meeting live = markLive(create());
            for (Meeting m : List.of(idle, live)) {
                kit.stores().participantBans().ban(m.id(), "bob", now, now.plus(Duration.ofHours(1)));
            }

            meetings.delete(idle.id(), DeletionPolicy.FAIL_IF_IN_USE); // not live: deleted at once
            meetings.delete(live.id(), DeletionPolicy.FORCE); // live: deleted when its room finishes

            for (Meeting m : List.of(idle, live)) {
                assertThat(meetings.get(m.id())).isEmpty();
                assertThat(kit.stores().participantBans().list(m.id(), now)).isEmpty();
            }
        }

        @Test
        void liveMeetingWithFailIsRefusedAndNothingChanges() {
            Meeting m = markLive(create());
            assertThatThrownBy(() -> meetings.delete(m.id(), DeletionPolicy.FAIL_IF_IN_USE))
                    .isInstanceOfSatisfying(
                            ConflictException.class,
                            e -> assertThat(e.code()).isEqualTo(ConflictException.MEETING_HAS_ACTIVE_MEETING));
            assertThat(meetings.require(m.id())).isEqualTo(m);
            assertThat(fake.room(m.roomName())).isPresent();
        }

        @Test
        void liveMeetingWhenItEndsIsScheduledThenDeletedByTheEnd() {
            Meeting m = markLive(create());
            DeletionResult r = meetings.delete(
                    m.id(), new DeletionPolicy(LiveMeetingPolicy.WHEN_MEETING_ENDS, RecordingsPolicy.FAIL));
            assertThat(r.outcome()).isEqualTo(DeletionOutcome.SCHEDULED_TO_BE_DELETED);
            assertThat(r.outcome().scheduled()).isTrue();
            assertThat(meetings.require(m.id()).endAction()).isEqualTo(EndAction.DELETE);
            assertThat(fake.room(m.roomName())).isPresent();

            meetings.end(m.id());
            assertThat(meetings.get(m.id())).isEmpty();
        }

        @Test
        void liveMeetingWithForceEndsTheRoomAndDeletes() {
            Meeting m = markLive(create());
            DeletionResult r = meetings.delete(m.id(), DeletionPolicy.FORCE);
            assertThat(r.outcome()).isEqualTo(DeletionOutcome.DELETED);
            assertThat(r.endedLiveMeeting()).isTrue();
            assertThat(meetings.get(m.id())).isEmpty();
            assertThat(fake.room(m.roomName())).isEmpty();
        }

        @Test
        void recordingsWithFailAreRefused() {
            Meeting m = create();
            addRecording(m);
            assertThatThrownBy(() -> meetings.delete(m.id(), DeletionPolicy.FAIL_IF_IN_USE))
                    .isInstanceOfSatisfying(
                            ConflictException.class,
                            e -> assertThat(e.code()).isEqualTo(ConflictException.MEETING_HAS_RECORDINGS));
            assertThat(meetings.get(m.id())).isPresent();
        }

        @Test
        void recordingsWithCloseCloseTheMeetingAndKeepThem() {
            Meeting m = create();
            addRecording(m);
            DeletionResult r =
                    meetings.delete(m.id(), new DeletionPolicy(LiveMeetingPolicy.FAIL, RecordingsPolicy.CLOSE));
            assertThat(r.outcome()).isEqualTo(DeletionOutcome.CLOSED);
            assertThat(meetings.require(m.id()).status()).isEqualTo(MeetingStatus.CLOSED);
            assertThat(kit.stores().recordings().countByMeeting(m.id())).isEqualTo(1);
        }

        @Test
        void liveMeetingWithRecordingsAndCloseIsScheduledToClose() {
            Meeting m = markLive(create());
            addRecording(m);
            DeletionResult r = meetings.delete(
                    m.id(), new DeletionPolicy(LiveMeetingPolicy.WHEN_MEETING_ENDS, RecordingsPolicy.CLOSE));
            assertThat(r.outcome()).isEqualTo(DeletionOutcome.SCHEDULED_TO_BE_CLOSED);
            meetings.end(m.id());
            assertThat(meetings.require(m.id()).status()).isEqualTo(MeetingStatus.CLOSED);
        }

        @Test
        void bulkDeleteReportsEachId() {
            Meeting a = create();
            Meeting live = markLive(create());
            UUID unknown = UUID.randomUUID();
            BulkOutcome<DeletionResult> result =
                    meetings.deleteAll(List.of(a.id(), live.id(), unknown), DeletionPolicy.FAIL_IF_IN_USE);
            assertThat(result.succeeded()).extracting(DeletionResult::meetingId).containsExactly(a.id());
            assertThat(result.failed())
                    .extracting(f -> f.error().code())
                    .containsExactly(ConflictException.MEETING_HAS_ACTIVE_MEETING, NotFoundException.MEETING_NOT_FOUND);
            assertThat(result.allSucceeded()).isFalse();
        }
    }
}
