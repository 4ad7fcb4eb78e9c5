package io.meetkit.participant;

import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What {@link ParticipantTokens#issue(java.util.UUID, TokenRequest)} is asked for: a display name, a role (by name or
 * through one of the meeting's role secrets), and optionally an identity, LiveKit attributes and the participant's
 * previous token.
 *
 * <pre>{@code
 * TokenRequest.of("Alice", "SPEAKER");
 * TokenRequest.builder().displayName("Bob").secret(secretFromLink).identity("user-42").build();
 * TokenRequest.builder().secret(secretFromLink).build();   // no display name: identifies the role, cannot join
 * TokenRequest.builder().displayName("Carol").role("SPEAKER").initialVideoEnabled(false).build(); // camera off
 * }</pre>
 *
 * <p>The builder only collects values; {@code issue} validates them and reports every bad field at once in an
 * {@link io.meetkit.InvalidRequestException}, because they usually come straight from an HTTP request. Immutable;
 * {@link #toString()} never shows the secret or the previous token.
 */
public final class TokenRequest {

    private final @Nullable String displayName;
    private final @Nullable String role;
    private final @Nullable String secret;
    private final @Nullable String identity;
    private final Map<String, String> attributes;
    private final @Nullable String previousToken;
    private final @Nullable Boolean initialAudioEnabled;
    private final @Nullable Boolean initialVideoEnabled;

    private TokenRequest(Builder b) {
        this.initialAudioEnabled = b.initialAudioEnabled;
        this.initialVideoEnabled = b.initialVideoEnabled;
        this.displayName = b.displayName;
        this.role = b.role;
        this.secret = b.secret;
        this.identity = b.identity;
        this.attributes = b.attributes;
        this.previousToken = b.previousToken;
    }

    /**
     * Returns a request for a display name and a role name.
     *
     * @param displayName the name others see
     * @param role a role of the {@link RolePolicy}, for example {@code SPEAKER}
     * @return the request
     */
    public static TokenRequest of(String displayName, String role) {
        return builder().displayName(displayName).role(role).build();
    }

    /** Returns an empty builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The display name as given, or {@code null} for a token that identifies a role but cannot join. */
    public @Nullable String displayName() {
        return displayName;
    }

    /** The role name as given, or {@code null} when a {@link #secret()} selects the role. */
    public @Nullable String role() {
        return role;
    }

    /** The meeting's moderator or speaker secret, or {@code null} when a {@link #role()} is named. */
    public @Nullable String secret() {
        return secret;
    }

    /** The identity the application chose, or {@code null} to use the reserved display name. */
    public @Nullable String identity() {
        return identity;
    }

    /** LiveKit participant attributes to put into the token; empty for none. */
    public Map<String, String> attributes() {
        return attributes;
    }

    /**
     * A token this meeting issued to the same participant before, or {@code null}: its roles are carried over into the
     * new token's list of roles held (as OpenVidu Meet does with its token cookie).
     */
    public @Nullable String previousToken() {
        return previousToken;
    }

    /**
     * This join's override of the meeting's {@link io.meetkit.meeting.MeetingSettings#initialAudioEnabled()}, or
     * {@code null} to use the meeting's; carried in the token metadata as {@code initialAudioEnabled}.
     */
    public @Nullable Boolean initialAudioEnabled() {
        return initialAudioEnabled;
    }

    /**
     * This join's override of the meeting's {@link io.meetkit.meeting.MeetingSettings#initialVideoEnabled()}, or
     * {@code null} to use the meeting's; carried in the token metadata as {@code initialVideoEnabled}.
     */
    public @Nullable Boolean initialVideoEnabled() {
        return initialVideoEnabled;
    }

    @Override
    public String toString() {
        return "TokenRequest{displayName=" + displayName + ", role=" + role + ", secret="
                + (secret == null ? "none" : "****")
                + ", identity=" + identity + ", attributes=" + attributes.keySet()
                + (previousToken == null ? "" : ", previousToken=****")
                + (initialAudioEnabled == null ? "" : ", initialAudioEnabled=" + initialAudioEnabled)
                + (initialVideoEnabled == null ? "" : ", initialVideoEnabled=" + initialVideoEnabled) + '}';
    }

    /** Collects a {@link TokenRequest}. Not thread-safe. */
    public static final class Builder {
        private @Nullable String displayName;
        private @Nullable String role;
        private @Nullable String secret;
        private @Nullable String identity;
        private Map<String, String> attributes = Map.of();
        private @Nullable String previousToken;
        private @Nullable Boolean initialAudioEnabled;
        private @Nullable Boolean initialVideoEnabled;

        private Builder() {}

        /**
         * Overrides the meeting's initial microphone state for this join ({@code null}, the default: the meeting's).
         */
        public Builder initialAudioEnabled(@Nullable Boolean enabled) {
            this.initialAudioEnabled = enabled;
            return this;
        }

        /** Overrides the meeting's initial camera state for this join ({@code null}, the default: the meeting's). */
        public Builder initialVideoEnabled(@Nullable Boolean enabled) {
            this.initialVideoEnabled = enabled;
            return this;
        }

        /** Sets the display name; without one the token identifies a role but cannot join. */
        public Builder displayName(@Nullable String displayName) {
            this.displayName = displayName;
            return this;
        }

        /** Names the role; give either a role or a {@link #secret(String)}. */
        public Builder role(@Nullable String role) {
            this.role = role;
            return this;
        }

        /** Names the role by its {@link ParticipantRole#name()}. */
        public Builder role(ParticipantRole role) {
            this.role = Objects.requireNonNull(role, "role").name();
            return this;
        }

        /** Sets one of the meeting's role secrets instead of a role; an unknown secret is refused. */
        public Builder secret(@Nullable String secret) {
            this.secret = secret;
            return this;
        }

        /** Sets the participant identity (default: the reserved display name). */
        public Builder identity(@Nullable String identity) {
            this.identity = identity;
            return this;
        }

        /** Sets LiveKit participant attributes (copied). */
        public Builder attributes(Map<String, String> attributes) {
            this.attributes = Map.copyOf(Objects.requireNonNull(attributes, "attributes"));
            return this;
        }

        /** Sets the participant's previous token of this meeting, whose roles are carried over. */
        public Builder previousToken(@Nullable String previousToken) {
            this.previousToken = previousToken;
            return this;
        }

        /** Returns the request; {@code issue} validates it. */
        public TokenRequest build() {
            return new TokenRequest(this);
        }
    }
}
