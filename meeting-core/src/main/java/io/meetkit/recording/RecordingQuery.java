package io.meetkit.recording;

import io.meetkit.meeting.PageRequest;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Filters and a page position for {@link RecordingController#list(RecordingQuery)}. Results are newest first and
 * keyset paged: pass {@link io.meetkit.meeting.Page#nextCursor()} of one page as {@link Builder#cursor(String)} of
 * the next.
 */
public final class RecordingQuery {

    /** The largest page size ({@link PageRequest#MAX_LIMIT}). */
    public static final int MAX_LIMIT = PageRequest.MAX_LIMIT;
    /** The page size when none is given ({@link PageRequest#DEFAULT_LIMIT}). */
    public static final int DEFAULT_LIMIT = PageRequest.DEFAULT_LIMIT;

    private final @Nullable UUID meetingId;
    private final @Nullable RecordingStatus status;
    private final PageRequest page;

    private RecordingQuery(Builder b) {
        this.meetingId = b.meetingId;
        this.status = b.status;
        this.page = b.page;
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
        return page.limit();
    }

    /** The cursor of the page to read, or {@code null} for the first page. */
    public @Nullable String cursor() {
        return page.cursor();
    }

    /** The page part: size and cursor. */
    public PageRequest page() {
        return page;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecordingQuery q
                && Objects.equals(meetingId, q.meetingId)
                && status == q.status
                && page.equals(q.page);
    }

    @Override
    public int hashCode() {
        return Objects.hash(meetingId, status, page);
    }

    @Override
    public String toString() {
        return "RecordingQuery{meetingId=" + meetingId + ", status=" + status + ", " + page + '}';
    }

    /** Builds {@link RecordingQuery}. Not thread-safe. */
    public static final class Builder {
        private @Nullable UUID meetingId;
        private @Nullable RecordingStatus status;
        private PageRequest page = PageRequest.first();

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
            this.page = page.withLimit(limit);
            return this;
        }

        /** Reads the page after the one that returned this cursor. */
        public Builder cursor(@Nullable String cursor) {
            this.page = page.withCursor(cursor);
            return this;
        }

        /** Returns the query. */
        public RecordingQuery build() {
            return new RecordingQuery(this);
        }
    }
}
