package io.meetkit.meeting;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A persistent meeting: the seed spec's Meeting entity, on top of one LiveKit room.
 *
 * <p>Immutable. Applications read it from {@link MeetingManager}; stores rebuild it with {@link #builder()} and
 * change it with {@link #toBuilder()}. {@link #toString()} leaves out the role secrets.
 */
public final class Meeting {

    private final UUID id;
    private final String roomName;
    private final String title;
    private final String createdBy;
    private final MeetingStatus status;
    private final EndAction endAction;
    private final MeetingSettings settings;
    private final @Nullable Instant autoDeleteAt;
    private final DeletionPolicy autoDeletePolicy;
    private final Map<String, String> attributes;
    private final String moderatorSecret;
    private final String speakerSecret;
    private final Instant createdAt;
    private final Instant updatedAt;
    private final @Nullable Instant startedAt;
    private final @Nullable Instant endedAt;
    private final @Nullable String roomSid;
    private final long version;

    private Meeting(Builder b) {
        this.id = Objects.requireNonNull(b.id, "id");
        this.roomName = Objects.requireNonNull(b.roomName, "roomName");
        this.title = Objects.requireNonNull(b.title, "title");
        this.createdBy = Objects.requireNonNull(b.createdBy, "createdBy");
        this.status = Objects.requireNonNull(b.status, "status");
        this.endAction = Objects.requireNonNull(b.endAction, "endAction");
        this.settings = Objects.requireNonNull(b.settings, "settings");
        this.autoDeleteAt = b.autoDeleteAt;
        this.autoDeletePolicy = Objects.requireNonNull(b.autoDeletePolicy, "autoDeletePolicy");
        this.attributes = Map.copyOf(b.attributes);
        this.moderatorSecret = Objects.requireNonNull(b.moderatorSecret, "moderatorSecret");
        this.speakerSecret = Objects.requireNonNull(b.speakerSecret, "speakerSecret");
        this.createdAt = Objects.requireNonNull(b.createdAt, "createdAt");
        this.updatedAt = Objects.requireNonNull(b.updatedAt, "updatedAt");
        this.startedAt = b.startedAt;
        this.endedAt = b.endedAt;
        this.roomSid = b.roomSid;
        if (b.version < 0) {
            throw new IllegalArgumentException("version must not be negative: " + b.version);
        }
        this.version = b.version;
    }

    /** Returns an empty builder, for stores that read a meeting back. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns a builder holding this meeting's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.id = id;
        b.roomName = roomName;
        b.title = title;
        b.createdBy = createdBy;
        b.status = status;
        b.endAction = endAction;
        b.settings = settings;
        b.autoDeleteAt = autoDeleteAt;
        b.autoDeletePolicy = autoDeletePolicy;
        b.attributes = attributes;
        b.moderatorSecret = moderatorSecret;
        b.speakerSecret = speakerSecret;
        b.createdAt = createdAt;
        b.updatedAt = updatedAt;
        b.startedAt = startedAt;
        b.endedAt = endedAt;
        b.roomSid = roomSid;
        b.version = version;
        return b;
    }

    /** The meeting's id. */
    public UUID id() {
        return id;
    }

    /** The LiveKit room name: a readable slug of the title plus a random suffix; unique. */
    public String roomName() {
        return roomName;
    }

    /** The title. */
    public String title() {
        return title;
    }

    /** The id of the application user who created it. */
    public String createdBy() {
        return createdBy;
    }

    /** Where the meeting is in its life. */
    public MeetingStatus status() {
        return status;
    }

    /** What happens when the live meeting ends. */
    public EndAction endAction() {
        return endAction;
    }

    /** The settings. */
    public MeetingSettings settings() {
        return settings;
    }

    /** When the meeting deletes itself, if ever. */
    public Optional<Instant> autoDeleteAt() {
        return Optional.ofNullable(autoDeleteAt);
    }

    /** How auto-deletion treats a live meeting and recordings. */
    public DeletionPolicy autoDeletePolicy() {
        return autoDeletePolicy;
    }

    /** Application attributes. */
    public Map<String, String> attributes() {
        return attributes;
    }

    /** The secret of the moderator role link; a token request may carry it instead of a role. */
    public String moderatorSecret() {
        return moderatorSecret;
    }

    /** The secret of the speaker role link; a token request may carry it instead of a role. */
    public String speakerSecret() {
        return speakerSecret;
    }

    /** When it was created. */
    public Instant createdAt() {
        return createdAt;
    }

    /** When it last changed. */
    public Instant updatedAt() {
        return updatedAt;
    }

    /** When the current or last live meeting started. */
    public Optional<Instant> startedAt() {
        return Optional.ofNullable(startedAt);
    }

    /** When the last live meeting ended; empty while the first is live or before any. */
    public Optional<Instant> endedAt() {
        return Optional.ofNullable(endedAt);
    }

    /**
     * When the current room session reaches the meeting's {@link MeetingSettings#maxDurationMinutes() duration
     * limit}: its start ({@link #startedAt()}, LiveKit's clock) plus the limit. The maintenance job
     * {@code meetkit.meeting-max-duration} ends the meeting once MeetKit's clock has reached it.
     *
     * @return the instant, or empty when the meeting has no limit, is not ACTIVE, or has no live session with a known
     *     start
     */
    public Optional<Instant> maxDurationReachedAt() {
        if (status != MeetingStatus.ACTIVE || startedAt == null || endedAt != null) {
            return Optional.empty();
        }
        return settings.maxDuration().map(startedAt::plus);
    }

    /** The LiveKit room session id ({@code RM_…}) of the current or last live meeting. */
    public Optional<String> roomSid() {
        return Optional.ofNullable(roomSid);
    }

    /** The optimistic-lock version; every stored change increments it. */
    public long version() {
        return version;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Meeting m
                && id.equals(m.id)
                && roomName.equals(m.roomName)
                && title.equals(m.title)
                && createdBy.equals(m.createdBy)
                && status == m.status
                && endAction == m.endAction
                && settings.equals(m.settings)
                && Objects.equals(autoDeleteAt, m.autoDeleteAt)
                && autoDeletePolicy.equals(m.autoDeletePolicy)
                && attributes.equals(m.attributes)
                && moderatorSecret.equals(m.moderatorSecret)
                && speakerSecret.equals(m.speakerSecret)
                && createdAt.equals(m.createdAt)
                && updatedAt.equals(m.updatedAt)
                && Objects.equals(startedAt, m.startedAt)
                && Objects.equals(endedAt, m.endedAt)
                && Objects.equals(roomSid, m.roomSid)
                && version == m.version;
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, version);
    }

    @Override
    public String toString() {
        return "Meeting{id=" + id + ", roomName=" + roomName + ", title=" + title + ", createdBy=" + createdBy
                + ", status=" + status + ", endAction=" + endAction + ", settings=" + settings
                + ", autoDeleteAt=" + autoDeleteAt + ", autoDeletePolicy=" + autoDeletePolicy
                + ", attributes=" + attributes + ", createdAt=" + createdAt + ", updatedAt=" + updatedAt
                + ", startedAt=" + startedAt + ", endedAt=" + endedAt + ", roomSid=" + roomSid
                + ", version=" + version + '}';
    }

    /** Builds a {@link Meeting}; every field but the optional ones is required. Not thread-safe. */
    public static final class Builder {
        private @Nullable UUID id;
        private @Nullable String roomName;
        private @Nullable String title;
        private @Nullable String createdBy;
        private MeetingStatus status = MeetingStatus.OPEN;
        private EndAction endAction = EndAction.NONE;
        private MeetingSettings settings = MeetingSettings.defaults();
        private @Nullable Instant autoDeleteAt;
        private DeletionPolicy autoDeletePolicy = DeletionPolicy.DEFAULT_AUTO_DELETE;
        private Map<String, String> attributes = Map.of();
        private @Nullable String moderatorSecret;
        private @Nullable String speakerSecret;
        private @Nullable Instant createdAt;
        private @Nullable Instant updatedAt;
        private @Nullable Instant startedAt;
        private @Nullable Instant endedAt;
        private @Nullable String roomSid;
        private long version;

        private Builder() {}

        /** Sets the id. */
        public Builder id(UUID id) {
            this.id = id;
            return this;
        }

        /** Sets the LiveKit room name. */
        public Builder roomName(String roomName) {
            this.roomName = roomName;
            return this;
        }

        /** Sets the title. */
        public Builder title(String title) {
            this.title = title;
            return this;
        }

        /** Sets the creator. */
        public Builder createdBy(String createdBy) {
            this.createdBy = createdBy;
            return this;
        }

        /** Sets the status. */
        public Builder status(MeetingStatus status) {
            this.status = status;
            return this;
        }

        /** Sets the end action. */
        public Builder endAction(EndAction endAction) {
            this.endAction = endAction;
            return this;
        }

        /** Sets the settings. */
        public Builder settings(MeetingSettings settings) {
            this.settings = settings;
            return this;
        }

        /** Sets the auto-deletion time, {@code null} for never. */
        public Builder autoDeleteAt(@Nullable Instant autoDeleteAt) {
            this.autoDeleteAt = autoDeleteAt;
            return this;
        }

        /** Sets the auto-deletion policy. */
        public Builder autoDeletePolicy(DeletionPolicy autoDeletePolicy) {
            this.autoDeletePolicy = autoDeletePolicy;
            return this;
        }

        /** Sets the application attributes. */
        public Builder attributes(Map<String, String> attributes) {
            this.attributes = Map.copyOf(attributes);
            return this;
        }

        /** Sets the moderator role-link secret. */
        public Builder moderatorSecret(String moderatorSecret) {
            this.moderatorSecret = moderatorSecret;
            return this;
        }

        /** Sets the speaker role-link secret. */
        public Builder speakerSecret(String speakerSecret) {
            this.speakerSecret = speakerSecret;
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

        /** Sets when the current or last live meeting started. */
        public Builder startedAt(@Nullable Instant startedAt) {
            this.startedAt = startedAt;
            return this;
        }

        /** Sets when the last live meeting ended. */
        public Builder endedAt(@Nullable Instant endedAt) {
            this.endedAt = endedAt;
            return this;
        }

        /** Sets the LiveKit room session id. */
        public Builder roomSid(@Nullable String roomSid) {
            this.roomSid = roomSid;
            return this;
        }

        /** Sets the version. */
        public Builder version(long version) {
            this.version = version;
            return this;
        }

        /**
         * Returns the meeting.
         *
         * @throws NullPointerException naming the first missing required field
         */
        public Meeting build() {
            return new Meeting(this);
        }
    }
}
