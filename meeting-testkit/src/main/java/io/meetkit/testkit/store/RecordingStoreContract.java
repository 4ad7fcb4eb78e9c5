package io.meetkit.testkit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meetkit.ConflictException;
import io.meetkit.recording.Recording;
import io.meetkit.recording.RecordingStatus;
import io.meetkit.store.KeysetPosition;
import io.meetkit.store.RecordingFilter;
import io.meetkit.store.RecordingStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The executable specification of {@link RecordingStore}, including "at most one unfinished recording per meeting"
 * under concurrency. Extend it and return a fresh, empty store from {@link #createStore()}.
 */
public abstract class RecordingStoreContract {

    /** The instant the tests' clock starts at. */
    protected static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");

    /** The store under test, fresh for every test. */
    protected RecordingStore store;

    /** Creates the contract. */
    protected RecordingStoreContract() {}

    /** Returns a fresh, empty store. Called before every test. */
    protected abstract RecordingStore createStore();

    @BeforeEach
    final void setUpStore() {
        store = createStore();
    }

    /** Returns a minimal recording of {@code meetingId} in {@code status}, created at {@code createdAt}. */
    protected static Recording recording(UUID meetingId, RecordingStatus status, Instant createdAt) {
        UUID id = UUID.randomUUID();
        return Recording.builder()
                .id(id)
                .meetingId(meetingId)
                .status(status)
                .objectKey("recordings/" + meetingId + "/" + id + ".mp4")
                .startedBy("user-1")
                .createdAt(createdAt)
                .updatedAt(createdAt)
                .build();
    }

    private static void assertConflict(Runnable call, String code) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(
                        ConflictException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    /** Inserting and finding. */
    @Nested
    class Insert {

        @Test
        @DisplayName("every field comes back as it was stored")
        void storesEveryField() {
            Recording r = recording(UUID.randomUUID(), RecordingStatus.COMPLETE, T0).toBuilder()
                    .egressId("EG_abc")
                    .location("s3://bucket/recordings/x.mp4")
                    .startedAt(T0.plusSeconds(2))
                    .endedAt(T0.plusSeconds(62))
                    .duration(Duration.ofNanos(60_123_456_789L))
                    .sizeBytes(12_345_678_901L)
                    .error("Ünïcödé 'error' \"text\"")
                    .stopRequestedAt(T0.plusSeconds(1))
                    .updatedAt(T0.plusSeconds(63))
                    .version(4)
                    .build();
            store.insert(r);
            assertThat(store.findById(r.id())).contains(r);
            assertThat(store.findByEgressId("EG_abc")).contains(r);
        }

        @Test
        void optionalFieldsComeBackEmpty() {
            Recording r = recording(UUID.randomUUID(), RecordingStatus.STARTING, T0);
            store.insert(r);
            assertThat(store.findById(r.id())).contains(r);
            assertThat(store.findByEgressId("EG_none")).isEmpty();
            assertThat(store.findById(UUID.randomUUID())).isEmpty();
        }

        @Test
        void refusesDuplicateId() {
            Recording r = recording(UUID.randomUUID(), RecordingStatus.COMPLETE, T0);
            store.insert(r);
            assertConflict(
                    () -> store.insert(
                            r.toBuilder().meetingId(UUID.randomUUID()).build()),
                    ConflictException.ALREADY_EXISTS);
        }

        @Test
        @DisplayName("a second unfinished recording of a meeting is refused with recording_in_progress")
        void refusesSecondUnfinished() {
            UUID meeting = UUID.randomUUID();
            Recording first = recording(meeting, RecordingStatus.ACTIVE, T0);
            store.insert(first);
            for (RecordingStatus unfinished :
                    List.of(RecordingStatus.STARTING, RecordingStatus.ACTIVE, RecordingStatus.ENDING)) {
                Recording second = recording(meeting, unfinished, T0.plusSeconds(1));
                assertConflict(() -> store.insert(second), ConflictException.RECORDING_IN_PROGRESS);
                assertThat(store.findById(second.id())).isEmpty();
            }
            assertThat(store.findUnfinished(meeting)).contains(first);
        }

        @Test
        @DisplayName("finished recordings do not count, nor do other meetings' recordings")
        void finishedDoNotCount() {
            UUID meeting = UUID.randomUUID();
            for (RecordingStatus finished : List.of(
                    RecordingStatus.COMPLETE,
                    RecordingStatus.FAILED,
                    RecordingStatus.ABORTED,
                    RecordingStatus.LIMIT_REACHED,
                    RecordingStatus.COMPLETE)) {
                store.insert(recording(meeting, finished, T0));
            }
            store.insert(recording(UUID.randomUUID(), RecordingStatus.ACTIVE, T0));
            assertThat(store.findUnfinished(meeting)).isEmpty();
            Recording unfinished = recording(meeting, RecordingStatus.STARTING, T0);
            store.insert(unfinished);
            assertThat(store.findUnfinished(meeting)).contains(unfinished);
            assertThat(store.countByMeeting(meeting)).isEqualTo(6);
        }

        @Test
        @DisplayName("after the unfinished recording finishes or is deleted, a new one may start")
        void newOneAfterFinishOrDelete() {
            UUID meeting = UUID.randomUUID();
            Recording first = recording(meeting, RecordingStatus.ACTIVE, T0);
            store.insert(first);
            store.update(first.toBuilder().status(RecordingStatus.COMPLETE).build())
                    .orElseThrow();
            Recording second = recording(meeting, RecordingStatus.STARTING, T0.plusSeconds(1));
            store.insert(second);
            assertThat(store.delete(second.id())).isTrue();
            Recording third = recording(meeting, RecordingStatus.STARTING, T0.plusSeconds(2));
            store.insert(third);
            assertThat(store.findUnfinished(meeting)).contains(third);
        }

        @Test
        @DisplayName("of 16 concurrent starts for one meeting exactly one succeeds")
        void oneConcurrentStartWins() {
            UUID meeting = UUID.randomUUID();
            var outcomes = Concurrently.run(16, i -> () -> {
                Recording r = recording(meeting, RecordingStatus.STARTING, T0.plusMillis(i));
                store.insert(r);
                return r;
            });
            List<Recording> winners = outcomes.stream()
                    .filter(Concurrently.Outcome::succeeded)
                    .map(Concurrently.Outcome::value)
                    .toList();
            assertThat(winners).hasSize(1);
            assertThat(outcomes.stream().filter(o -> !o.succeeded()).map(Concurrently.Outcome::failure))
                    .hasSize(15)
                    .allSatisfy(f -> assertThat(f)
                            .isInstanceOfSatisfying(
                                    ConflictException.class,
                                    e -> assertThat(e.code()).isEqualTo(ConflictException.RECORDING_IN_PROGRESS)));
            assertThat(store.findUnfinished(meeting)).contains(winners.get(0));
            assertThat(store.countByMeeting(meeting)).isEqualTo(1);
        }
    }

    /** Compare-and-set updates. */
    @Nested
    class Update {

        @Test
        void updatesAndIncrementsVersion() {
            Recording r = recording(UUID.randomUUID(), RecordingStatus.STARTING, T0);
            store.insert(r);
            Recording active = r.toBuilder()
                    .status(RecordingStatus.ACTIVE)
                    .egressId("EG_1")
                    .startedAt(T0.plusSeconds(1))
                    .updatedAt(T0.plusSeconds(1))
                    .build();
            assertThat(store.update(active))
                    .contains(active.toBuilder().version(1).build());
            Recording done = store.findById(r.id()).orElseThrow().toBuilder()
                    .status(RecordingStatus.COMPLETE)
                    .endedAt(T0.plusSeconds(9))
                    .duration(Duration.ofSeconds(8))
                    .sizeBytes(1024L)
                    .location("s3://b/k")
                    .build();
            assertThat(store.update(done)).contains(done.toBuilder().version(2).build());
            assertThat(store.findById(r.id()))
                    .contains(done.toBuilder().version(2).build());
            assertThat(store.findByEgressId("EG_1"))
                    .contains(done.toBuilder().version(2).build());
        }

        @Test
        @DisplayName("a stop requested while STARTING is stored, survives later updates and can be read back")
        void storesTheStopRequest() {
            Recording r = recording(UUID.randomUUID(), RecordingStatus.STARTING, T0);
            store.insert(r);
            Instant asked = T0.plusMillis(1_234);
            Recording requested = store.update(r.toBuilder()
                            .stopRequestedAt(asked)
                            .updatedAt(asked)
                            .build())
                    .orElseThrow();
            assertThat(store.findById(r.id()).orElseThrow().stopRequestedAt()).contains(asked);
            Recording bound = store.update(
                            requested.toBuilder().egressId("EG_stop").build())
                    .orElseThrow();
            assertThat(bound.stopRequestedAt()).contains(asked);
            assertThat(store.findByEgressId("EG_stop")).contains(bound);
            assertThat(store.findUnfinished(r.meetingId()).orElseThrow().stopRequestedAt())
                    .contains(asked);
        }

        @Test
        void refusesStaleVersionAndMissingRecording() {
            Recording r = recording(UUID.randomUUID(), RecordingStatus.STARTING, T0);
            store.insert(r);
            Recording v1 = store.update(
                            r.toBuilder().status(RecordingStatus.ACTIVE).build())
                    .orElseThrow();
            assertThat(store.update(r.toBuilder().status(RecordingStatus.FAILED).build()))
                    .isEmpty();
            assertThat(store.findById(r.id())).contains(v1);
            assertThat(store.update(recording(UUID.randomUUID(), RecordingStatus.ACTIVE, T0)))
                    .isEmpty();
        }

        @Test
        @DisplayName("a finished recording never becomes unfinished again")
        void finishedStaysFinished() {
            Recording r = recording(UUID.randomUUID(), RecordingStatus.COMPLETE, T0);
            store.insert(r);
            assertThatThrownBy(() -> store.update(
                            r.toBuilder().status(RecordingStatus.ACTIVE).build()))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(store.findById(r.id())).contains(r);
        }

        @Test
        void meetingNeverChanges() {
            Recording r = recording(UUID.randomUUID(), RecordingStatus.STARTING, T0);
            store.insert(r);
            assertThatThrownBy(() -> store.update(
                            r.toBuilder().meetingId(UUID.randomUUID()).build()))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        @DisplayName("of 16 concurrent updates of the same version exactly one wins")
        void oneConcurrentUpdateWins() {
            Recording r = recording(UUID.randomUUID(), RecordingStatus.ACTIVE, T0);
            store.insert(r);
            var outcomes = Concurrently.run(
                    16, i -> () -> store.update(r.toBuilder().error("e" + i).build()));
            assertThat(outcomes).allMatch(Concurrently.Outcome::succeeded);
            List<Recording> winners = outcomes.stream()
                    .map(Concurrently.Outcome::value)
                    .filter(o -> o != null && o.isPresent())
                    .map(Optional::get)
                    .toList();
            assertThat(winners).hasSize(1);
            assertThat(store.findById(r.id())).contains(winners.get(0));
        }
    }

    /** Deleting, counting, pages and stale lookups. */
    @Nested
    class Queries {

        @Test
        void deletesOnce() {
            Recording r = recording(UUID.randomUUID(), RecordingStatus.COMPLETE, T0);
            store.insert(r);
            assertThat(store.delete(r.id())).isTrue();
            assertThat(store.delete(r.id())).isFalse();
            assertThat(store.findById(r.id())).isEmpty();
        }

        @Test
        void pagesNewestFirstWithFilters() {
            UUID m1 = UUID.randomUUID();
            UUID m2 = UUID.randomUUID();
            Recording a = recording(m1, RecordingStatus.COMPLETE, T0);
            Recording b = recording(m2, RecordingStatus.COMPLETE, T0.plusSeconds(1));
            Recording c = recording(m1, RecordingStatus.FAILED, T0.plusSeconds(2));
            Recording d = recording(m1, RecordingStatus.ACTIVE, T0.plusSeconds(3));
            List.of(a, b, c, d).forEach(store::insert);
            assertThat(store.page(RecordingFilter.ALL, null, 10)).containsExactly(d, c, b, a);
            assertThat(store.page(RecordingFilter.ALL, null, 2)).containsExactly(d, c);
            assertThat(store.page(RecordingFilter.ALL, new KeysetPosition(c.createdAt(), c.id()), 2))
                    .containsExactly(b, a);
            assertThat(store.page(new RecordingFilter(m1, null), null, 10)).containsExactly(d, c, a);
            assertThat(store.page(new RecordingFilter(m1, RecordingStatus.COMPLETE), null, 10))
                    .containsExactly(a);
            assertThat(store.page(new RecordingFilter(null, RecordingStatus.COMPLETE), null, 10))
                    .containsExactly(b, a);
            assertThatThrownBy(() -> store.page(RecordingFilter.ALL, null, 0))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void countsByMeeting() {
            UUID m = UUID.randomUUID();
            store.insert(recording(m, RecordingStatus.COMPLETE, T0));
            store.insert(recording(m, RecordingStatus.ACTIVE, T0));
            store.insert(recording(UUID.randomUUID(), RecordingStatus.ACTIVE, T0));
            assertThat(store.countByMeeting(m)).isEqualTo(2);
            assertThat(store.countByMeeting(UUID.randomUUID())).isZero();
        }

        @Test
        @DisplayName("stale means unfinished and last updated before the cut-off, oldest first")
        void findsStale() {
            Recording old1 = recording(UUID.randomUUID(), RecordingStatus.STARTING, T0);
            Recording old2 = recording(UUID.randomUUID(), RecordingStatus.ENDING, T0).toBuilder()
                    .updatedAt(T0.plusSeconds(5))
                    .build();
            Recording fresh = recording(UUID.randomUUID(), RecordingStatus.ACTIVE, T0).toBuilder()
                    .updatedAt(T0.plusSeconds(60))
                    .build();
            Recording finished = recording(UUID.randomUUID(), RecordingStatus.COMPLETE, T0);
            List.of(fresh, old2, finished, old1).forEach(store::insert);
            assertThat(store.findStale(T0.plusSeconds(60), 10)).containsExactly(old1, old2);
            assertThat(store.findStale(T0.plusSeconds(60), 1)).containsExactly(old1);
            assertThat(store.findStale(T0, 10)).isEmpty();
        }
    }
}
