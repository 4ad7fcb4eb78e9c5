package io.meetkit.meeting;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One page of a keyset-paged list.
 *
 * @param items the items of this page, newest first
 * @param nextCursor the opaque cursor of the next page, or {@code null} on the last page
 * @param <T> the item type
 */
public record Page<T>(List<T> items, @Nullable String nextCursor) {

    /** Copies the items. */
    public Page {
        items = List.copyOf(items);
    }

    /** Returns the cursor of the next page, empty on the last page. */
    public Optional<String> next() {
        return Optional.ofNullable(nextCursor);
    }

    /** Returns {@code true} when there is a next page. */
    public boolean hasNext() {
        return nextCursor != null;
    }
}
