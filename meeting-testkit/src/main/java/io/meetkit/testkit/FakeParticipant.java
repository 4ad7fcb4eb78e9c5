package io.meetkit.testkit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.ParticipantPermission;
import org.jspecify.annotations.Nullable;

/**
 * Who joins a room in {@link FakeLiveKitServer#joinParticipant(String, FakeParticipant)}: identity, display name,
 * metadata, attributes, permission, kind and published tracks. Build one with {@link #builder(String)}.
 *
 * <p>Immutable and thread-safe; the builder is not thread-safe.
 */
public final class FakeParticipant {

    private final String identity;
    private final String name;
    private final String metadata;
    private final Map<String, String> attributes;
    private final @Nullable ParticipantPermission permission;
    private final ParticipantInfo.Kind kind;
    private final List<FakeTrack> tracks;

    private FakeParticipant(Builder b) {
        this.identity = b.identity;
        this.name = b.name;
        this.metadata = b.metadata;
        this.attributes = Map.copyOf(b.attributes);
        this.permission = b.permission;
        this.kind = b.kind;
        this.tracks = List.copyOf(b.tracks);
    }

    /**
     * Starts a participant with this identity.
     *
     * @param identity the LiveKit identity, not blank
     * @return a builder
     * @throws IllegalArgumentException if {@code identity} is blank
     */
    public static Builder builder(String identity) {
        return new Builder(identity);
    }

    /** @return the identity */
    public String identity() {
        return identity;
    }

    /** @return the display name (empty if none) */
    public String name() {
        return name;
    }

    /** @return the metadata (empty if none) */
    public String metadata() {
        return metadata;
    }

    /** @return the attributes, unmodifiable */
    public Map<String, String> attributes() {
        return attributes;
    }

    /** @return the permission, or null for LiveKit's default of a room-join token (subscribe, publish, data) */
    public @Nullable ParticipantPermission permission() {
        return permission;
    }

    /** @return the participant kind, STANDARD by default */
    public ParticipantInfo.Kind kind() {
        return kind;
    }

    /** @return the published tracks, unmodifiable */
    public List<FakeTrack> tracks() {
        return tracks;
    }

    /**
     * Builds a {@link FakeParticipant}. Not thread-safe.
     */
    public static final class Builder {
        private final String identity;
        private String name = "";
        private String metadata = "";
        private final Map<String, String> attributes = new LinkedHashMap<>();
        private @Nullable ParticipantPermission permission;
        private ParticipantInfo.Kind kind = ParticipantInfo.Kind.STANDARD;
        private final List<FakeTrack> tracks = new ArrayList<>();

        private Builder(String identity) {
            Objects.requireNonNull(identity, "identity");
            if (identity.isBlank()) {
                throw new IllegalArgumentException("identity must not be blank: '" + identity + "'");
            }
            this.identity = identity;
        }

        /**
         * Sets the display name.
         *
         * @param name the name, may be empty
         * @return this builder
         */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * Sets the metadata.
         *
         * @param metadata the metadata, often JSON, may be empty
         * @return this builder
         */
        public Builder metadata(String metadata) {
            this.metadata = Objects.requireNonNull(metadata, "metadata");
            return this;
        }

        /**
         * Adds an attribute.
         *
         * @param key   the key, not empty
         * @param value the value
         * @return this builder
         * @throws IllegalArgumentException if {@code key} is empty
         */
        public Builder attribute(String key, String value) {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
            if (key.isEmpty()) {
                throw new IllegalArgumentException("attribute key must not be empty");
            }
            attributes.put(key, value);
            return this;
        }

        /**
         * Sets the permission the participant has in the room.
         *
         * @param permission the permission
         * @return this builder
         */
        public Builder permission(ParticipantPermission permission) {
            this.permission = Objects.requireNonNull(permission, "permission");
            return this;
        }

        /**
         * Sets the participant kind, e.g. EGRESS or AGENT.
         *
         * @param kind the kind
         * @return this builder
         * @throws IllegalArgumentException if {@code kind} is UNRECOGNIZED
         */
        public Builder kind(ParticipantInfo.Kind kind) {
            Objects.requireNonNull(kind, "kind");
            if (kind == ParticipantInfo.Kind.UNRECOGNIZED) {
                throw new IllegalArgumentException("kind must be a real kind: " + kind);
            }
            this.kind = kind;
            return this;
        }

        /**
         * Adds published tracks.
         *
         * @param tracks the tracks
         * @return this builder
         */
        public Builder tracks(FakeTrack... tracks) {
            for (FakeTrack t : Arrays.asList(tracks)) {
                this.tracks.add(Objects.requireNonNull(t, "track"));
            }
            return this;
        }

        /**
         * Builds the participant.
         *
         * @return the participant
         */
        public FakeParticipant build() {
            return new FakeParticipant(this);
        }
    }
}
