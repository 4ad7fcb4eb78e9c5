package io.meetkit.spring.web;

import io.meetkit.InvalidRequestException;
import io.meetkit.meeting.Meeting;
import io.meetkit.meeting.MeetingManager;
import io.meetkit.participant.ParticipantToken;
import io.meetkit.participant.ParticipantTokens;
import io.meetkit.participant.TokenRequest;
import io.meetkit.spring.web.ApiModels.RefreshRequestBody;
import io.meetkit.spring.web.ApiModels.RoleChangeBody;
import io.meetkit.spring.web.ApiModels.RoleView;
import io.meetkit.spring.web.ApiModels.TokenRequestBody;
import io.meetkit.spring.web.ApiModels.TokenView;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Participant tokens ({@code POST /api/meetings/{id}/token}, {@code /token/refresh}) and role changes of connected
 * participants. Thread-safe.
 */
@RestController
@RequestMapping(path = "/api/meetings/{id}", produces = "application/json")
class ParticipantsRestController {

    private final MeetingManager meetings;
    private final ParticipantTokens tokens;
    private final ParticipantRoleResolver roles;
    private final ApiAuthorities authorities;
    private final DisplayNames displayNames;

    ParticipantsRestController(
            MeetingManager meetings,
            ParticipantTokens tokens,
            ParticipantRoleResolver roles,
            ApiAuthorities authorities,
            DisplayNames displayNames) {
        this.meetings = Objects.requireNonNull(meetings, "meetings");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.roles = Objects.requireNonNull(roles, "roles");
        this.authorities = Objects.requireNonNull(authorities, "authorities");
        this.displayNames = Objects.requireNonNull(displayNames, "displayNames");
    }

    /** Issues a token: the role from the meeting's role secret if one is sent, else from the role resolver. */
    @PostMapping("/token")
    TokenView token(
            @PathVariable UUID id,
            @RequestBody(required = false) @Nullable TokenRequestBody body,
            Authentication auth) {
        TokenRequestBody b = body != null ? body : new TokenRequestBody(null, null, null, null);
        TokenRequest.Builder request = TokenRequest.builder()
                .displayName(b.displayName() != null ? b.displayName() : displayNames.of(auth))
                .previousToken(b.previousToken())
                .initialAudioEnabled(b.initialAudioEnabled())
                .initialVideoEnabled(b.initialVideoEnabled());
        if (b.attributes() != null) {
            request.attributes(b.attributes());
        }
        if (b.secret() != null) {
            request.secret(b.secret());
        } else {
            Meeting meeting = meetings.require(id);
            request.role(roles.resolve(auth, meeting));
        }
        ParticipantToken token = tokens.issue(id, request.build());
        return TokenView.of(token);
    }

    /**
     * Refreshes a connected participant's token with its recorded role. Everybody, admins included, sends the
     * participant's current (or at most {@link io.meetkit.participant.ParticipantTokens#REFRESH_GRACE} expired)
     * token: MeetKit checks that it signed it for this identity in this meeting, after the reservation it refreshes,
     * so an old token never refreshes into a later holder's role.
     */
    @PostMapping("/token/refresh")
    TokenView refresh(@PathVariable UUID id, @RequestBody RefreshRequestBody body) {
        String identity = body.identity();
        if (identity == null || identity.isBlank()) {
            throw new InvalidRequestException("identity", "is required");
        }
        if (body.token() == null || body.token().isBlank()) {
            throw new InvalidRequestException("token", "is required: send the participant's current token");
        }
        ParticipantToken token = tokens.refresh(id, identity, body.token());
        return TokenView.of(token);
    }

    /** Changes a connected participant's role, live. */
    @PutMapping(path = "/participants/{identity}/role", consumes = "application/json")
    RoleView changeRole(@PathVariable UUID id, @PathVariable String identity, @RequestBody RoleChangeBody body) {
        if (body.role() == null || body.role().isBlank()) {
            throw new InvalidRequestException("role", "is required");
        }
        return RoleView.of(tokens.changeRole(id, identity, body.role().strip()));
    }
}
