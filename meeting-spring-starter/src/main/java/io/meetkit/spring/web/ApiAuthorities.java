package io.meetkit.spring.web;

import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/**
 * The authorities of MeetKit's REST API ({@code meetkit.web.admin-authority} and {@code meetkit.web.user-authority}).
 *
 * @param admin the authority of admin operations, {@code ROLE_ADMIN} by default
 * @param user the authority of user operations, {@code ROLE_USER} by default
 */
public record ApiAuthorities(String admin, String user) {

    /** Validates the components. */
    public ApiAuthorities {
        Objects.requireNonNull(admin, "admin");
        Objects.requireNonNull(user, "user");
    }

    /** Returns {@code true} when the authentication holds the admin authority. */
    public boolean isAdmin(@Nullable Authentication auth) {
        return has(auth, admin);
    }

    /** Returns {@code true} when the authentication holds the user authority. */
    public boolean isUser(@Nullable Authentication auth) {
        return has(auth, user);
    }

    private static boolean has(@Nullable Authentication auth, String authority) {
        if (auth == null) {
            return false;
        }
        for (GrantedAuthority a : auth.getAuthorities()) {
            if (authority.equals(a.getAuthority())) {
                return true;
            }
        }
        return false;
    }
}
