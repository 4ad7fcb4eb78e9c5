package io.meetkit.meeting;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A change to a meeting's title, settings, end action, auto-deletion or attributes, guarded by the version the
 * caller last read: if someone else changed the meeting since, {@link MeetingManager#update} throws a conflict
 * with code {@code stale_version} instead of overwriting.
 */
public final class MeetingUpdate {

    private final long expectedVersion;
    private final @Nullable String title;
    private final @Nullable MeetingSettings settings;
    private final @Nullable EndAction endAction;
    private final boolean changeAutoDelete;
    private final @Nullable Instant autoDeleteAt;
    private final @Nullable DeletionPolicy autoDeletePolicy;
    private final @Nullable Map<String, String> attributes;

    private MeetingUpdate(Builder b) {
        this.expectedVersion = b.expectedVersion;
        this.title = b.title;
        this.settings = b.settings;
        this.endAction = b.endAction;
        this.changeAutoDelete = b.changeAutoDelete;
        this.autoDeleteAt = b.autoDeleteAt;
        this.autoDeletePolicy = b.autoDeletePolicy;
        this.attributes = b.attributes;
    }

    /**
     * Returns a builder for a change to the meeting as it was at {@code expectedVersion}.
     *
     * @param expectedVersion {@link Meeting#version()} as the caller read it
     */
    public static Builder builder(long expectedVersion) {
        return new Builder(expectedVersion);
    }

    /** The version the change is based on. */
    public long expectedVersion() {
        return expectedVersion;
    }

    /** The new title, or {@code null} to keep it. */
    public @Nullable String title() {
        return title;
    }

    /** The new settings, or {@code null} to keep them. */
    public @Nullable MeetingSettings settings() {
        return settings;
    }

    /** The new end action, or {@code null} to keep it. */
    public @Nullable EndAction endAction() {
        return endAction;
    }

    /** Whether the auto-deletion is changed (to {@link #autoDeleteAt()}, which may be {@code null} for never). */
    public boolean changesAutoDelete() {
        return changeAutoDelete;
    }

    /** The new auto-deletion time when {@link #changesAutoDelete()}; {@code null} removes it. */
    public @Nullable Instant autoDeleteAt() {
        return autoDeleteAt;
    }

    /** The new auto-deletion policy, or {@code null} to keep it. */
    public @Nullable DeletionPolicy autoDeletePolicy() {
        return autoDeletePolicy;
    }

    /** The new attributes (replacing all), or {@code null} to keep them. */
    public @Nullable Map<String, String> attributes() {
        return attributes;
    }

    /** Builds {@link MeetingUpdate}. Not thread-safe. */
    public static final class Builder {
        private final long expectedVersion;
        private @Nullable String title;
        private @Nullable MeetingSettings settings;
        private @Nullable EndAction endAction;
        private boolean changeAutoDelete;
        private @Nullable Instant autoDeleteAt;
        private @Nullable DeletionPolicy autoDeletePolicy;
        private @Nullable Map<String, String> attributes;

        private Builder(long expectedVersion) {
            if (expectedVersion < 0) {
                throw new IllegalArgumentException("expectedVersion must not be negative: " + expectedVersion);
            }
            this.expectedVersion = expectedVersion;
        }

        /** Changes the title. */
        public Builder title(String title) {
            this.title = Objects.requireNonNull(title, "title");
            return this;
        }

        /** Replaces the settings. */
        public Builder settings(MeetingSettings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /** Changes the end action. */
        public Builder endAction(EndAction endAction) {
            this.endAction = Objects.requireNonNull(endAction, "endAction");
            return this;
        }

        /** Sets a new auto-deletion time and policy. */
        public Builder autoDelete(Instant at, DeletionPolicy policy) {
            this.changeAutoDelete = true;
            this.autoDeleteAt = Objects.requireNonNull(at, "at");
            this.autoDeletePolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** Removes the auto-deletion. */
        public Builder noAutoDelete() {
            this.changeAutoDelete = true;
            this.autoDeleteAt = null;
            return this;
        }

        /** Replaces all application attributes. */
        public Builder attributes(Map<String, String> attributes) {
            this.attributes = Map.copyOf(attributes);
            return this;
        }

        /** Returns the update. */
        public MeetingUpdate build() {
            return new MeetingUpdate(this);
        }
    }
}
