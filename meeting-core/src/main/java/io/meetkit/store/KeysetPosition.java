package io.meetkit.store;

import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;
import java.util.UUID;

/**
 * A position in a newest-first keyset page: rows strictly after it have {@code (createdAt, id)} smaller than
 * {@code (createdAt(), id())}, compared as {@code created_at DESC, id DESC}. Stores implement it with a row-value
 * comparison on an index over {@code (created_at, id)}, never with OFFSET.
 *
 * @param createdAt the creation time of the last row of the previous page
 * @param id the id of the last row of the previous page
 */
public record KeysetPosition(Instant createdAt, UUID id) {

    /**
     * Newest first: larger {@code createdAt} first, then larger {@code id} (compared as {@link UUID#compareTo}
     * does, which is signed and therefore differs from SQL's unsigned uuid order; stores compare ids as SQL does,
     * see {@link #compareIds(UUID, UUID)}).
     */
    public static final Comparator<KeysetPosition> NEWEST_FIRST = Comparator.comparing(KeysetPosition::createdAt)
            .thenComparing(KeysetPosition::id, KeysetPosition::compareIds)
            .reversed();

    /** Validates the components. */
    public KeysetPosition {
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(id, "id");
    }

    /**
     * Compares two UUIDs as PostgreSQL and H2 order the {@code uuid} type: unsigned, most significant bits first.
     *
     * @return negative, zero or positive
     */
    public static int compareIds(UUID a, UUID b) {
        int c = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return c != 0 ? c : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    }
}
