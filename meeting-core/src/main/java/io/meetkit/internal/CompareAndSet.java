package io.meetkit.internal;

import io.meetkit.ConflictException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The one compare-and-set retry loop over a versioned store: read the current value, compute the next one, write
 * it if nobody changed it meanwhile, and start over if somebody did. The value before the change comes back with
 * the value stored, so callers need no array captured by a lambda to see it.
 *
 * <p>Stateless and thread-safe. Not API.
 */
public final class CompareAndSet {

    /** How many times a change is tried before the caller hears that the value kept changing. */
    public static final int MAX_ATTEMPTS = 16;

    /**
     * A stored change.
     *
     * @param before the value the change was computed from
     * @param after the value stored
     * @param <T> the value type
     */
    public record Change<T>(T before, T after) {
        /** Checks that both values are present. */
        public Change {
            Objects.requireNonNull(before, "before");
            Objects.requireNonNull(after, "after");
        }
    }

    private CompareAndSet() {}

    /**
     * Applies {@code change} until it sticks.
     *
     * @param subject what is changed, for the error message, for example {@code "recording 4f…"}
     * @param read reads the current value; empty when it is gone
     * @param change computes the next value from the current one, or {@code null} for "no change"
     * @param write stores the value if its version is still the one read; empty when somebody changed it meanwhile
     * @param <T> the value type
     * @return the change stored, or empty when the value is gone or the change was declined
     * @throws ConflictException ({@code stale_version}) when the value changed {@value #MAX_ATTEMPTS} times in a row
     */
    public static <T> Optional<Change<T>> apply(
            String subject,
            Supplier<Optional<T>> read,
            Function<T, @Nullable T> change,
            Function<T, Optional<T>> write) {
        return apply(subject, read, change, (before, next) -> write.apply(next));
    }

    /**
     * Applies {@code change} until it sticks, as {@link #apply(String, Supplier, Function, Function)}, with a write
     * that also sees the value the change was computed from (to publish the event of the transition).
     *
     * @param subject what is changed, for the error message
     * @param read reads the current value; empty when it is gone
     * @param change computes the next value from the current one, or {@code null} for "no change"
     * @param write stores the next value (second argument) computed from the first if its version is still the one
     *     read; empty when somebody changed it meanwhile
     * @param <T> the value type
     * @return the change stored, or empty when the value is gone or the change was declined
     * @throws ConflictException ({@code stale_version}) when the value changed {@value #MAX_ATTEMPTS} times in a row
     */
    public static <T> Optional<Change<T>> apply(
            String subject,
            Supplier<Optional<T>> read,
            Function<T, @Nullable T> change,
            java.util.function.BiFunction<T, T, Optional<T>> write) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Optional<T> found = read.get();
            if (found.isEmpty()) {
                return Optional.empty();
            }
            T next = change.apply(found.get());
            if (next == null) {
                return Optional.empty();
            }
            Optional<T> stored = write.apply(found.get(), next);
            if (stored.isPresent()) {
                return Optional.of(new Change<>(found.get(), stored.get()));
            }
        }
        throw new ConflictException(
                ConflictException.STALE_VERSION,
                subject + " kept changing; gave up after " + MAX_ATTEMPTS + " attempts");
    }
}
