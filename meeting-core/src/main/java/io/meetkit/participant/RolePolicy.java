package io.meetkit.participant;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The roles participants can hold. {@link #defaults()} has OpenVidu Meet's {@link ParticipantRole#MODERATOR} and
 * {@link ParticipantRole#SPEAKER}, and the webinar audience {@link ParticipantRole#VIEWER}; applications add roles,
 * or redefine these, without forking:
 *
 * <pre>{@code
 * RolePolicy roles = RolePolicy.builder()
 *         .role(ParticipantRole.VIEWER.withHidden(true))
 *         .role(new ParticipantRole("PRESENTER", ParticipantPermissions.PUBLISHER,
 *                 PermissionSet.VIEWER.with(Permission.MEDIA_SHARE_SCREEN)))
 *         .build();
 * }</pre>
 *
 * <p>Role names are compared case-insensitively ({@code speaker} finds {@code SPEAKER}). A policy always has a
 * MODERATOR and a SPEAKER role, because each meeting's moderator and speaker secrets resolve to them. Immutable and
 * thread-safe.
 */
public final class RolePolicy {

    private static final RolePolicy DEFAULTS = builder().build();

    private final Map<String, ParticipantRole> byKey;
    private final List<ParticipantRole> roles;

    private RolePolicy(Builder b) {
        this.byKey = Collections.unmodifiableMap(new LinkedHashMap<>(b.byKey));
        this.roles = List.copyOf(b.byKey.values());
    }

    /** Returns the default policy: MODERATOR and SPEAKER as OpenVidu Meet defines them, and VIEWER. */
    public static RolePolicy defaults() {
        return DEFAULTS;
    }

    /** Returns a builder that starts with the default MODERATOR, SPEAKER and VIEWER roles. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Finds a role by name, case-insensitively.
     *
     * @param name the role name
     * @return the role, or empty if the policy has no such role
     */
    public Optional<ParticipantRole> find(String name) {
        Objects.requireNonNull(name, "name");
        ParticipantRole exact = byKey.get(name);
        if (exact != null) {
            return Optional.of(exact);
        }
        return Optional.ofNullable(byKey.get(key(name)));
    }

    /** Returns the moderator role (the one the meeting's moderator secret resolves to). */
    public ParticipantRole moderator() {
        return byKey.get(ParticipantRole.MODERATOR_NAME);
    }

    /** Returns the speaker role (the one the meeting's speaker secret resolves to). */
    public ParticipantRole speaker() {
        return byKey.get(ParticipantRole.SPEAKER_NAME);
    }

    /** Returns every role, MODERATOR, SPEAKER and VIEWER first, then the others in the order they were added. */
    public List<ParticipantRole> roles() {
        return roles;
    }

    @Override
    public String toString() {
        List<String> names = new ArrayList<>(roles.size());
        roles.forEach(r -> names.add(r.name()));
        return "RolePolicy" + names;
    }

    private static String key(String name) {
        return name.toUpperCase(Locale.ROOT);
    }

    /** Builds a {@link RolePolicy}; starts with MODERATOR, SPEAKER and VIEWER. Not thread-safe. */
    public static final class Builder {
        private final LinkedHashMap<String, ParticipantRole> byKey = new LinkedHashMap<>();

        private Builder() {
            role(ParticipantRole.MODERATOR);
            role(ParticipantRole.SPEAKER);
            role(ParticipantRole.VIEWER);
        }

        /**
         * Adds a role, or replaces the role of the same name (case-insensitively), for example to redefine SPEAKER.
         *
         * @param role the role
         * @return this builder
         */
        public Builder role(ParticipantRole role) {
            Objects.requireNonNull(role, "role");
            byKey.put(key(role.name()), role);
            return this;
        }

        /**
         * Returns the policy.
         *
         * @return the policy
         */
        public RolePolicy build() {
            return new RolePolicy(this);
        }
    }
}
