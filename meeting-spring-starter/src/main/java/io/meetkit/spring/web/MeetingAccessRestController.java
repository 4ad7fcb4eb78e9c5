package io.meetkit.spring.web;

import io.meetkit.InvalidRequestException.Violation;
import io.meetkit.meeting.LiveTrack;
import io.meetkit.meeting.Meeting;
import io.meetkit.meeting.MeetingManager;
import io.meetkit.meeting.Permission;
import io.meetkit.meeting.PermissionSet;
import io.meetkit.participant.ParticipantRole;
import io.meetkit.participant.RolePolicy;
import io.meetkit.spring.web.ApiModels.MeetingRolePermissionsView;
import io.meetkit.spring.web.ApiModels.MeetingView;
import io.meetkit.spring.web.ApiModels.MuteBody;
import io.meetkit.spring.web.ApiModels.MutedTracksView;
import io.meetkit.spring.web.ApiModels.RolePermissionsChangeBody;
import io.meetkit.spring.web.ApiModels.RolePermissionsView;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A meeting's access and media moderation: new role secrets, the role permissions (read, change with the meeting's
 * version), mute one track, mute all non-moderators. Thread-safe.
 */
@RestController
@RequestMapping(path = "/api/meetings/{id}", produces = "application/json")
class MeetingAccessRestController {

    private final MeetingManager meetings;
    private final RolePolicy roles;
    private final MeetingPermissions access;

    MeetingAccessRestController(MeetingManager meetings, RolePolicy roles, MeetingPermissions access) {
        this.meetings = Objects.requireNonNull(meetings, "meetings");
        this.roles = Objects.requireNonNull(roles, "roles");
        this.access = Objects.requireNonNull(access, "access");
    }

    /** New moderator and speaker secrets: links with the old ones stop working. */
    @PostMapping("/rotate-secrets")
    MeetingView rotateSecrets(@PathVariable UUID id, Authentication auth) {
        access.require(auth, meetings.require(id), Permission.ROOM_SHARE_ACCESS_LINKS);
        return MeetingView.of(meetings.rotateRoleSecrets(id), true);
    }

    @GetMapping("/role-permissions")
    MeetingRolePermissionsView rolePermissions(@PathVariable UUID id) {
        return view(meetings.require(id));
    }

    /**
     * Changes one role's permissions in this meeting, if the meeting is still at the version the caller read. The role
     * must be one of the role policy's: a misspelt role would otherwise be stored and never apply.
     */
    @PatchMapping(path = "/role-permissions/{role}", consumes = "application/json")
    MeetingRolePermissionsView changeRolePermissions(
            @PathVariable UUID id, @PathVariable String role, @RequestBody RolePermissionsChangeBody body) {
        List<Violation> violations = new ArrayList<>();
        if (body.version() == null) {
            violations.add(new Violation("version", "is required: send the one you read"));
        }
        boolean reset = Boolean.TRUE.equals(body.reset());
        if (reset && body.permissions() != null) {
            violations.add(new Violation("reset", "must not be combined with permissions"));
        }
        if (!reset && body.permissions() == null) {
            violations.add(new Violation("permissions", "is required unless reset is true"));
        }
        Optional<ParticipantRole> policyRole = roles.find(role.strip());
        if (policyRole.isEmpty()) {
            violations.add(new Violation(
                    "role",
                    "is not a role of the role policy: '" + role + "' (roles: "
                            + roles.roles().stream().map(ParticipantRole::name).toList() + ")"));
        }
        Meeting meeting = meetings.require(id);
        PermissionSet next = null;
        if (!reset && body.permissions() != null && policyRole.isPresent()) {
            String name = policyRole.get().name();
            PermissionSet current = meeting.settings()
                    .rolePermissions(name)
                    .orElse(policyRole.get().permissions());
            EnumSet<Permission> set = EnumSet.noneOf(Permission.class);
            set.addAll(current.permissions());
            for (Map.Entry<String, Boolean> e : body.permissions().entrySet()) {
                Optional<Permission> p = Permission.ofKey(e.getKey());
                if (p.isEmpty()) {
                    violations.add(new Violation("permissions." + e.getKey(), "is not a permission"));
                } else if (e.getValue() == null) {
                    violations.add(new Violation("permissions." + e.getKey(), "must be true or false"));
                } else if (e.getValue()) {
                    set.add(p.get());
                } else {
                    set.remove(p.get());
                }
            }
            next = PermissionSet.of(set);
        }
        ApiModels.throwIfAny(violations);
        String name = policyRole.orElseThrow().name();
        return view(
                meetings.updateRolePermissions(id, name, reset ? null : next, Objects.requireNonNull(body.version())));
    }

    /** Mutes (or unmutes) one published track of a connected participant. */
    @PostMapping("/participants/{identity}/tracks/{trackSid}/mute")
    LiveTrack muteTrack(
            @PathVariable UUID id,
            @PathVariable String identity,
            @PathVariable String trackSid,
            @RequestBody(required = false) @Nullable MuteBody body,
            Authentication auth) {
        access.require(auth, meetings.require(id), Permission.PARTICIPANT_KICK);
        boolean muted = body == null || body.muted() == null || body.muted();
        return meetings.muteTrack(id, identity, trackSid, muted);
    }

    /** Mutes every published audio track of the participants who are not moderators. */
    @PostMapping("/mute-all")
    MutedTracksView muteAll(@PathVariable UUID id, Authentication auth) {
        access.require(auth, meetings.require(id), Permission.PARTICIPANT_KICK);
        return new MutedTracksView(meetings.muteAll(id));
    }

    private MeetingRolePermissionsView view(Meeting m) {
        List<RolePermissionsView> views = new ArrayList<>();
        List<String> known = new ArrayList<>();
        for (ParticipantRole r : roles.roles()) {
            known.add(r.name().toUpperCase(Locale.ROOT));
            Optional<PermissionSet> override = m.settings().rolePermissions(r.name());
            views.add(new RolePermissionsView(
                    r.name(),
                    override.isPresent(),
                    RolePermissionsView.keys(override.orElse(r.permissions())),
                    RolePermissionsView.keys(r.in(m.settings()).permissions())));
        }
        m.settings().rolePermissions().forEach((name, set) -> {
            if (!known.contains(name.toUpperCase(Locale.ROOT))) {
                views.add(new RolePermissionsView(name, true, RolePermissionsView.keys(set), null));
            }
        });
        return new MeetingRolePermissionsView(m.id(), m.version(), views);
    }
}
