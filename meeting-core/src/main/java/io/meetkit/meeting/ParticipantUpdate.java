package io.meetkit.meeting;

import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A change to a connected participant: metadata, display name, permissions and attributes; fields left unset are
 * kept. Built with {@link #builder()}.
 */
public final class ParticipantUpdate {

    private final @Nullable String metadata;
    private final @Nullable String name;
    private final @Nullable ParticipantPermissions permissions;
    private final Map<String, String> attributes;

    private ParticipantUpdate(Builder b) {
        this.metadata = b.metadata;
        this.name = b.name;
        this.permissions = b.permissions;
        this.attributes = Map.copyOf(b.attributes);
    }

    /** Returns an empty builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The new metadata, or {@code null} to keep it. */
    public @Nullable String metadata() {
        return metadata;
    }

    /** The new display name, or {@code null} to keep it. */
    public @Nullable String name() {
        return name;
    }

    /** The new permissions, or {@code null} to keep them. */
    public @Nullable ParticipantPermissions permissions() {
        return permissions;
    }

    /** Attributes to set; an empty value deletes the attribute (LiveKit's rule). */
    public Map<String, String> attributes() {
        return attributes;
    }

    /** Builds {@link ParticipantUpdate}. Not thread-safe. */
    public static final class Builder {
        private @Nullable String metadata;
        private @Nullable String name;
        private @Nullable ParticipantPermissions permissions;
        private Map<String, String> attributes = Map.of();

        private Builder() {}

        /** Sets the metadata. */
        public Builder metadata(String metadata) {
            this.metadata = Objects.requireNonNull(metadata, "metadata");
            return this;
        }

        /** Sets the display name. */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /** Sets the permissions. */
        public Builder permissions(ParticipantPermissions permissions) {
            this.permissions = Objects.requireNonNull(permissions, "permissions");
            return this;
        }

        /** Sets attributes; an empty value deletes one. */
        public Builder attributes(Map<String, String> attributes) {
            this.attributes = Map.copyOf(attributes);
            return this;
        }

        /** Returns the update. */
        public ParticipantUpdate build() {
            return new ParticipantUpdate(this);
        }
    }
}
