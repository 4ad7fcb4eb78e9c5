package io.meetkit.testkit.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.meetkit.store.ParticipantBan;
import io.meetkit.store.ParticipantBanStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The executable specification of {@link ParticipantBanStore}: a ban holds until its time, is never shortened, lapses
 * by itself, is seen by another instance at once, and concurrent bans end with the longest. Extend it and return a
 * fresh, empty store from {@link #createStore()}.
 */
public abstract class ParticipantBanStoreContract {

    /** The instant the tests' clock starts at. */
    protected static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");
    /** How long bans last in these tests. */
    protected static final Duration TTL = Duration.ofHours(2);

    /** The store under test, fresh for every test. */
    protected ParticipantBanStore store;
    /** A meeting of its own for every test. */
    protected UUID meeting;

    /** Creates the contract. */
    protected ParticipantBanStoreContract() {}

    /** Returns a fresh, empty store. Called before every test. */
    protected abstract ParticipantBanStore createStore();

    /**
     * Returns a second instance over the same data as {@code store}, as another application instance would have.
     * The default is {@code store} itself.
     */
    protected ParticipantBanStore otherInstance(ParticipantBanStore store) {
        return store;
    }

    @BeforeEach
    final void setUpStore() {
        store = createStore();
        meeting = UUID.randomUUID();
    }

    @Test
    @DisplayName("a ban is found until it lapses, by this and by another instance")
    void banHoldsUntilItLapses() {
        ParticipantBan ban = store.ban(meeting, "dana-1", T0, T0.plus(TTL));

        assertThat(ban).isEqualTo(new ParticipantBan(meeting, "dana-1", T0, T0.plus(TTL)));
        assertThat(store.find(meeting, "dana-1", T0.plusSeconds(1))).contains(ban);
        assertThat(otherInstance(store).find(meeting, "dana-1", T0.plusSeconds(1)))
                .contains(ban);
        assertThat(store.find(meeting, "dana-1", T0.plus(TTL)))
                .as("lapsed at its time")
                .isEmpty();
        assertThat(store.find(meeting, "someone-else", T0)).isEmpty();
        assertThat(store.find(UUID.randomUUID(), "dana-1", T0))
                .as("another meeting")
                .isEmpty();
        assertThat(store.list(meeting, T0)).containsExactly(ban);
        assertThat(store.list(meeting, T0.plus(TTL))).isEmpty();
    }

    @Test
    @DisplayName("a second ban never shortens a live one, but lengthens it or replaces a lapsed one")
    void bansAreNeverShortened() {
        store.ban(meeting, "dana-1", T0, T0.plus(TTL));

        ParticipantBan shorter = store.ban(meeting, "dana-1", T0.plusSeconds(60), T0.plusSeconds(120));
        assertThat(shorter.until()).isEqualTo(T0.plus(TTL));

        ParticipantBan longer =
                store.ban(meeting, "dana-1", T0.plusSeconds(60), T0.plus(TTL).plusSeconds(60));
        assertThat(longer.until()).isEqualTo(T0.plus(TTL).plusSeconds(60));
        assertThat(longer.bannedAt()).isEqualTo(T0.plusSeconds(60));

        Instant later = T0.plus(Duration.ofHours(5));
        ParticipantBan again = store.ban(meeting, "dana-1", later, later.plusSeconds(30));
        assertThat(again).isEqualTo(new ParticipantBan(meeting, "dana-1", later, later.plusSeconds(30)));
    }

    @Test
    @DisplayName("lift, lift all and purge remove bans")
    void liftAndPurge() {
        store.ban(meeting, "a", T0, T0.plus(TTL));
        store.ban(meeting, "b", T0, T0.plusSeconds(10));
        store.ban(meeting, "c", T0, T0.plus(TTL));
        UUID other = UUID.randomUUID();
        store.ban(other, "a", T0, T0.plus(TTL));

        assertThat(store.lift(meeting, "a")).isTrue();
        assertThat(store.lift(meeting, "a")).isFalse();
        assertThat(store.find(meeting, "a", T0)).isEmpty();
        assertThat(store.find(other, "a", T0)).as("other meetings keep theirs").isPresent();

        assertThat(store.purgeExpired(T0.plusSeconds(10))).isEqualTo(1);
        assertThat(store.list(meeting, T0)).extracting(ParticipantBan::identity).containsExactly("c");

        assertThat(store.liftAll(meeting)).isEqualTo(1);
        assertThat(store.list(meeting, T0)).isEmpty();
        assertThat(store.find(other, "a", T0)).isPresent();
    }

    @Test
    @DisplayName("16 concurrent bans of one identity, from two instances, end with the longest")
    void concurrentBansEndWithTheLongest() {
        ParticipantBanStore other = otherInstance(store);
        List<Concurrently.Outcome<ParticipantBan>> outcomes = Concurrently.run(
                16, i -> () -> (i % 2 == 0 ? store : other).ban(meeting, "dana-1", T0, T0.plusSeconds(60L * (i + 1))));

        assertThat(outcomes)
                .allSatisfy(o -> assertThat(o.succeeded())
                        .as(String.valueOf(o.failure()))
                        .isTrue());
        assertThat(store.find(meeting, "dana-1", T0))
                .get()
                .extracting(ParticipantBan::until)
                .isEqualTo(T0.plusSeconds(60L * 16));
    }
}
