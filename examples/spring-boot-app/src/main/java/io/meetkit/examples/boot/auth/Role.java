package io.meetkit.examples.boot.auth;

/** What a user may do: admins create and manage meetings and recordings, users list meetings and join them. */
public enum Role {
    /** Creates and manages meetings and recordings, and may create other admins. */
    ADMIN,
    /** Lists meetings and gets tokens to join them. */
    USER;

    /** The Spring Security authority of the role, {@code ROLE_ADMIN} or {@code ROLE_USER}. */
    public String authority() {
        return "ROLE_" + name();
    }
}
