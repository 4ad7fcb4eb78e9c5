package io.meetkit.spring.web;

import io.meetkit.PermissionDeniedException;
import io.meetkit.meeting.Meeting;
import io.meetkit.meeting.Permission;
import io.meetkit.meeting.PermissionSet;
import io.meetkit.participant.ParticipantRole;
import io.meetkit.participant.RolePolicy;
import java.util.Objects;
import org.springframework.security.core.Authentication;

/**
 * The meeting-level permission checks of the REST API, as OpenVidu Meet's {@code withRoomMemberPermission} and
 * {@code authorizeRecordingAccess} middlewares make them ({@code meet-ce/backend/src/middlewares/room-member.middleware.ts},
 * {@code recording.middleware.ts}): admins may do everything; a user may do what its role in the meeting
 * ({@link ParticipantRoleResolver}) has in that meeting ({@link ParticipantRole#in}: the meeting's override of the
 * role's permissions, less what the meeting's settings switch off). Reads the meeting as stored, so every instance
 * decides the same. Thread-safe.
 */
final class MeetingPermissions {

    private final ApiAuthorities authorities;
    private final ParticipantRoleResolver resolver;
    private final RolePolicy roles;

    MeetingPermissions(ApiAuthorities authorities, ParticipantRoleResolver resolver, RolePolicy roles) {
        this.authorities = Objects.requireNonNull(authorities, "authorities");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.roles = Objects.requireNonNull(roles, "roles");
    }

    /** Whether the caller holds the admin authority: full access to every meeting. */
    boolean isAdmin(Authentication auth) {
        return authorities.isAdmin(auth);
    }

    /**
     * Tells whether the caller may do what needs this permission in this meeting.
     *
     * @throws org.springframework.security.access.AccessDeniedException if the resolver refuses the user the meeting
     */
    boolean allows(Authentication auth, Meeting meeting, Permission permission) {
        if (authorities.isAdmin(auth)) {
            return true;
        }
        return permissions(auth, meeting).contains(permission);
    }

    /**
     * Refuses what the caller's role lacks in this meeting.
     *
     * @throws PermissionDeniedException ({@code permission_denied}, 403) if the role lacks the permission
     * @throws org.springframework.security.access.AccessDeniedException if the resolver refuses the user the meeting
     */
    void require(Authentication auth, Meeting meeting, Permission permission) {
        if (!allows(auth, meeting, permission)) {
            throw new PermissionDeniedException(
                    PermissionDeniedException.PERMISSION_DENIED,
                    "your role in meeting " + meeting.id() + " does not have the permission " + permission.key());
        }
    }

    /** The caller's role's permissions in this meeting; none for a role the role policy does not have. */
    private PermissionSet permissions(Authentication auth, Meeting meeting) {
        String role = resolver.resolve(auth, meeting);
        return roles.find(role).map(r -> r.in(meeting.settings()).permissions()).orElse(PermissionSet.none());
    }
}
