package io.meetkit.meeting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meetkit.ConflictException;
import io.meetkit.InvalidRequestException;
import io.meetkit.MeetKit;
import io.meetkit.NotFoundException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** MeetingManager operations that need no LiveKit call; the LiveKit ones are tested against FakeLiveKitServer. */
class MeetingManagerTest {

    static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    MeetKit kit;
    MeetingManager meetings;

    @BeforeEach
    void setUp() {
        kit = MeetKit.builder()
                .liveKitUrl("http://127.0.0.1:9") // never called by these tests
                .apiKey("key")
                .apiSecret("0123456789abcdef0123456789abcdef")
                .clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .build();
        meetings = kit.meetings();
    }

    @AfterEach
    void tearDown() {
        kit.close();
    }

    Meeting create(String title) {
        return meetings.create(CreateMeeting.builder(title, "user-1").build());
    }

    @Nested
    class Create {
        @Test
        void createsAnOpenMeetingWithARoomNameFromTheTitle() {
            Meeting m = meetings.create(CreateMeeting.builder("  Équipe Sync / Q4! ", "user-1")
                    .settings(MeetingSettings.builder()
                            .maxParticipants(12)
                            .chatEnabled(false)
                            .build())
                    .attribute("team", "core")
                    .build());
            assertThat(m.status()).isEqualTo(MeetingStatus.OPEN);
            assertThat(m.title()).isEqualTo("Équipe Sync / Q4!");
            assertThat(m.roomName()).matches("equipe-sync-q4-[a-z0-9]{12}");
            assertThat(m.version()).isZero();
            assertThat(m.createdAt()).isEqualTo(NOW);
            assertThat(m.settings().maxParticipants()).isEqualTo(12);
            assertThat(m.attributes()).containsEntry("team", "core");
            assertThat(m.moderatorSecret()).hasSize(43).isNotEqualTo(m.speakerSecret());
            assertThat(meetings.get(m.id())).contains(m);
            assertThat(meetings.findByRoomName(m.roomName())).contains(m);
            assertThat(m.toString()).doesNotContain(m.moderatorSecret()).doesNotContain(m.speakerSecret());
        }

        @Test
        void titlesWithoutLettersGetAGenericRoomName() {
            assertThat(create("!!!").roomName()).matches("meeting-[a-z0-9]{12}");
        }

        @Test
        @DisplayName("bad input names every field and stores nothing")
        void badInput() {
            CreateMeeting bad = CreateMeeting.builder(" ", "")
                    .autoDelete(NOW.minusSeconds(1), new DeletionPolicy(LiveMeetingPolicy.FAIL, RecordingsPolicy.CLOSE))
                    .attribute("bad key!", "v")
                    .build();
            assertThatThrownBy(() -> meetings.create(bad))
                    .isInstanceOfSatisfying(
                            InvalidRequestException.class,
                            e -> assertThat(e.violations())
                                    .extracting(InvalidRequestException.Violation::field)
                                    .containsExactly(
                                            "title", "createdBy", "autoDeleteAt", "autoDeletePolicy", "attributes"));
            assertThat(meetings.list(MeetingQuery.firstPage()).items()).isEmpty();
        }

        @Test
        @DisplayName("an auto-delete policy that fails on recordings is refused, as OpenVidu Meet does (issue 14)")
        void autoDeleteMustNotFailOnRecordings() {
            CreateMeeting bad = CreateMeeting.builder("Weekly", "ann")
                    .autoDelete(
                            NOW.plusSeconds(3600), new DeletionPolicy(LiveMeetingPolicy.FORCE, RecordingsPolicy.FAIL))
                    .build();
            assertThatThrownBy(() -> meetings.create(bad))
                    .isInstanceOfSatisfying(
                            InvalidRequestException.class,
                            e -> assertThat(e.violations())
                                    .extracting(InvalidRequestException.Violation::field)
                                    .containsExactly("autoDeletePolicy"))
                    .hasMessageContaining("must not fail on recordings");
            assertThat(meetings.list(MeetingQuery.firstPage()).items()).isEmpty();
            Meeting ok = meetings.create(CreateMeeting.builder("Weekly", "ann")
                    .autoDelete(
                            NOW.plusSeconds(3600), new DeletionPolicy(LiveMeetingPolicy.FORCE, RecordingsPolicy.CLOSE))
                    .build());
            assertThat(ok.autoDeletePolicy().withRecordings()).isEqualTo(RecordingsPolicy.CLOSE);
        }

        @Test
        void overLongAndControlCharacterTitlesAreRefused() {
            assertThatThrownBy(() -> create("x".repeat(201)))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("title must be at most 200");
            assertThatThrownBy(() -> create("a\u0000b"))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("control characters");
            assertThat(meetings.list(MeetingQuery.firstPage()).items()).isEmpty();
        }

        @Test
        void settingsBuilderNamesBadValues() {
            assertThatThrownBy(() -> MeetingSettings.builder().maxParticipants(-1))
                    .hasMessage("maxParticipants must be between 0 and 10000: -1");
            assertThatThrownBy(() -> MeetingSettings.builder().emptyTimeout(Duration.ofMillis(1500)))
                    .hasMessageContaining("PT1.5S");
            assertThatThrownBy(() -> MeetingQuery.builder().limit(0)).hasMessage("limit must be between 1 and 100: 0");
            assertThatThrownBy(() -> MeetingQuery.builder().limit(101))
                    .hasMessage("limit must be between 1 and 100: 101");
        }
    }

    @Nested
    class ListAndPage {
        @Test
        void pagesNewestFirstWithFilters() {
            List<Meeting> created = new ArrayList<>();
            MeetKit timed = MeetKit.builder()
                    .liveKitUrl("http://127.0.0.1:9")
                    .apiKey("key")
                    .apiSecret("0123456789abcdef0123456789abcdef")
                    .clock(new TickingClock(NOW))
                    .build();
            for (int i = 0; i < 25; i++) {
                created.add(timed.meetings()
                        .create(CreateMeeting.builder(
                                        (i % 2 == 0 ? "Daily " : "Weekly ") + i, i % 3 == 0 ? "alice" : "bob")
                                .build()));
            }
            Page<Meeting> first =
                    timed.meetings().list(MeetingQuery.builder().limit(10).build());
            assertThat(first.items()).hasSize(10);
            assertThat(first.items().get(0)).isEqualTo(created.get(24));
            Set<UUID> seen = new HashSet<>();
            String cursor = null;
            do {
                Page<Meeting> page = timed.meetings()
                        .list(MeetingQuery.builder().limit(10).cursor(cursor).build());
                page.items().forEach(m -> assertThat(seen.add(m.id())).isTrue());
                cursor = page.nextCursor();
            } while (cursor != null);
            assertThat(seen).hasSize(25);

            Page<Meeting> daily = timed.meetings()
                    .list(MeetingQuery.builder()
                            .titleContains("DAILY")
                            .createdBy("alice")
                            .limit(100)
                            .build());
            assertThat(daily.items())
                    .extracting(Meeting::title)
                    .containsExactly("Daily 24", "Daily 18", "Daily 12", "Daily 6", "Daily 0");
            assertThat(daily.hasNext()).isFalse();
            assertThat(timed.meetings()
                            .list(MeetingQuery.builder().titleContains("%").build())
                            .items())
                    .isEmpty();
            timed.close();
        }

        @Test
        void aTamperedCursorIsRefused() {
            for (int i = 0; i < 3; i++) {
                create("m" + i);
            }
            String cursor =
                    meetings.list(MeetingQuery.builder().limit(1).build()).nextCursor();
            assertThat(cursor).isNotNull();
            char[] chars = cursor.toCharArray();
            chars[5] = chars[5] == 'A' ? 'B' : 'A';
            String tampered = new String(chars);
            assertThatThrownBy(() -> meetings.list(
                            MeetingQuery.builder().cursor(tampered).build()))
                    .isInstanceOfSatisfying(
                            InvalidRequestException.class,
                            e -> assertThat(e.violations().get(0).field()).isEqualTo("cursor"));
            assertThatThrownBy(() -> meetings.list(
                            MeetingQuery.builder().cursor("not-a-cursor").build()))
                    .isInstanceOf(InvalidRequestException.class);
        }
    }

    @Nested
    class Update {
        @Test
        void updatesWithTheCurrentVersionAndRefusesAStaleOne() {
            Meeting m = create("Old");
            Meeting updated = meetings.update(
                    m.id(),
                    MeetingUpdate.builder(0)
                            .title("New")
                            .settings(MeetingSettings.builder()
                                    .recordingEnabled(false)
                                    .build())
                            .build());
            assertThat(updated.title()).isEqualTo("New");
            assertThat(updated.version()).isEqualTo(1);
            assertThat(updated.settings().recordingEnabled()).isFalse();
            assertThatThrownBy(() -> meetings.update(
                            m.id(), MeetingUpdate.builder(0).title("Lost").build()))
                    .isInstanceOfSatisfying(
                            ConflictException.class,
                            e -> assertThat(e.code()).isEqualTo(ConflictException.STALE_VERSION));
            assertThat(meetings.require(m.id()).title()).isEqualTo("New");
        }

        @Test
        void unknownIdIsNotFound() {
            assertThatThrownBy(() -> meetings.update(
                            UUID.randomUUID(),
                            MeetingUpdate.builder(0).title("x").build()))
                    .isInstanceOfSatisfying(
                            NotFoundException.class,
                            e -> assertThat(e.code()).isEqualTo(NotFoundException.MEETING_NOT_FOUND));
        }

        @Test
        @DisplayName("8 threads updating one meeting: each wins or gets a conflict, none is lost")
        void concurrentUpdates() throws Exception {
            Meeting m = create("Race");
            int threads = 8;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch start = new CountDownLatch(1);
            AtomicInteger wins = new AtomicInteger();
            AtomicInteger conflicts = new AtomicInteger();
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int n = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 50; i++) {
                        Meeting current = meetings.require(m.id());
                        try {
                            meetings.update(
                                    m.id(),
                                    MeetingUpdate.builder(current.version())
                                            .attributes(java.util.Map.of("writer", "t" + n + "-" + i))
                                            .build());
                            wins.incrementAndGet();
                        } catch (ConflictException e) {
                            conflicts.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get();
            }
            pool.shutdown();
            assertThat(wins.get() + conflicts.get()).isEqualTo(threads * 50);
            assertThat(meetings.require(m.id()).version()).isEqualTo(wins.get());
        }
    }

    @Nested
    class Identities {
        @Test
        @DisplayName("an identity with a control character is refused before any LiveKit call, as tokens refuse it")
        void controlCharactersInAnIdentityAreRefusedLikeTokenIdentities() {
            Meeting m = create("Standup");

            for (String bad : List.of("bob\u0000", "bob\nadmin", "line\u2028break", "half\uD800")) {
                assertThatThrownBy(() -> meetings.kick(m.id(), bad))
                        .isInstanceOf(InvalidRequestException.class)
                        .satisfies(e -> assertThat(((InvalidRequestException) e).violations())
                                .singleElement()
                                .extracting(InvalidRequestException.Violation::field)
                                .isEqualTo("identity"));
            }
            assertThatThrownBy(() -> meetings.participant(m.id(), "x".repeat(256)))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("at most 255 characters");
        }
    }

    @Nested
    class CloseAndReopen {
        @Test
        void closeThenReopen() {
            Meeting m = create("Lifecycle");
            Meeting closed = meetings.close(m.id());
            assertThat(closed.status()).isEqualTo(MeetingStatus.CLOSED);
            assertThat(meetings.close(m.id()).version()).isEqualTo(closed.version());
            Meeting reopened = meetings.reopen(m.id());
            assertThat(reopened.status()).isEqualTo(MeetingStatus.OPEN);
            assertThatThrownBy(() -> meetings.close(UUID.randomUUID())).isInstanceOf(NotFoundException.class);
        }

        @Test
        void rotatingSecretsChangesBoth() {
            Meeting m = create("Secrets");
            Meeting rotated = meetings.rotateRoleSecrets(m.id());
            assertThat(rotated.moderatorSecret()).isNotEqualTo(m.moderatorSecret());
            assertThat(rotated.speakerSecret()).isNotEqualTo(m.speakerSecret());
        }
    }

    /** A clock that advances one millisecond per reading, so creation times differ. */
    static final class TickingClock extends Clock {
        private final AtomicInteger ticks = new AtomicInteger();
        private final Instant start;

        TickingClock(Instant start) {
            this.start = start;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return start.plusMillis(ticks.incrementAndGet());
        }
    }
}
