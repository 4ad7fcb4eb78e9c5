package io.meetkit.meeting;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A request to create a meeting. {@code title} and {@code createdBy} are required; everything else has a default.
 * The content is validated by {@link MeetingManager#create(CreateMeeting)}, which names every bad field.
 */
public final class CreateMeeting {

    private final String title;
    private final String createdBy;
    private final MeetingSettings settings;
    private final EndAction endAction;
    private final @Nullable Instant autoDeleteAt;
    private final DeletionPolicy autoDeletePolicy;
    private final Map<String, String> attributes;

    private CreateMeeting(Builder b) {
        this.title = Objects.requireNonNull(b.title, "title");
        this.createdBy = Objects.requireNonNull(b.createdBy, "createdBy");
        this.settings = b.settings;
        this.endAction = b.endAction;
        this.autoDeleteAt = b.autoDeleteAt;
        this.autoDeletePolicy = b.autoDeletePolicy;
        this.attributes = Map.copyOf(b.attributes);
    }

    /**
     * Returns a builder.
     *
     * @param title the meeting's title, shown to people; its slug starts the LiveKit room name
     * @param createdBy the id of the application user who creates it
     */
    public static Builder builder(String title, String createdBy) {
        return new Builder(title, createdBy);
    }

    /** The title. */
    public String title() {
        return title;
    }

    /** The creating application user's id. */
    public String createdBy() {
        return createdBy;
    }

    /** The settings. */
    public MeetingSettings settings() {
        return settings;
    }

    /** What happens when the live meeting ends. */
    public EndAction endAction() {
        return endAction;
    }

    /** When the meeting deletes itself, or {@code null} for never. */
    public @Nullable Instant autoDeleteAt() {
        return autoDeleteAt;
    }

    /** How the auto-deletion treats a live meeting and recordings. */
    public DeletionPolicy autoDeletePolicy() {
        return autoDeletePolicy;
    }

    /** Application attributes stored with the meeting. */
    public Map<String, String> attributes() {
        return attributes;
    }

    /** Builds {@link CreateMeeting}. Not thread-safe. */
    public static final class Builder {
        private final String title;
        private final String createdBy;
        private MeetingSettings settings = MeetingSettings.defaults();
        private EndAction endAction = EndAction.NONE;
        private @Nullable Instant autoDeleteAt;
        private DeletionPolicy autoDeletePolicy = DeletionPolicy.DEFAULT_AUTO_DELETE;
        private final Map<String, String> attributes = new LinkedHashMap<>();

        private Builder(String title, String createdBy) {
            this.title = Objects.requireNonNull(title, "title");
            this.createdBy = Objects.requireNonNull(createdBy, "createdBy");
        }

        /** Sets the settings (default {@link MeetingSettings#defaults()}). */
        public Builder settings(MeetingSettings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /** Sets what happens when the live meeting ends (default {@link EndAction#NONE}). */
        public Builder endAction(EndAction endAction) {
            this.endAction = Objects.requireNonNull(endAction, "endAction");
            return this;
        }

        /**
         * Makes the meeting delete itself at {@code at} under {@code policy}; the policy may not use {@code FAIL}
         * for a live meeting, because nobody would see the failure.
         */
        public Builder autoDelete(Instant at, DeletionPolicy policy) {
            this.autoDeleteAt = Objects.requireNonNull(at, "at");
            this.autoDeletePolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** Adds an application attribute. */
        public Builder attribute(String key, String value) {
            attributes.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Adds application attributes. */
        public Builder attributes(Map<String, String> attributes) {
            attributes.forEach(this::attribute);
            return this;
        }

        /** Returns the request. */
        public CreateMeeting build() {
            return new CreateMeeting(this);
        }
    }
}
