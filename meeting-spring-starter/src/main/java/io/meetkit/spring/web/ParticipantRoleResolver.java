package io.meetkit.spring.web;

import io.meetkit.meeting.Meeting;
import org.springframework.security.core.Authentication;

/**
 * Decides the participant role of a token that {@code POST /api/meetings/{id}/token} issues to an authenticated
 * application user (a request carrying a meeting's role secret gets the secret's role instead). The default bean
 * gives {@code MODERATOR} to holders of {@code meetkit.web.admin-authority} and {@code SPEAKER} to everyone else;
 * define your own bean to map your users' authorities or the meeting's attributes to roles. Implementations are
 * thread-safe.
 */
@FunctionalInterface
public interface ParticipantRoleResolver {

    /**
     * Returns the role name for this user in this meeting.
     *
     * @param user the authenticated caller
     * @param meeting the meeting the token is for
     * @return a role of MeetKit's role policy, for example {@code MODERATOR} or {@code SPEAKER}
     * @throws org.springframework.security.access.AccessDeniedException to refuse the user a token (403)
     */
    String resolve(Authentication user, Meeting meeting);

    /**
     * The default resolver: admins are moderators, other users speakers.
     *
     * @param authorities the API's authorities
     * @return the resolver
     */
    static ParticipantRoleResolver byAuthority(ApiAuthorities authorities) {
        return (user, meeting) -> authorities.isAdmin(user) ? "MODERATOR" : "SPEAKER";
    }
}
