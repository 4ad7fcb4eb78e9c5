package io.meetkit.testkit.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.meetkit.store.LeaseStore;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The executable specification of {@link LeaseStore}: one holder per lease until it expires or is released, also
 * across instances ({@link #otherInstance(LeaseStore)}). Extend it and return a fresh, empty store from
 * {@link #createStore()}.
 */
public abstract class LeaseStoreContract {

    /** The instant the tests' clock starts at. */
    protected static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");
    /** How long leases last in these tests. */
    protected static final Duration TTL = Duration.ofSeconds(30);

    /** The store under test, fresh for every test. */
    protected LeaseStore leases;

    /** Creates the contract. */
    protected LeaseStoreContract() {}

    /** Returns a fresh, empty store. Called before every test. */
    protected abstract LeaseStore createStore();

    /** Returns a second instance over the same data as {@code leases}; the default is {@code leases} itself. */
    protected LeaseStore otherInstance(LeaseStore leases) {
        return leases;
    }

    @BeforeEach
    final void setUpStore() {
        leases = createStore();
    }

    /** Acquiring and releasing. */
    @Nested
    class Leases {

        @Test
        @DisplayName("a lease is held by one of two instances until it expires")
        void heldUntilExpiry() {
            LeaseStore other = otherInstance(leases);
            assertThat(leases.tryAcquire("cleanup", "node-a", T0, T0.plus(TTL))).isTrue();
            assertThat(other.tryAcquire(
                            "cleanup",
                            "node-b",
                            T0.plusSeconds(1),
                            T0.plusSeconds(1).plus(TTL)))
                    .isFalse();
            Instant justBefore = T0.plus(TTL).minusNanos(1000);
            assertThat(other.tryAcquire("cleanup", "node-b", justBefore, justBefore.plus(TTL)))
                    .isFalse();
            Instant expiry = T0.plus(TTL);
            assertThat(other.tryAcquire("cleanup", "node-b", expiry, expiry.plus(TTL)))
                    .isTrue();
            assertThat(leases.tryAcquire("cleanup", "node-a", expiry, expiry.plus(TTL)))
                    .isFalse();
        }

        @Test
        @DisplayName("the holder extends its own lease")
        void holderExtends() {
            assertThat(leases.tryAcquire("job", "node-a", T0, T0.plus(TTL))).isTrue();
            Instant later = T0.plusSeconds(20);
            assertThat(leases.tryAcquire("job", "node-a", later, later.plus(TTL)))
                    .isTrue();
            Instant afterFirstExpiry = T0.plus(TTL).plusSeconds(1);
            assertThat(leases.tryAcquire("job", "node-b", afterFirstExpiry, afterFirstExpiry.plus(TTL)))
                    .isFalse();
        }

        @Test
        @DisplayName("only the holder releases; then another may acquire at once")
        void release() {
            LeaseStore other = otherInstance(leases);
            leases.tryAcquire("job", "node-a", T0, T0.plus(TTL));
            assertThat(other.release("job", "node-b")).isFalse();
            assertThat(other.tryAcquire("job", "node-b", T0, T0.plus(TTL))).isFalse();
            assertThat(leases.release("job", "node-a")).isTrue();
            assertThat(leases.release("job", "node-a")).isFalse();
            assertThat(other.tryAcquire("job", "node-b", T0, T0.plus(TTL))).isTrue();
            assertThat(leases.release("unknown", "node-a")).isFalse();
        }

        @Test
        void leasesAreIndependent() {
            assertThat(leases.tryAcquire("job-1", "node-a", T0, T0.plus(TTL))).isTrue();
            assertThat(leases.tryAcquire("job-2", "node-b", T0, T0.plus(TTL))).isTrue();
        }

        @Test
        @DisplayName("of 16 owners racing for a free lease on two instances exactly one gets it")
        void oneOfConcurrentOwners() {
            LeaseStore other = otherInstance(leases);
            var outcomes = Concurrently.run(
                    16, i -> () -> (i % 2 == 0 ? leases : other).tryAcquire("race", "node-" + i, T0, T0.plus(TTL)));
            assertThat(outcomes).allMatch(Concurrently.Outcome::succeeded);
            assertThat(outcomes.stream().filter(o -> Boolean.TRUE.equals(o.value())))
                    .hasSize(1);
        }
    }
}
