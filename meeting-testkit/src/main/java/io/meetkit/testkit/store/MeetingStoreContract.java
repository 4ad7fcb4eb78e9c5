package io.meetkit.testkit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meetkit.ConflictException;
import io.meetkit.meeting.DeletionPolicy;
import io.meetkit.meeting.EndAction;
import io.meetkit.meeting.LiveMeetingPolicy;
import io.meetkit.meeting.Meeting;
import io.meetkit.meeting.MeetingSettings;
import io.meetkit.meeting.MeetingStatus;
import io.meetkit.meeting.Permission;
import io.meetkit.meeting.PermissionSet;
import io.meetkit.meeting.RecordingsPolicy;
import io.meetkit.rules.InputRules;
import io.meetkit.store.KeysetPosition;
import io.meetkit.store.MeetingFilter;
import io.meetkit.store.MeetingStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The executable specification of {@link MeetingStore}. Extend it and return a fresh, empty store from
 * {@link #createStore()}; every test gets its own store.
 *
 * <p>Times are whole microseconds, as MeetKit stores them, so that they survive SQL {@code timestamptz}.
 */
public abstract class MeetingStoreContract {

    /** The instant the tests' clock starts at. */
    protected static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");

    /** The store under test, fresh for every test. */
    protected MeetingStore store;

    /** Creates the contract. */
    protected MeetingStoreContract() {}

    /** Returns a fresh, empty store. Called before every test. */
    protected abstract MeetingStore createStore();

    @BeforeEach
    final void setUpStore() {
        store = createStore();
    }

    /** Returns a minimal valid meeting created at {@code createdAt}, with a random id and room name. */
    protected static Meeting meeting(Instant createdAt) {
        UUID id = UUID.randomUUID();
        return Meeting.builder()
                .id(id)
                .roomName("weekly-sync-" + id)
                .title("Weekly sync")
                .createdBy("user-1")
                .moderatorSecret("mod-" + id)
                .speakerSecret("spk-" + id)
                .createdAt(createdAt)
                .updatedAt(createdAt)
                .build();
    }

    private static Meeting full() {
        return meeting(T0).toBuilder()
                .title("Ünïcödé 'quoted' \"title\" \\ with % and _")
                .createdBy("app-user-42")
                .status(MeetingStatus.ACTIVE)
                .endAction(EndAction.CLOSE)
                .settings(MeetingSettings.builder()
                        .recordingEnabled(false)
                        .chatEnabled(false)
                        .virtualBackgroundEnabled(false)
                        .maxParticipants(25)
                        .emptyTimeout(Duration.ofSeconds(90))
                        .autoRecord(true)
                        .rolePermissions("VIEWER", PermissionSet.VIEWER.with(Permission.CHAT_WRITE))
                        .rolePermissions("SPEAKER", PermissionSet.none())
                        .maxDurationMinutes(90)
                        .initialAudioEnabled(false)
                        .initialVideoEnabled(false)
                        .build())
                .autoDeleteAt(T0.plus(Duration.ofDays(7)))
                .autoDeletePolicy(new DeletionPolicy(LiveMeetingPolicy.FORCE, RecordingsPolicy.FAIL))
                .attributes(Map.of(
                        "team",
                        "blue",
                        "quote",
                        "she said \"hi\"\n\ttab\\slash",
                        "emoji",
                        "😀 ✓",
                        "ctrl",
                        "a\u0001b",
                        "empty",
                        ""))
                .updatedAt(T0.plusMillis(1500).plusNanos(1000))
                .startedAt(T0.plusSeconds(60))
                .endedAt(T0.plusSeconds(3600))
                .roomSid("RM_abc123")
                .version(3)
                .build();
    }

    private static KeysetPosition position(Meeting m) {
        return new KeysetPosition(m.createdAt(), m.id());
    }

    private List<Meeting> pageAll(MeetingFilter filter, int pageSize) {
        List<Meeting> all = new ArrayList<>();
        KeysetPosition after = null;
        while (true) {
            List<Meeting> page = store.page(filter, after, pageSize);
            all.addAll(page);
            if (page.size() < pageSize) {
                return all;
            }
            after = position(page.get(page.size() - 1));
        }
    }

    /** Inserting and finding meetings. */
    @Nested
    class Insert {

        @Test
        @DisplayName("every field comes back as it was stored")
        void storesEveryField() {
            Meeting m = full();
            store.insert(m);
            assertThat(store.findById(m.id())).contains(m);
            assertThat(store.findByRoomName(m.roomName())).contains(m);
        }

        @Test
        @DisplayName("optional fields that were never set come back empty")
        void storesMinimalMeeting() {
            Meeting m = meeting(T0);
            store.insert(m);
            Meeting back = store.findById(m.id()).orElseThrow();
            assertThat(back).isEqualTo(m);
            assertThat(back.autoDeleteAt()).isEmpty();
            assertThat(back.startedAt()).isEmpty();
            assertThat(back.endedAt()).isEmpty();
            assertThat(back.roomSid()).isEmpty();
            assertThat(back.attributes()).isEmpty();
        }

        @Test
        @DisplayName("a taken id is refused with already_exists and the stored meeting is unchanged")
        void refusesDuplicateId() {
            Meeting m = meeting(T0);
            store.insert(m);
            Meeting twin = meeting(T0.plusSeconds(1)).toBuilder().id(m.id()).build();
            assertThatThrownBy(() -> store.insert(twin))
                    .isInstanceOfSatisfying(
                            ConflictException.class,
                            e -> assertThat(e.code()).isEqualTo(ConflictException.ALREADY_EXISTS));
            assertThat(store.findById(m.id())).contains(m);
        }

        @Test
        @DisplayName("a taken room name is refused with already_exists")
        void refusesDuplicateRoomName() {
            Meeting m = meeting(T0);
            store.insert(m);
            Meeting other = meeting(T0).toBuilder().roomName(m.roomName()).build();
            assertThatThrownBy(() -> store.insert(other))
                    .isInstanceOfSatisfying(
                            ConflictException.class,
                            e -> assertThat(e.code()).isEqualTo(ConflictException.ALREADY_EXISTS));
            assertThat(store.findById(other.id())).isEmpty();
        }

        @Test
        void unknownIdAndRoomNameAreEmpty() {
            assertThat(store.findById(UUID.randomUUID())).isEmpty();
            assertThat(store.findByRoomName("no-such-room")).isEmpty();
        }
    }

    /** Compare-and-set updates. */
    @Nested
    class Update {

        @Test
        @DisplayName("an update with the stored version is stored with the version incremented")
        void updatesAndIncrementsVersion() {
            Meeting m = meeting(T0);
            store.insert(m);
            Meeting changed = m.toBuilder()
                    .title("Renamed")
                    .status(MeetingStatus.CLOSED)
                    .attributes(Map.of("k", "v"))
                    .updatedAt(T0.plusSeconds(5))
                    .roomSid("RM_1")
                    .build();
            Optional<Meeting> stored = store.update(changed);
            assertThat(stored).contains(changed.toBuilder().version(1).build());
            assertThat(store.findById(m.id())).isEqualTo(stored);
        }

        @Test
        @DisplayName("optional fields can be cleared again")
        void clearsOptionalFields() {
            Meeting m = full().toBuilder().version(0).build();
            store.insert(m);
            Meeting cleared = m.toBuilder()
                    .autoDeleteAt(null)
                    .startedAt(null)
                    .endedAt(null)
                    .roomSid(null)
                    .attributes(Map.of())
                    .build();
            assertThat(store.update(cleared))
                    .contains(cleared.toBuilder().version(1).build());
            assertThat(store.findById(m.id()))
                    .contains(cleared.toBuilder().version(1).build());
        }

        @Test
        @DisplayName("an update with an old version is refused and changes nothing")
        void refusesStaleVersion() {
            Meeting m = meeting(T0);
            store.insert(m);
            Meeting v1 = store.update(m.toBuilder().title("First").build()).orElseThrow();
            assertThat(store.update(m.toBuilder().title("Second").build())).isEmpty();
            assertThat(store.findById(m.id())).contains(v1);
        }

        @Test
        @DisplayName("role permission overrides are stored with the meeting, updated with its version, cleared again")
        void storesRolePermissionOverridesWithTheVersion() {
            Meeting m = meeting(T0);
            store.insert(m);
            assertThat(store.findById(m.id()).orElseThrow().settings().rolePermissions())
                    .isEmpty();
            PermissionSet all = PermissionSet.all();
            PermissionSet none = PermissionSet.none();
            Meeting overridden = m.toBuilder()
                    .settings(m.settings().toBuilder()
                            .rolePermissions("speaker", PermissionSet.SPEAKER.without(Permission.CHAT_WRITE))
                            .rolePermissions("VIEWER", all)
                            .rolePermissions("AUDITOR", none)
                            .build())
                    .build();
            Meeting v1 = store.update(overridden).orElseThrow();
            assertThat(v1.version()).isEqualTo(1);
            Meeting read = store.findById(m.id()).orElseThrow();
            assertThat(read).isEqualTo(v1);
            assertThat(read.settings().rolePermissions())
                    .containsOnlyKeys("SPEAKER", "VIEWER", "AUDITOR")
                    .containsEntry("SPEAKER", PermissionSet.SPEAKER.without(Permission.CHAT_WRITE))
                    .containsEntry("VIEWER", all)
                    .containsEntry("AUDITOR", none);

            // a writer that read version 0 loses, and changes nothing
            assertThat(store.update(m.toBuilder()
                            .settings(m.settings().toBuilder()
                                    .rolePermissions("VIEWER", none)
                                    .build())
                            .build()))
                    .isEmpty();
            assertThat(store.findById(m.id())).contains(v1);

            Meeting cleared = store.update(v1.toBuilder()
                            .settings(v1.settings().toBuilder()
                                    .rolePermissions(Map.of())
                                    .build())
                            .build())
                    .orElseThrow();
            assertThat(cleared.version()).isEqualTo(2);
            assertThat(store.findById(m.id()).orElseThrow().settings().rolePermissions())
                    .isEmpty();
        }

        @Test
        void updatingAMissingMeetingIsEmpty() {
            assertThat(store.update(meeting(T0))).isEmpty();
        }

        @Test
        @DisplayName("the room name never changes")
        void refusesRoomNameChange() {
            Meeting m = meeting(T0);
            store.insert(m);
            assertThatThrownBy(() ->
                            store.update(m.toBuilder().roomName("another-room").build()))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(store.findById(m.id())).contains(m);
        }

        @Test
        @DisplayName("of 16 concurrent updates of the same version exactly one wins")
        void oneConcurrentUpdateWins() {
            Meeting m = meeting(T0);
            store.insert(m);
            var outcomes = Concurrently.run(
                    16, i -> () -> store.update(m.toBuilder().title("T" + i).build()));
            List<Meeting> winners = outcomes.stream()
                    .map(o -> {
                        assertThat(o.failure()).isNull();
                        return o.value();
                    })
                    .filter(Optional::isPresent)
                    .map(Optional::get)
                    .toList();
            assertThat(winners).hasSize(1);
            assertThat(store.findById(m.id())).contains(winners.get(0));
            assertThat(winners.get(0).version()).isEqualTo(1);
        }
    }

    /** Deleting. */
    @Nested
    class Delete {

        @Test
        void deletesOnce() {
            Meeting m = meeting(T0);
            store.insert(m);
            assertThat(store.delete(m.id())).isTrue();
            assertThat(store.delete(m.id())).isFalse();
            assertThat(store.findById(m.id())).isEmpty();
            assertThat(store.findByRoomName(m.roomName())).isEmpty();
        }

        @Test
        @DisplayName("a deleted meeting's room name can be used again")
        void freesRoomName() {
            Meeting m = meeting(T0);
            store.insert(m);
            store.delete(m.id());
            Meeting again = meeting(T0).toBuilder().roomName(m.roomName()).build();
            store.insert(again);
            assertThat(store.findByRoomName(m.roomName())).contains(again);
        }
    }

    /** Keyset pages. */
    @Nested
    class Paging {

        @Test
        @DisplayName("pages are newest first, ties broken by id in SQL uuid order, each strictly after the last")
        void newestFirst() {
            List<Meeting> all = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                // four meetings share each creation time
                Meeting m = meeting(T0.plusSeconds(i / 4));
                store.insert(m);
                all.add(m);
            }
            // ids whose signed and unsigned order differ
            Meeting high = meeting(T0.plusSeconds(1)).toBuilder()
                    .id(UUID.fromString("ffffffff-0000-4000-8000-000000000000"))
                    .build();
            Meeting low = meeting(T0.plusSeconds(1)).toBuilder()
                    .id(UUID.fromString("00000000-0000-4000-8000-000000000001"))
                    .build();
            store.insert(high);
            store.insert(low);
            all.add(high);
            all.add(low);
            List<UUID> expected = all.stream()
                    .sorted(Comparator.comparing(MeetingStoreContract::position, KeysetPosition.NEWEST_FIRST))
                    .map(Meeting::id)
                    .toList();
            assertThat(pageAll(MeetingFilter.ALL, 5).stream().map(Meeting::id).toList())
                    .isEqualTo(expected);
            assertThat(pageAll(MeetingFilter.ALL, 1).stream().map(Meeting::id).toList())
                    .isEqualTo(expected);
            assertThat(store.page(MeetingFilter.ALL, null, 100)).hasSize(14);
        }

        @Test
        void filtersByStatusCreatorAndTitle() {
            Meeting a = meeting(T0).toBuilder()
                    .title("Design Review")
                    .createdBy("ann")
                    .build();
            Meeting b = meeting(T0.plusSeconds(1)).toBuilder()
                    .title("design sync")
                    .createdBy("bob")
                    .status(MeetingStatus.CLOSED)
                    .build();
            Meeting c = meeting(T0.plusSeconds(2)).toBuilder()
                    .title("Retro")
                    .createdBy("ann")
                    .status(MeetingStatus.CLOSED)
                    .build();
            List.of(a, b, c).forEach(store::insert);
            assertThat(store.page(new MeetingFilter(MeetingStatus.CLOSED, null, null), null, 10))
                    .containsExactly(c, b);
            assertThat(store.page(new MeetingFilter(null, "ann", null), null, 10))
                    .containsExactly(c, a);
            assertThat(store.page(new MeetingFilter(null, null, "DESIGN"), null, 10))
                    .containsExactly(b, a);
            assertThat(store.page(new MeetingFilter(MeetingStatus.CLOSED, "ann", "retr"), null, 10))
                    .containsExactly(c);
            assertThat(store.page(new MeetingFilter(MeetingStatus.ACTIVE, null, null), null, 10))
                    .isEmpty();
            assertThat(store.page(new MeetingFilter(null, null, "design"), position(b), 10))
                    .containsExactly(a);
        }

        @Test
        @DisplayName("filter text is data: % and _ match themselves, SQL is not run")
        void filterTextIsData() {
            Meeting percent = meeting(T0).toBuilder().title("100% done").build();
            Meeting underscore =
                    meeting(T0.plusSeconds(1)).toBuilder().title("a_b").build();
            Meeting sql = meeting(T0.plusSeconds(2)).toBuilder()
                    .title("x'; DROP TABLE meetings; --")
                    .build();
            Meeting plain =
                    meeting(T0.plusSeconds(3)).toBuilder().title("axb 100 done").build();
            List.of(percent, underscore, sql, plain).forEach(store::insert);
            assertThat(store.page(new MeetingFilter(null, null, "%"), null, 10)).containsExactly(percent);
            assertThat(store.page(new MeetingFilter(null, null, "_"), null, 10)).containsExactly(underscore);
            assertThat(store.page(new MeetingFilter(null, null, "'; DROP TABLE meetings; --"), null, 10))
                    .containsExactly(sql);
            assertThat(store.page(new MeetingFilter(null, null, "\\"), null, 10))
                    .isEmpty();
            assertThat(store.page(new MeetingFilter(null, "' OR '1'='1", null), null, 10))
                    .isEmpty();
            assertThat(store.page(MeetingFilter.ALL, null, 10)).hasSize(4);
        }

        @Test
        void refusesNonPositiveLimit() {
            assertThatThrownBy(() -> store.page(MeetingFilter.ALL, null, 0))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        @DisplayName("10,000 meetings are paged exactly once each while newer meetings are inserted")
        void pagesTenThousandWithConcurrentInserts() throws Exception {
            int count = 10_000;
            List<Meeting> base = IntStream.range(0, count)
                    .mapToObj(i -> meeting(T0.plusMillis(i / 3))) // three share each instant
                    .toList();
            Concurrently.run(4, t -> () -> {
                        for (int i = t; i < count; i += 4) {
                            store.insert(base.get(i));
                        }
                        return null;
                    })
                    .forEach(o -> assertThat(o.failure()).isNull());

            AtomicBoolean paging = new AtomicBoolean(true);
            Set<UUID> newer = ConcurrentHashMap.newKeySet();
            CompletableFuture<Void> inserter = CompletableFuture.runAsync(() -> {
                int i = 0;
                while (paging.get() && i < 2_000) {
                    Meeting m = meeting(T0.plus(Duration.ofDays(1)).plusMillis(i++));
                    store.insert(m);
                    newer.add(m.id());
                }
            });
            List<Meeting> seen;
            try {
                seen = pageAll(MeetingFilter.ALL, 100);
            } finally {
                paging.set(false);
                inserter.get(1, TimeUnit.MINUTES);
            }
            List<UUID> seenIds = seen.stream().map(Meeting::id).toList();
            assertThat(new HashSet<>(seenIds)).as("no meeting twice").hasSize(seenIds.size());
            List<UUID> expected = base.stream()
                    .sorted(Comparator.comparing(MeetingStoreContract::position, KeysetPosition.NEWEST_FIRST))
                    .map(Meeting::id)
                    .toList();
            assertThat(seenIds.stream().filter(id -> !newer.contains(id)).toList())
                    .isEqualTo(expected);
            Set<UUID> known = new HashSet<>(expected);
            assertThat(seenIds).allMatch(id -> newer.contains(id) || known.contains(id));
        }
    }

    /** Auto-deletion lookups. */
    @Nested
    class Expiry {

        @Test
        @DisplayName("finds meetings due at or before now, oldest first, up to the limit")
        void findsDueMeetings() {
            Meeting due1 =
                    meeting(T0).toBuilder().autoDeleteAt(T0.plusSeconds(10)).build();
            Meeting due2 =
                    meeting(T0).toBuilder().autoDeleteAt(T0.plusSeconds(20)).build();
            Meeting due3 =
                    meeting(T0).toBuilder().autoDeleteAt(T0.plusSeconds(30)).build();
            Meeting later =
                    meeting(T0).toBuilder().autoDeleteAt(T0.plusSeconds(31)).build();
            Meeting never = meeting(T0);
            List.of(due3, later, due1, never, due2).forEach(store::insert);
            Instant now = T0.plusSeconds(30);
            assertThat(store.findExpired(now, 10)).containsExactly(due1, due2, due3);
            assertThat(store.findExpired(now, 2)).containsExactly(due1, due2);
            assertThat(store.findExpired(T0, 10)).isEmpty();
        }
    }

    /** The meeting duration limit (OpenVidu Meet's {@code maxDurationMinutes}) and the initial media state. */
    @Nested
    class Limits {

        private Meeting live(int limitMinutes, Instant startedAt) {
            return meeting(T0).toBuilder()
                    .status(MeetingStatus.ACTIVE)
                    .roomSid("RM_" + UUID.randomUUID())
                    .startedAt(startedAt)
                    .settings(MeetingSettings.builder()
                            .maxDurationMinutes(limitMinutes)
                            .build())
                    .build();
        }

        @Test
        @DisplayName("the limit and the initial media state are stored, updated with the version and cleared again")
        void storesLimitAndInitialMedia() {
            Meeting m = meeting(T0);
            store.insert(m);
            MeetingSettings read = store.findById(m.id()).orElseThrow().settings();
            assertThat(read.maxDurationMinutes()).isEmpty();
            assertThat(read.initialAudioEnabled()).isTrue();
            assertThat(read.initialVideoEnabled()).isTrue();

            Meeting v1 = store.update(m.toBuilder()
                            .settings(m.settings().toBuilder()
                                    .maxDurationMinutes(InputRules.MAX_MEETING_DURATION_MINUTES)
                                    .initialAudioEnabled(false)
                                    .build())
                            .build())
                    .orElseThrow();
            Meeting stored = store.findById(m.id()).orElseThrow();
            assertThat(stored).isEqualTo(v1);
            assertThat(stored.settings().maxDurationMinutes()).hasValue(InputRules.MAX_MEETING_DURATION_MINUTES);
            assertThat(stored.settings().initialAudioEnabled()).isFalse();
            assertThat(stored.settings().initialVideoEnabled()).isTrue();

            store.update(v1.toBuilder()
                            .settings(v1.settings().toBuilder().noMaxDuration().build())
                            .build())
                    .orElseThrow();
            assertThat(store.findById(m.id()).orElseThrow().settings().maxDurationMinutes())
                    .isEmpty();
        }

        @Test
        @DisplayName("finds ACTIVE meetings whose live session reached its limit, earliest first, up to the limit")
        void findsMeetingsOverTheirLimit() {
            Instant now = T0.plus(Duration.ofHours(2));
            Meeting over1 = live(60, now.minus(Duration.ofMinutes(90))); // reached at now - 30 min
            Meeting over2 = live(30, now.minus(Duration.ofMinutes(45))); // reached at now - 15 min
            Meeting exactly = live(10, now.minus(Duration.ofMinutes(10))); // reached at now
            Meeting notYet = live(60, now.minus(Duration.ofMinutes(59)));
            Meeting noLimit = meeting(T0).toBuilder()
                    .status(MeetingStatus.ACTIVE)
                    .roomSid("RM_nolimit")
                    .startedAt(now.minus(Duration.ofHours(1)))
                    .build();
            Meeting ended = live(1, now.minus(Duration.ofMinutes(5))).toBuilder()
                    .status(MeetingStatus.OPEN)
                    .endedAt(now.minus(Duration.ofMinutes(1)))
                    .build();
            Meeting closedLive = live(1, now.minus(Duration.ofMinutes(5))).toBuilder()
                    .status(MeetingStatus.CLOSED)
                    .build();
            Meeting activeNoStart = meeting(T0).toBuilder()
                    .status(MeetingStatus.ACTIVE)
                    .settings(MeetingSettings.builder().maxDurationMinutes(1).build())
                    .build();
            List.of(notYet, exactly, noLimit, over2, ended, closedLive, activeNoStart, over1)
                    .forEach(store::insert);

            assertThat(store.findOverMaxDuration(now, 10)).containsExactly(over1, over2, exactly);
            assertThat(store.findOverMaxDuration(now, 2)).containsExactly(over1, over2);
            assertThat(store.findOverMaxDuration(now.minus(Duration.ofHours(1)), 10))
                    .isEmpty();
            assertThatThrownBy(() -> store.findOverMaxDuration(now, 0)).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        @DisplayName("a session that ends, or a limit that is lifted, leaves the lookup at once")
        void followsUpdates() {
            Instant now = T0.plus(Duration.ofHours(2));
            Meeting m = live(5, now.minus(Duration.ofMinutes(6)));
            store.insert(m);
            assertThat(store.findOverMaxDuration(now, 10)).containsExactly(m);
            Meeting lifted = store.update(m.toBuilder()
                            .settings(m.settings().toBuilder().noMaxDuration().build())
                            .build())
                    .orElseThrow();
            assertThat(store.findOverMaxDuration(now, 10)).isEmpty();
            Meeting limited = store.update(lifted.toBuilder()
                            .settings(lifted.settings().toBuilder()
                                    .maxDurationMinutes(5)
                                    .build())
                            .build())
                    .orElseThrow();
            assertThat(store.findOverMaxDuration(now, 10)).containsExactly(limited);
            store.update(limited.toBuilder()
                            .status(MeetingStatus.OPEN)
                            .endedAt(now)
                            .build())
                    .orElseThrow();
            assertThat(store.findOverMaxDuration(now, 10)).isEmpty();
        }
    }
}
