package io.meetkit.testkit.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.meetkit.store.NameReservation;
import io.meetkit.store.ParticipantNameStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The executable specification of {@link ParticipantNameStore}: unique display names per meeting, smallest free
 * suffix, expiry, the identity rule, and correctness under contention, also across two instances that share the
 * store ({@link #otherInstance(ParticipantNameStore)}). Extend it and return a fresh, empty store from
 * {@link #createStore()}.
 */
public abstract class ParticipantNameStoreContract {

    /** The instant the tests' clock starts at. */
    protected static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");
    /** How long reservations last in these tests. */
    protected static final Duration TTL = Duration.ofMinutes(10);

    /** The store under test, fresh for every test. */
    protected ParticipantNameStore store;
    /** A meeting of its own for every test. */
    protected UUID meeting;

    /** Creates the contract. */
    protected ParticipantNameStoreContract() {}

    /** Returns a fresh, empty store. Called before every test. */
    protected abstract ParticipantNameStore createStore();

    /**
     * Returns a second instance over the same data as {@code store}, as another application instance would have
     * (for SQL stores: another connection pool on the same database). The default is {@code store} itself.
     */
    protected ParticipantNameStore otherInstance(ParticipantNameStore store) {
        return store;
    }

    @BeforeEach
    final void setUpStore() {
        store = createStore();
        meeting = UUID.randomUUID();
    }

    private NameReservation reserve(String name) {
        return store.reserve(meeting, name, null, "SPEAKER", T0, T0.plus(TTL));
    }

    private Set<String> liveNames(Instant now) {
        return store.list(meeting, now).stream()
                .map(NameReservation::displayName)
                .collect(Collectors.toSet());
    }

    /** Reserving names. */
    @Nested
    class Reserve {

        @Test
        @DisplayName("the first reservation gets the name as given, with the name as identity")
        void firstGetsTheName() {
            NameReservation r = store.reserve(meeting, "Alice", null, "MODERATOR", T0, T0.plus(TTL));
            assertThat(r).isEqualTo(new NameReservation(meeting, "Alice", "Alice", "MODERATOR", T0, T0.plus(TTL)));
            assertThat(store.findByIdentity(meeting, "Alice", T0)).contains(r);
            assertThat(store.list(meeting, T0)).containsExactly(r);
        }

        @Test
        @DisplayName("duplicates get the smallest free suffix, case-insensitively and after NFC")
        void smallestFreeSuffix() {
            assertThat(reserve("Alice").displayName()).isEqualTo("Alice");
            assertThat(reserve("alice").displayName()).isEqualTo("alice_2");
            assertThat(reserve("ALICE").displayName()).isEqualTo("ALICE_3");
            assertThat(reserve("Ame\u0301lie").displayName()).isEqualTo("Ame\u0301lie");
            assertThat(reserve("Amélie").displayName()).isEqualTo("Amélie_2");
            assertThat(reserve("Bob").displayName()).isEqualTo("Bob");
        }

        @Test
        @DisplayName("compatibility variants collide (NFKC and a case fold): full-width, ligatures, sharp s")
        void compatibilityVariantsCollide() {
            assertThat(reserve("Alice").displayName()).isEqualTo("Alice");
            assertThat(reserve("\uFF21lice").displayName()).isEqualTo("\uFF21lice_2");
            assertThat(reserve("\uFF21\uFF2C\uFF29\uFF23\uFF25").displayName())
                    .isEqualTo("\uFF21\uFF2C\uFF29\uFF23\uFF25_3");
            assertThat(reserve("Stra\u00DFe").displayName()).isEqualTo("Stra\u00DFe");
            assertThat(reserve("STRASSE").displayName()).isEqualTo("STRASSE_2");
        }

        @Test
        @DisplayName("a released number is the next one given out")
        void reusesReleasedNumber() {
            reserve("Alice");
            reserve("Alice");
            reserve("Alice");
            assertThat(store.release(meeting, "Alice_2")).isTrue();
            assertThat(reserve("Alice").displayName()).isEqualTo("Alice_2");
            assertThat(reserve("Alice").displayName()).isEqualTo("Alice_4");
        }

        @Test
        @DisplayName("an expired reservation's name is free again")
        void expiredNameIsFree() {
            store.reserve(meeting, "Alice", null, "SPEAKER", T0, T0.plusSeconds(60));
            store.reserve(meeting, "Alice", null, "SPEAKER", T0, T0.plus(TTL));
            Instant later = T0.plusSeconds(60);
            NameReservation again = store.reserve(meeting, "Alice", null, "MODERATOR", later, later.plus(TTL));
            assertThat(again)
                    .isEqualTo(new NameReservation(meeting, "Alice", "Alice", "MODERATOR", later, later.plus(TTL)));
            assertThat(reserve("Alice").displayName()).isEqualTo("Alice_3");
        }

        @Test
        @DisplayName("an identity with a live reservation gets it back with the new role and expiry")
        void identityKeepsItsName() {
            NameReservation first = store.reserve(meeting, "Alice", "user-1", "SPEAKER", T0, T0.plus(TTL));
            Instant later = T0.plusSeconds(30);
            NameReservation again =
                    store.reserve(meeting, "Someone Else", "user-1", "MODERATOR", later, later.plus(TTL));
            assertThat(again)
                    .isEqualTo(new NameReservation(
                            meeting, "Alice", "user-1", "MODERATOR", first.reservedAt(), later.plus(TTL)));
            assertThat(store.list(meeting, later)).containsExactly(again);
        }

        @Test
        @DisplayName("an identity whose reservation expired gets a new one")
        void expiredIdentityGetsNewName() {
            store.reserve(meeting, "Alice", "user-1", "SPEAKER", T0, T0.plusSeconds(60));
            Instant later = T0.plusSeconds(61);
            NameReservation bob = store.reserve(meeting, "Bob", "user-1", "SPEAKER", later, later.plus(TTL));
            assertThat(bob.displayName()).isEqualTo("Bob");
            assertThat(bob.identity()).isEqualTo("user-1");
            assertThat(store.findByIdentity(meeting, "user-1", later)).contains(bob);
            assertThat(store.list(meeting, later)).containsExactly(bob);
        }

        @Test
        @DisplayName("a candidate whose name is another live participant's identity is skipped")
        void skipsCandidateWhoseIdentityIsTaken() {
            store.reserve(meeting, "Bob", "Alice", "SPEAKER", T0, T0.plus(TTL));
            NameReservation r = reserve("Alice");
            assertThat(r.displayName()).isEqualTo("Alice_2");
            assertThat(r.identity()).isEqualTo("Alice_2");
        }

        @Test
        void meetingsAreIndependent() {
            reserve("Alice");
            NameReservation other = store.reserve(UUID.randomUUID(), "Alice", null, "SPEAKER", T0, T0.plus(TTL));
            assertThat(other.displayName()).isEqualTo("Alice");
        }

        @Test
        @DisplayName("no cap: the 101st and the 250th 'Guest' get Guest_101 and Guest_250")
        void noCapOnTheSuffix() {
            for (int n = 1; n <= 250; n++) {
                assertThat(reserve("Guest").displayName()).isEqualTo(ParticipantNameStore.candidate("Guest", n));
            }
            assertThat(store.list(meeting, T0)).hasSize(250);
        }

        @Test
        @DisplayName("freed numbers are reused smallest first, then numbering goes on above the highest")
        void reusesFreedNumbersSmallestFirst() {
            for (int n = 1; n <= 120; n++) {
                reserve("Guest");
            }
            assertThat(store.release(meeting, "Guest_115")).isTrue();
            assertThat(store.release(meeting, "Guest_4")).isTrue();
            assertThat(store.release(meeting, "Guest_101")).isTrue();
            assertThat(store.release(meeting, "Guest")).isTrue();
            assertThat(reserve("guest").displayName()).isEqualTo("guest");
            assertThat(reserve("Guest").displayName()).isEqualTo("Guest_4");
            assertThat(reserve("GUEST").displayName()).isEqualTo("GUEST_101");
            assertThat(reserve("Guest").displayName()).isEqualTo("Guest_115");
            assertThat(reserve("Guest").displayName()).isEqualTo("Guest_121");
            assertThat(liveNames(T0)).hasSize(121);
        }

        @Test
        @DisplayName("an expired numbered name is reused before a higher one, before and after the purge")
        void reusesExpiredNumbers() {
            for (int n = 1; n <= 5; n++) {
                reserve("Guest");
            }
            store.reserve(meeting, "Guest", null, "SPEAKER", T0, T0.plusSeconds(60)); // Guest_6
            store.reserve(meeting, "Guest", null, "SPEAKER", T0, T0.plusSeconds(60)); // Guest_7
            Instant later = T0.plusSeconds(60);
            assertThat(store.release(meeting, "Guest_3")).isTrue();
            assertThat(store.reserve(meeting, "Guest", null, "SPEAKER", later, later.plus(TTL))
                            .displayName())
                    .isEqualTo("Guest_3");
            assertThat(store.reserve(meeting, "Guest", null, "SPEAKER", later, later.plus(TTL))
                            .displayName())
                    .as("expired, not purged")
                    .isEqualTo("Guest_6");
            assertThat(store.purgeExpired(later)).isEqualTo(1);
            assertThat(store.reserve(meeting, "Guest", null, "SPEAKER", later, later.plus(TTL))
                            .displayName())
                    .as("expired and purged")
                    .isEqualTo("Guest_7");
            assertThat(store.reserve(meeting, "Guest", null, "SPEAKER", later, later.plus(TTL))
                            .displayName())
                    .isEqualTo("Guest_8");
        }

        @Test
        @DisplayName("a name typed with a number (Guest_3) takes that number; once freed it is reused")
        void typedNumbersShareTheSequence() {
            assertThat(reserve("Guest_3").displayName()).isEqualTo("Guest_3");
            assertThat(reserve("Guest").displayName()).isEqualTo("Guest");
            assertThat(reserve("Guest").displayName()).isEqualTo("Guest_2");
            assertThat(reserve("Guest").displayName()).isEqualTo("Guest_4");
            assertThat(reserve("guest_3").displayName()).isEqualTo("guest_3_2");
            assertThat(reserve("Guest_1").displayName()).isEqualTo("Guest_1");
            assertThat(reserve("Guest_02").displayName()).isEqualTo("Guest_02");
            assertThat(store.release(meeting, "Guest_3")).isTrue();
            assertThat(reserve("Guest").displayName()).isEqualTo("Guest_3");
            assertThat(reserve("Guest").displayName()).isEqualTo("Guest_5");
            assertThat(reserve("Guest_3").displayName()).isEqualTo("Guest_3_3");
        }

        @Test
        @DisplayName("releasing every reservation of a meeting starts its numbering again")
        void releaseAllStartsOver() {
            for (int n = 1; n <= 10; n++) {
                reserve("Guest");
            }
            assertThat(store.releaseAll(meeting)).isEqualTo(10);
            assertThat(reserve("Guest").displayName()).isEqualTo("Guest");
            assertThat(reserve("Guest").displayName()).isEqualTo("Guest_2");
        }
    }

    /** Reading, changing and releasing reservations. */
    @Nested
    class Lifecycle {

        @Test
        @DisplayName("expired reservations are neither found nor listed")
        void expiredAreInvisible() {
            store.reserve(meeting, "Alice", "u1", "SPEAKER", T0, T0.plusSeconds(60));
            store.reserve(meeting, "Bob", "u2", "SPEAKER", T0, T0.plus(TTL));
            Instant expiry = T0.plusSeconds(60);
            assertThat(store.findByIdentity(meeting, "u1", expiry.minusNanos(1000)))
                    .isPresent();
            assertThat(store.findByIdentity(meeting, "u1", expiry)).isEmpty();
            assertThat(liveNames(expiry)).containsExactly("Bob");
            assertThat(store.findByIdentity(UUID.randomUUID(), "u2", T0)).isEmpty();
            assertThat(store.list(UUID.randomUUID(), T0)).isEmpty();
        }

        @Test
        void updatesRoleAndRenews() {
            NameReservation r = store.reserve(meeting, "Alice", "u1", "SPEAKER", T0, T0.plus(TTL));
            NameReservation moderator =
                    store.updateRole(meeting, "u1", "MODERATOR", T0).orElseThrow();
            assertThat(moderator)
                    .isEqualTo(new NameReservation(meeting, "Alice", "u1", "MODERATOR", T0, r.expiresAt()));
            Instant until = T0.plus(TTL).plus(TTL);
            NameReservation renewed =
                    store.renew(meeting, "u1", T0.plusSeconds(1), until).orElseThrow();
            assertThat(renewed).isEqualTo(new NameReservation(meeting, "Alice", "u1", "MODERATOR", T0, until));
            assertThat(store.findByIdentity(meeting, "u1", T0)).contains(renewed);
            assertThat(store.updateRole(meeting, "nobody", "MODERATOR", T0)).isEmpty();
            assertThat(store.renew(meeting, "nobody", T0, until)).isEmpty();
            assertThat(store.renew(meeting, "u1", until, until.plus(TTL)))
                    .as("expired")
                    .isEmpty();
            assertThat(store.updateRole(meeting, "u1", "SPEAKER", until))
                    .as("expired")
                    .isEmpty();
        }

        @Test
        void releasesOneOrAll() {
            store.reserve(meeting, "Alice", "u1", "SPEAKER", T0, T0.plus(TTL));
            store.reserve(meeting, "Bob", "u2", "SPEAKER", T0, T0.plus(TTL));
            store.reserve(meeting, "Carol", "u3", "SPEAKER", T0, T0.plus(TTL));
            UUID other = UUID.randomUUID();
            store.reserve(other, "Alice", "u1", "SPEAKER", T0, T0.plus(TTL));
            assertThat(store.release(meeting, "u1")).isTrue();
            assertThat(store.release(meeting, "u1")).isFalse();
            assertThat(liveNames(T0)).containsExactlyInAnyOrder("Bob", "Carol");
            assertThat(store.releaseAll(meeting)).isEqualTo(2);
            assertThat(store.releaseAll(meeting)).isZero();
            assertThat(store.list(meeting, T0)).isEmpty();
            assertThat(store.list(other, T0)).hasSize(1);
        }

        @Test
        @DisplayName("purging deletes exactly the reservations expired at or before now")
        void purgesExpired() {
            store.reserve(meeting, "Alice", null, "SPEAKER", T0, T0.plusSeconds(10));
            store.reserve(meeting, "Bob", null, "SPEAKER", T0, T0.plusSeconds(20));
            store.reserve(UUID.randomUUID(), "Carol", null, "SPEAKER", T0, T0.plusSeconds(20));
            store.reserve(meeting, "Dave", null, "SPEAKER", T0, T0.plusSeconds(30));
            assertThat(store.purgeExpired(T0.plusSeconds(20))).isEqualTo(3);
            assertThat(store.purgeExpired(T0.plusSeconds(20))).isZero();
            assertThat(liveNames(T0)).containsExactly("Dave");
        }
    }

    /** Contention, on one instance and across two. */
    @Nested
    class Contention {

        @Test
        @DisplayName("32 threads on two instances reserving 'Alice' get 32 distinct names; a freed number is reused")
        void thirtyTwoAlices() {
            ParticipantNameStore other = otherInstance(store);
            var outcomes = Concurrently.run(
                    32,
                    i -> () ->
                            (i % 2 == 0 ? store : other).reserve(meeting, "Alice", null, "SPEAKER", T0, T0.plus(TTL)));
            assertThat(outcomes).allSatisfy(o -> assertThat(o.failure()).isNull());
            Set<String> names =
                    outcomes.stream().map(o -> o.value().displayName()).collect(Collectors.toSet());
            Set<String> expected = IntStream.rangeClosed(1, 32)
                    .mapToObj(n -> ParticipantNameStore.candidate("Alice", n))
                    .collect(Collectors.toSet());
            assertThat(names).isEqualTo(expected);
            assertThat(liveNames(T0)).isEqualTo(expected);

            assertThat(other.release(meeting, "Alice_7")).isTrue();
            assertThat(store.release(meeting, "Alice_19")).isTrue();
            assertThat(other.reserve(meeting, "Alice", null, "SPEAKER", T0, T0.plus(TTL))
                            .displayName())
                    .isEqualTo("Alice_7");
            assertThat(store.reserve(meeting, "Alice", null, "SPEAKER", T0, T0.plus(TTL))
                            .displayName())
                    .isEqualTo("Alice_19");
            assertThat(store.reserve(meeting, "Alice", null, "SPEAKER", T0, T0.plus(TTL))
                            .displayName())
                    .isEqualTo("Alice_33");
        }

        @Test
        @DisplayName("16 threads on two instances reserving 'Guest' 20 times each get Guest … Guest_320")
        void sixteenThreadsOfGuests() {
            ParticipantNameStore other = otherInstance(store);
            var outcomes = Concurrently.run(16, i -> () -> {
                ParticipantNameStore mine = i % 2 == 0 ? store : other;
                List<String> got = new java.util.ArrayList<>();
                for (int k = 0; k < 20; k++) {
                    got.add(mine.reserve(meeting, "Guest", null, "SPEAKER", T0, T0.plus(TTL))
                            .displayName());
                }
                return got;
            });
            assertThat(outcomes).allSatisfy(o -> assertThat(o.failure()).isNull());
            List<String> names =
                    outcomes.stream().flatMap(o -> o.value().stream()).toList();
            Set<String> expected = IntStream.rangeClosed(1, 320)
                    .mapToObj(n -> ParticipantNameStore.candidate("Guest", n))
                    .collect(Collectors.toSet());
            assertThat(names).hasSize(320).doesNotHaveDuplicates();
            assertThat(Set.copyOf(names)).isEqualTo(expected);
            assertThat(liveNames(T0)).isEqualTo(expected);
        }

        @Test
        @DisplayName("the same identity joining 8 times at once holds one reservation")
        void sameIdentityConcurrently() {
            ParticipantNameStore other = otherInstance(store);
            var outcomes = Concurrently.run(
                    8,
                    i -> () -> (i % 2 == 0 ? store : other)
                            .reserve(meeting, "Alice", "user-1", "SPEAKER", T0, T0.plus(TTL)));
            assertThat(outcomes).allSatisfy(o -> assertThat(o.failure()).isNull());
            assertThat(outcomes.stream()
                            .map(o -> o.value().displayName())
                            .distinct()
                            .toList())
                    .containsExactly("Alice");
            List<NameReservation> live = store.list(meeting, T0);
            assertThat(live).hasSize(1);
            assertThat(live.get(0).identity()).isEqualTo("user-1");
        }
    }
}
