package io.meetkit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meetkit.ConflictException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The one compare-and-set loop, over a versioned value whose writes fail when someone wrote meanwhile. */
class CompareAndSetTest {

    /** A value and its version, as the stores keep them. */
    record Versioned(String value, int version) {}

    private final AtomicReference<Versioned> cell = new AtomicReference<>(new Versioned("a", 0));

    private Optional<Versioned> write(Versioned next) {
        Versioned cur = cell.get();
        if (cur.version() != next.version()) {
            return Optional.empty();
        }
        Versioned stored = new Versioned(next.value(), next.version() + 1);
        return cell.compareAndSet(cur, stored) ? Optional.of(stored) : Optional.empty();
    }

    @Test
    @DisplayName("a change that sticks returns the value it was computed from and the value stored")
    void returnsBeforeAndAfter() {
        Optional<CompareAndSet.Change<Versioned>> change = CompareAndSet.apply(
                "cell", () -> Optional.of(cell.get()), v -> new Versioned(v.value() + "b", v.version()), this::write);

        assertThat(change).hasValueSatisfying(c -> {
            assertThat(c.before()).isEqualTo(new Versioned("a", 0));
            assertThat(c.after()).isEqualTo(new Versioned("ab", 1));
        });
    }

    @Test
    @DisplayName("a concurrent write makes it read again and recompute from the newer value")
    void retriesOnConcurrentWrite() {
        AtomicInteger calls = new AtomicInteger();
        Optional<CompareAndSet.Change<Versioned>> change = CompareAndSet.apply(
                "cell",
                () -> Optional.of(cell.get()),
                v -> {
                    if (calls.getAndIncrement() == 0) {
                        cell.set(new Versioned("other", 7)); // somebody else wins the first round
                    }
                    return new Versioned(v.value() + "!", v.version());
                },
                this::write);

        assertThat(calls).hasValue(2);
        assertThat(change).hasValueSatisfying(c -> assertThat(c.after()).isEqualTo(new Versioned("other!", 8)));
    }

    @Test
    @DisplayName("a declined change or a missing value stores nothing")
    void declinedOrGone() {
        assertThat(CompareAndSet.apply("cell", () -> Optional.of(cell.get()), v -> null, this::write))
                .isEmpty();
        assertThat(CompareAndSet.<Versioned>apply("cell", Optional::empty, v -> v, this::write))
                .isEmpty();
        assertThat(cell.get()).isEqualTo(new Versioned("a", 0));
    }

    @Test
    @DisplayName("a value that keeps changing gives up with stale_version after the last attempt, naming the subject")
    void givesUp() {
        AtomicInteger writes = new AtomicInteger();
        assertThatThrownBy(() -> CompareAndSet.apply("recording 42", () -> Optional.of(cell.get()), v -> v, v -> {
                    writes.incrementAndGet();
                    return Optional.empty();
                }))
                .isInstanceOfSatisfying(
                        ConflictException.class, e -> assertThat(e.code()).isEqualTo(ConflictException.STALE_VERSION))
                .hasMessageContaining("recording 42 kept changing")
                .hasMessageContaining(CompareAndSet.MAX_ATTEMPTS + " attempts");
        assertThat(writes).hasValue(CompareAndSet.MAX_ATTEMPTS);
    }
}
