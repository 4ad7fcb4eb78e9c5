package io.meetkit.meeting;

import org.jspecify.annotations.Nullable;

/**
 * The page part of a list query, shared by {@link MeetingQuery} and {@code RecordingQuery}: how many items a page
 * holds and which page to read. Lists are keyset paged: pass {@link Page#nextCursor()} of one page as the cursor of
 * the next.
 *
 * @param limit the page size, 1 to {@value #MAX_LIMIT}
 * @param cursor the cursor of the page to read, or {@code null} for the first page
 */
public record PageRequest(int limit, @Nullable String cursor) {

    /** The largest page size. */
    public static final int MAX_LIMIT = 100;
    /** The page size when none is given. */
    public static final int DEFAULT_LIMIT = 20;

    /**
     * Checks the page size.
     *
     * @throws IllegalArgumentException if the limit is not between 1 and {@value #MAX_LIMIT}
     */
    public PageRequest {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ": " + limit);
        }
    }

    /** Returns the first page, {@value #DEFAULT_LIMIT} per page. */
    public static PageRequest first() {
        return new PageRequest(DEFAULT_LIMIT, null);
    }

    /**
     * Returns this request with another page size.
     *
     * @throws IllegalArgumentException if the limit is not between 1 and {@value #MAX_LIMIT}
     */
    public PageRequest withLimit(int limit) {
        return new PageRequest(limit, cursor);
    }

    /** Returns this request for the page after the one that returned {@code cursor} ({@code null}: the first). */
    public PageRequest withCursor(@Nullable String cursor) {
        return new PageRequest(limit, cursor);
    }

    /** Shows the limit and whether there is a cursor, never the cursor itself. */
    @Override
    public String toString() {
        return "limit=" + limit + ", cursor=" + (cursor == null ? "none" : "…");
    }
}
