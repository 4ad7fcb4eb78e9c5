package io.meetkit.meeting;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Filters and a page position for {@link MeetingManager#list(MeetingQuery)}. Results are newest first and keyset
 * paged: pass {@link Page#nextCursor()} of one page as {@link Builder#cursor(String)} of the next.
 */
public final class MeetingQuery {

    /** The largest page size ({@link PageRequest#MAX_LIMIT}). */
    public static final int MAX_LIMIT = PageRequest.MAX_LIMIT;
    /** The page size when none is given ({@link PageRequest#DEFAULT_LIMIT}). */
    public static final int DEFAULT_LIMIT = PageRequest.DEFAULT_LIMIT;

    private final @Nullable MeetingStatus status;
    private final @Nullable String createdBy;
    private final @Nullable String titleContains;
    private final PageRequest page;

    private MeetingQuery(Builder b) {
        this.status = b.status;
        this.createdBy = b.createdBy;
        this.titleContains = b.titleContains;
        this.page = b.page;
    }

    /** Returns a builder: no filters, {@value #DEFAULT_LIMIT} per page, first page. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the first page of all meetings, {@value #DEFAULT_LIMIT} per page. */
    public static MeetingQuery firstPage() {
        return builder().build();
    }

    /** Only meetings in this status, or {@code null} for all. */
    public @Nullable MeetingStatus status() {
        return status;
    }

    /** Only meetings created by this user, or {@code null} for all. */
    public @Nullable String createdBy() {
        return createdBy;
    }

    /** Only meetings whose title contains this text, case-insensitively, or {@code null} for all. */
    public @Nullable String titleContains() {
        return titleContains;
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

    /** Builds {@link MeetingQuery}. Not thread-safe. */
    public static final class Builder {
        private @Nullable MeetingStatus status;
        private @Nullable String createdBy;
        private @Nullable String titleContains;
        private PageRequest page = PageRequest.first();

        private Builder() {}

        /** Filters by status. */
        public Builder status(@Nullable MeetingStatus status) {
            this.status = status;
            return this;
        }

        /** Filters by creator. */
        public Builder createdBy(@Nullable String createdBy) {
            this.createdBy = createdBy;
            return this;
        }

        /** Filters by a case-insensitive substring of the title. */
        public Builder titleContains(@Nullable String titleContains) {
            this.titleContains = titleContains;
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
        public MeetingQuery build() {
            return new MeetingQuery(this);
        }
    }

    @Override
    public String toString() {
        return "MeetingQuery{status=" + status + ", createdBy=" + createdBy + ", titleContains=" + titleContains + ", "
                + page + '}';
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MeetingQuery q
                && status == q.status
                && Objects.equals(createdBy, q.createdBy)
                && Objects.equals(titleContains, q.titleContains)
                && page.equals(q.page);
    }

    @Override
    public int hashCode() {
        return Objects.hash(status, createdBy, titleContains, page);
    }
}
