package io.meetkit.participant;

import io.meetkit.meeting.PermissionSet;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The claims of a participant token that {@link ParticipantTokens#verify(String)} accepted: its signature, algorithm,
 * issuer and validity window are already checked.
 *
 * @param issuer {@code iss}, the API key
 * @param identity {@code sub}, or {@code null} if absent
 * @param displayName {@code name}, or {@code null} if absent
 * @param room the {@code video} grant's room, or {@code null} if absent
 * @param canJoin the {@code video} grant's {@code roomJoin}
 * @param selectedRole the role selected in the metadata, or {@code null} if the metadata is not MeetKit's
 * @param roles the roles held, from the metadata, in order; empty if the metadata is not MeetKit's
 * @param permissions the former app permissions of the selected role, from the metadata, or {@code null}
 * @param rolePermissions the permission set of the selected role, from the metadata, or {@code null}; a token
 *     signed before the permission sets has only the former keys, read as {@link AppPermissions#toPermissionSet}
 *     of a publisher would
 * @param notBefore {@code nbf}, or {@code null} if absent
 * @param expiresAt {@code exp}
 * @param metadata the raw {@code metadata} claim, empty if absent
 */
public record ParticipantClaims(
        String issuer,
        @Nullable String identity,
        @Nullable String displayName,
        @Nullable String room,
        boolean canJoin,
        @Nullable String selectedRole,
        List<String> roles,
        @Nullable AppPermissions permissions,
        @Nullable PermissionSet rolePermissions,
        @Nullable Instant notBefore,
        Instant expiresAt,
        String metadata) {

    /** Validates and copies the components. */
    public ParticipantClaims {
        Objects.requireNonNull(issuer, "issuer");
        roles = List.copyOf(roles);
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(metadata, "metadata");
    }

    /** Returns the selected role, if the metadata names one. */
    public Optional<String> role() {
        return Optional.ofNullable(selectedRole);
    }
}
