package io.meetkit.recording;

import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Filters and a page position for {@link RecordingController#list(RecordingQuery)}. Results are newest first and
 * keyset paged: pass {@link io.meetkit.meeting.Page#nextCursor()} of one page as {@link Builder#cursor(String)} of
 * the next.
 */
public final class RecordingQuery {

    /** The largest page size. */
    public static final int MAX_LIMIT = 100;
    /** The page size when none is given. */
    public static final int DEFAULT_LIMIT = 20;

    private final @Nullable UUID meetingId;
    private final @Nullable RecordingStatus status;
    private final int limit;
    private final @Nullable String cursor;

    private RecordingQuery(Builder b) {
        this.meetingId = b.meetingId;
        this.status = b.status;
        this.limit = b.limit;
        this.cursor = b.cursor;
    }

    /** Returns a builder: no filters, {@value #DEFAULT_LIMIT} per page, first page. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the first page of all recordings. */
    public static RecordingQuery firstPage() {
        return builder().build();
    }

    /** Returns the first page of one meeting's recordings. */
    public static RecordingQuery ofMeeting(UUID meetingId) {
        return builder()
                .meetingId(Objects.requireNonNull(meetingId, "meetingId"))
                .build();
    }

    /** Only this meeting's recordings, or {@code null} for all. */
    public @Nullable UUID meetingId() {
        return meetingId;
    }

    /** Only recordings in this status, or {@code null} for all. */
    public @Nullable RecordingStatus status() {
        return status;
    }

    /** Page size, 1 to {@value #MAX_LIMIT}. */
    public int limit() {
        return limit;
    }

    /** The cursor of the page to read, or {@code null} for the first page. */
    public @Nullable String cursor() {
        return cursor;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecordingQuery q
                && Objects.equals(meetingId, q.meetingId)
                && status == q.status
                && limit == q.limit
                && Objects.equals(cursor, q.cursor);
    }

    @Override
    public int hashCode() {
        return Objects.hash(meetingId, status, limit, cursor);
    }

    @Override
    public String toString() {
        return "RecordingQuery{meetingId=" + meetingId + ", status=" + status + ", limit=" + limit + ", cursor="
                + (cursor == null ? "none" : "…") + '}';
    }

    /** Builds {@link RecordingQuery}. Not thread-safe. */
    public static final class Builder {
        private @Nullable UUID meetingId;
        private @Nullable RecordingStatus status;
        private int limit = DEFAULT_LIMIT;
        private @Nullable String cursor;

        private Builder() {}

        /** Filters by meeting. */
        public Builder meetingId(@Nullable UUID meetingId) {
            this.meetingId = meetingId;
            return this;
        }

        /** Filters by status. */
        public Builder status(@Nullable RecordingStatus status) {
            this.status = status;
            return this;
        }

        /**
         * Sets the page size.
         *
         * @throws IllegalArgumentException if not between 1 and {@value #MAX_LIMIT}
         */
        public Builder limit(int limit) {
            if (limit < 1 || limit > MAX_LIMIT) {
                throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ": " + limit);
            }
            this.limit = limit;
            return this;
        }

        /** Reads the page after the one that returned this cursor. */
        public Builder cursor(@Nullable String cursor) {
            this.cursor = cursor;
            return this;
        }

        /** Returns the query. */
        public RecordingQuery build() {
            return new RecordingQuery(this);
        }
    }
}
