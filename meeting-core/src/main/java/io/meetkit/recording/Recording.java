package io.meetkit.recording;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A recording of one meeting: the seed spec's Recording entity, backed by one LiveKit egress writing one MP4 file.
 * Immutable; stores rebuild it with {@link #builder()} and change it with {@link #toBuilder()}.
 */
public final class Recording {

    private final UUID id;
    private final UUID meetingId;
    private final @Nullable String egressId;
    private final RecordingStatus status;
    private final String objectKey;
    private final @Nullable String location;
    private final String startedBy;
    private final Instant createdAt;
    private final Instant updatedAt;
    private final @Nullable Instant startedAt;
    private final @Nullable Instant endedAt;
    private final @Nullable Duration duration;
    private final @Nullable Long sizeBytes;
    private final @Nullable String error;
    private final @Nullable Instant stopRequestedAt;
    private final long version;

    private Recording(Builder b) {
        this.id = Objects.requireNonNull(b.id, "id");
        this.meetingId = Objects.requireNonNull(b.meetingId, "meetingId");
        this.egressId = b.egressId;
        this.status = Objects.requireNonNull(b.status, "status");
        this.objectKey = Objects.requireNonNull(b.objectKey, "objectKey");
        this.location = b.location;
        this.startedBy = Objects.requireNonNull(b.startedBy, "startedBy");
        this.createdAt = Objects.requireNonNull(b.createdAt, "createdAt");
        this.updatedAt = Objects.requireNonNull(b.updatedAt, "updatedAt");
        this.startedAt = b.startedAt;
        this.endedAt = b.endedAt;
        this.duration = b.duration;
        this.sizeBytes = b.sizeBytes;
        this.error = b.error;
        this.stopRequestedAt = b.stopRequestedAt;
        if (b.version < 0) {
            throw new IllegalArgumentException("version must not be negative: " + b.version);
        }
        this.version = b.version;
    }

    /** Returns an empty builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns a builder holding this recording's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.id = id;
        b.meetingId = meetingId;
        b.egressId = egressId;
        b.status = status;
        b.objectKey = objectKey;
        b.location = location;
        b.startedBy = startedBy;
        b.createdAt = createdAt;
        b.updatedAt = updatedAt;
        b.startedAt = startedAt;
        b.endedAt = endedAt;
        b.duration = duration;
        b.sizeBytes = sizeBytes;
        b.error = error;
        b.stopRequestedAt = stopRequestedAt;
        b.version = version;
        return b;
    }

    /** The recording's id. */
    public UUID id() {
        return id;
    }

    /** The meeting it records. */
    public UUID meetingId() {
        return meetingId;
    }

    /** LiveKit's egress id, once the egress was started. */
    public Optional<String> egressId() {
        return Optional.ofNullable(egressId);
    }

    /** The status. */
    public RecordingStatus status() {
        return status;
    }

    /** The object key in the bucket: {@code <prefix>/<meetingId>/<recordingId>.mp4}. */
    public String objectKey() {
        return objectKey;
    }

    /** Where LiveKit says it stored the file, once it did. */
    public Optional<String> location() {
        return Optional.ofNullable(location);
    }

    /** The application user who started it. */
    public String startedBy() {
        return startedBy;
    }

    /** When the record was created. */
    public Instant createdAt() {
        return createdAt;
    }

    /** When the record last changed. */
    public Instant updatedAt() {
        return updatedAt;
    }

    /** When the egress started recording. */
    public Optional<Instant> startedAt() {
        return Optional.ofNullable(startedAt);
    }

    /** When the egress ended. */
    public Optional<Instant> endedAt() {
        return Optional.ofNullable(endedAt);
    }

    /** The file's media duration. */
    public Optional<Duration> duration() {
        return Optional.ofNullable(duration);
    }

    /** The file's size in bytes. */
    public Optional<Long> sizeBytes() {
        return Optional.ofNullable(sizeBytes);
    }

    /** LiveKit's error text when it failed. */
    public Optional<String> error() {
        return Optional.ofNullable(error);
    }

    /**
     * When a stop was asked for while the recording was STARTING: stored, so that whoever binds the egress (any
     * instance, its webhook or the stale-recordings job) stops it.
     */
    public Optional<Instant> stopRequestedAt() {
        return Optional.ofNullable(stopRequestedAt);
    }

    /** The optimistic-lock version; every stored change increments it. */
    public long version() {
        return version;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Recording r
                && id.equals(r.id)
                && meetingId.equals(r.meetingId)
                && Objects.equals(egressId, r.egressId)
                && status == r.status
                && objectKey.equals(r.objectKey)
                && Objects.equals(location, r.location)
                && startedBy.equals(r.startedBy)
                && createdAt.equals(r.createdAt)
                && updatedAt.equals(r.updatedAt)
                && Objects.equals(startedAt, r.startedAt)
                && Objects.equals(endedAt, r.endedAt)
                && Objects.equals(duration, r.duration)
                && Objects.equals(sizeBytes, r.sizeBytes)
                && Objects.equals(error, r.error)
                && Objects.equals(stopRequestedAt, r.stopRequestedAt)
                && version == r.version;
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, version);
    }

    @Override
    public String toString() {
        return "Recording{id=" + id + ", meetingId=" + meetingId + ", egressId=" + egressId + ", status=" + status
                + ", objectKey=" + objectKey + ", location=" + location + ", startedBy=" + startedBy
                + ", createdAt=" + createdAt + ", updatedAt=" + updatedAt + ", startedAt=" + startedAt
                + ", endedAt=" + endedAt + ", duration=" + duration + ", sizeBytes=" + sizeBytes
                + ", error=" + error + ", stopRequestedAt=" + stopRequestedAt + ", version=" + version + '}';
    }

    /** Builds a {@link Recording}. Not thread-safe. */
    public static final class Builder {
        private @Nullable UUID id;
        private @Nullable UUID meetingId;
        private @Nullable String egressId;
        private RecordingStatus status = RecordingStatus.STARTING;
        private @Nullable String objectKey;
        private @Nullable String location;
        private @Nullable String startedBy;
        private @Nullable Instant createdAt;
        private @Nullable Instant updatedAt;
        private @Nullable Instant startedAt;
        private @Nullable Instant endedAt;
        private @Nullable Duration duration;
        private @Nullable Long sizeBytes;
        private @Nullable String error;
        private @Nullable Instant stopRequestedAt;
        private long version;

        private Builder() {}

        /** Sets the id. */
        public Builder id(UUID id) {
            this.id = id;
            return this;
        }

        /** Sets the meeting. */
        public Builder meetingId(UUID meetingId) {
            this.meetingId = meetingId;
            return this;
        }

        /** Sets the egress id. */
        public Builder egressId(@Nullable String egressId) {
            this.egressId = egressId;
            return this;
        }

        /** Sets the status. */
        public Builder status(RecordingStatus status) {
            this.status = status;
            return this;
        }

        /** Sets the object key. */
        public Builder objectKey(String objectKey) {
            this.objectKey = objectKey;
            return this;
        }

        /** Sets the stored location. */
        public Builder location(@Nullable String location) {
            this.location = location;
            return this;
        }

        /** Sets who started it. */
        public Builder startedBy(String startedBy) {
            this.startedBy = startedBy;
            return this;
        }

        /** Sets the creation time. */
        public Builder createdAt(Instant createdAt) {
            this.createdAt = createdAt;
            return this;
        }

        /** Sets the time of the last change. */
        public Builder updatedAt(Instant updatedAt) {
            this.updatedAt = updatedAt;
            return this;
        }

        /** Sets when recording started. */
        public Builder startedAt(@Nullable Instant startedAt) {
            this.startedAt = startedAt;
            return this;
        }

        /** Sets when recording ended. */
        public Builder endedAt(@Nullable Instant endedAt) {
            this.endedAt = endedAt;
            return this;
        }

        /** Sets the media duration. */
        public Builder duration(@Nullable Duration duration) {
            this.duration = duration;
            return this;
        }

        /** Sets the file size. */
        public Builder sizeBytes(@Nullable Long sizeBytes) {
            this.sizeBytes = sizeBytes;
            return this;
        }

        /** Sets the error text. */
        public Builder error(@Nullable String error) {
            this.error = error;
            return this;
        }

        /** Sets when a stop was requested while the recording was starting. */
        public Builder stopRequestedAt(@Nullable Instant stopRequestedAt) {
            this.stopRequestedAt = stopRequestedAt;
            return this;
        }

        /** Sets the version. */
        public Builder version(long version) {
            this.version = version;
            return this;
        }

        /**
         * Returns the recording.
         *
         * @throws NullPointerException naming the first missing required field
         */
        public Recording build() {
            return new Recording(this);
        }
    }
}
